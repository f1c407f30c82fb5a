// gelu/gelu.hpp -- the public header: GELU in its three forms and their derivatives, for
// float and double, scalar and xsimd batches, and over arrays.
//
// Two accuracy tiers (gelu::accuracy), each bound holding over EVERY input of the type, for each
// of the six functions (gelu and gelu_derivative, each of the three forms, each approximation
// measured against its own formula), in ULPs of the true value (ULP of a subnormal = the
// smallest subnormal):
//   accuracy::fast (the default): float <= 4 ULP (all 2^32 inputs measured: 3.13 in an AVX-512
//     build, README), double <= 4 ULP; a float computes in float lanes, a double in plain double
//     arithmetic (builds without FMA compute the float tanh and sigmoid forms with the precise
//     kernels, faster there).
//   accuracy::precise: float <= 0.51 ULP (all 2^32 inputs measured: at most 0.5043), double
//     <= 0.75 ULP (measured: at most 0.694).
// The tests assert exactly these bounds; the README has the measured maxima.
// Special values (both tiers): NaN -> NaN; gelu(+inf) = +inf, gelu(-inf) = -0, gelu(+-0) = +-0;
// gelu_derivative(+inf) = 1, gelu_derivative(-inf) = 0, gelu_derivative(+-0) = 1/2.
// No finite input overflows an intermediate (x^3 is never formed; exp arguments are <= 0).
//
// One source, same bits: the scalar functions, every lane of the batch functions and the array
// functions evaluate the same kernel (detail/evaluate.hpp picks it: detail/fast_kernels.hpp for
// the fast tier; detail/precise_float.hpp and detail/precise_double.hpp for the precise one),
// so in one build they return bit-identical results, whatever the array length, alignment or an
// element's position.
//
// 16-bit arrays (gelu::bfloat16, gelu::float16: storage_types.hpp): forward, backward and
// forward_and_derivative also take arrays of these, for the whole range of each type. Each
// element is widened to float (exactly), computed by the float kernels of the tier, and each
// result rounded once to the storage type (nearest even). Bound, both tiers, every input: <= 1
// ULP of the storage type; more closely 0.5 + 2^-10 ULP (the final rounding's half plus the
// float result's error, <= 4.5 float ULP, i.e. <= 4.5 * 2^-13 of a float16 ULP and 4.5 * 2^-16
// of a bfloat16 ULP), which tests/test_storage_types.cpp asserts over all 65 536 inputs of each
// type. ULP as above, in the storage type's format (its smallest subnormal: bfloat16 2^-133,
// float16 2^-24). One exception: bfloat16 backward rounds the derivative to float first (as
// the float overload does), so where |gelu'(x)| is below float's normal range (x < -13.3 for
// the exact form) its absolute error, <= 2^-147, is multiplied by dy: add |dy| * 2^-147 to the
// bound (it matters only for |dy| > 16; float16's |dy| <= 65504 keeps it far below its ULP).
// Special values as for float; results beyond the largest finite value round to +-inf by
// IEEE's rule (float16: from 65520 on).
// How the kernels work and why they are accurate: docs/numerics.md.
#pragma once

#include <cstddef>
#include <type_traits>
#if defined(__STDCPP_BFLOAT16_T__) || defined(__STDCPP_FLOAT16_T__)
#include <stdfloat>
#endif
#if __cplusplus >= 202002L && __has_include(<span>)
#include <span>
#include <stdexcept>
#include <string>
#define GELU_HAS_SPAN 1
#else
#define GELU_HAS_SPAN 0
#endif

#include <xsimd/xsimd.hpp>

#include "detail/arrays.hpp"
#include "detail/evaluate.hpp"
#include "storage_types.hpp"
#include "types.hpp"
#include "version.hpp"

namespace gelu {
// Every function below is in the inline namespace named after the instruction set this
// translation unit is compiled for (detail/isa_namespace.hpp): `gelu::forward` is the same call
// everywhere, but units built with different -march flags never share its machine code.
inline namespace GELU_ISA_NAMESPACE {

/// GELU of x in accuracy tier P. T: float, double, or xsimd::batch<float|double, Arch>.
/// Max error over all inputs: fast 4 ULP (float and double); precise 0.51 ULP (float),
/// 0.75 ULP (double); special values: see the top of this file.
template <approximate A = approximate::none, accuracy P = accuracy::fast, class T>
GELU_FORCE_INLINE T gelu(T x) noexcept {
  return detail::evaluate<A, P, detail::want::value>(x).value;
}

/// d/dx gelu<A>(x) in accuracy tier P. T: float, double, or xsimd::batch<float|double, Arch>.
/// Max error over all inputs, including the zero crossing near x = -0.75: fast 4 ULP (float
/// and double); precise 0.51 ULP (float), 0.75 ULP (double).
template <approximate A = approximate::none, accuracy P = accuracy::fast, class T>
GELU_FORCE_INLINE T gelu_derivative(T x) noexcept {
  return detail::evaluate<A, P, detail::want::derivative>(x).derivative;
}

/// gelu<A, P>(x) and gelu_derivative<A, P>(x) from one evaluation (they share exp and, for the
/// exact form, the Mills ratio): the same bits as the two separate calls.
/// T: float, double, or xsimd::batch<float|double, Arch>. Error bounds as the separate calls.
template <approximate A = approximate::none, accuracy P = accuracy::fast, class T>
GELU_FORCE_INLINE value_and_derivative<T> gelu_and_derivative(T x) noexcept {
  return detail::evaluate<A, P, detail::want::both>(x);
}

// ---- arrays ---------------------------------------------------------------------------------
// Every array function takes the form `a` and the accuracy tier `p` at run time (default: exact
// GELU, fast tier). An `a` or `p` outside its enumerators: the pointer functions (noexcept)
// assert in debug builds and otherwise fill their outputs with NaN; the span functions throw
// std::invalid_argument naming the value.

/// y[i] = gelu(x[i]) for i < n (error bounds as gelu<A, P>). y may alias x.
inline void forward(const float* x, float* y, std::size_t n, approximate a = approximate::none,
                    accuracy p = accuracy::fast) noexcept {
  detail::forward_array(x, y, n, a, p);
}
/// y[i] = gelu(x[i]) for i < n (error bounds as gelu<A, P>). y may alias x.
inline void forward(const double* x, double* y, std::size_t n, approximate a = approximate::none,
                    accuracy p = accuracy::fast) noexcept {
  detail::forward_array(x, y, n, a, p);
}
/// y[i] = gelu(x[i]) computed in float, rounded once to bfloat16: <= 1 ULP of bfloat16 (0.5 +
/// 2^-10), both tiers, every input (top of this file). y may alias x.
inline void forward(const bfloat16* x, bfloat16* y, std::size_t n,
                    approximate a = approximate::none, accuracy p = accuracy::fast) noexcept {
  detail::forward_array(x, y, n, a, p);
}
/// y[i] = gelu(x[i]) computed in float, rounded once to float16: <= 1 ULP of float16 (0.5 +
/// 2^-10), both tiers, every input; beyond 65504: +-inf (top of this file). y may alias x.
inline void forward(const float16* x, float16* y, std::size_t n, approximate a = approximate::none,
                    accuracy p = accuracy::fast) noexcept {
  detail::forward_array(x, y, n, a, p);
}

/// dx[i] = dy[i] * gelu_derivative(x[i]), the derivative rounded to T first, then the product
/// rounded once (as torch's gelu_backward). dx may alias dy or x.
inline void backward(const float* dy, const float* x, float* dx, std::size_t n,
                     approximate a = approximate::none, accuracy p = accuracy::fast) noexcept {
  detail::backward_array(dy, x, dx, n, a, p);
}
/// dx[i] = dy[i] * gelu_derivative(x[i]); dx may alias dy or x.
inline void backward(const double* dy, const double* x, double* dx, std::size_t n,
                     approximate a = approximate::none, accuracy p = accuracy::fast) noexcept {
  detail::backward_array(dy, x, dx, n, a, p);
}
/// dx[i] = dy[i] * gelu_derivative(x[i]) computed in float (the derivative and the product each
/// rounded to float), rounded once to bfloat16: <= 1 ULP of bfloat16 (0.5 + 2^-10), both tiers,
/// every input, plus |dy| * 2^-147 absolute where |gelu'(x)| < 2^-126 (top of this file).
/// dx may alias dy or x.
inline void backward(const bfloat16* dy, const bfloat16* x, bfloat16* dx, std::size_t n,
                     approximate a = approximate::none, accuracy p = accuracy::fast) noexcept {
  detail::backward_array(dy, x, dx, n, a, p);
}
/// As the bfloat16 overload, for float16: <= 1 ULP of float16 (0.5 + 2^-10), both tiers, every
/// input and dy (no exception); beyond 65504: +-inf.
inline void backward(const float16* dy, const float16* x, float16* dx, std::size_t n,
                     approximate a = approximate::none, accuracy p = accuracy::fast) noexcept {
  detail::backward_array(dy, x, dx, n, a, p);
}

/// Training forward: y[i] = gelu(x[i]) and dydx[i] = gelu_derivative(x[i]) in one pass sharing
/// exp (README: measured against forward() + backward()), the same bits as forward() and
/// backward() with dy = 1. Keep dydx for the backward pass (dx = dy * dydx). y or dydx (not
/// both) may alias x.
inline void forward_and_derivative(const float* x, float* y, float* dydx, std::size_t n,
                                   approximate a = approximate::none,
                                   accuracy p = accuracy::fast) noexcept {
  detail::forward_and_derivative_array(x, y, dydx, n, a, p);
}
/// As the float overload, for double.
inline void forward_and_derivative(const double* x, double* y, double* dydx, std::size_t n,
                                   approximate a = approximate::none,
                                   accuracy p = accuracy::fast) noexcept {
  detail::forward_and_derivative_array(x, y, dydx, n, a, p);
}
/// As the float overload, each result rounded once from float to bfloat16: <= 1 ULP of bfloat16
/// (0.5 + 2^-10) for y and for dydx, both tiers, every input; the same bits as forward() and
/// backward() with dy = 1.
inline void forward_and_derivative(const bfloat16* x, bfloat16* y, bfloat16* dydx, std::size_t n,
                                   approximate a = approximate::none,
                                   accuracy p = accuracy::fast) noexcept {
  detail::forward_and_derivative_array(x, y, dydx, n, a, p);
}
/// As the bfloat16 overload, for float16 (<= 1 ULP of float16, 0.5 + 2^-10).
inline void forward_and_derivative(const float16* x, float16* y, float16* dydx, std::size_t n,
                                   approximate a = approximate::none,
                                   accuracy p = accuracy::fast) noexcept {
  detail::forward_and_derivative_array(x, y, dydx, n, a, p);
}

#if defined(__STDCPP_BFLOAT16_T__) || defined(__STDCPP_FLOAT16_T__)
// C++23's std::bfloat16_t and std::float16_t (<stdfloat>): their arrays go to the overloads of
// gelu::bfloat16 and gelu::float16, which have their bit layouts. (Not compiled by the tested
// compilers, which lack these types.)
namespace detail {
template <class S>
struct std_storage {};
#if defined(__STDCPP_BFLOAT16_T__)
template <>
struct std_storage<std::bfloat16_t> {
  using type = bfloat16;
};
#endif
#if defined(__STDCPP_FLOAT16_T__)
template <>
struct std_storage<std::float16_t> {
  using type = float16;
};
#endif
template <class S>
using std_storage_t = typename std_storage<S>::type;
template <class S>
auto as_storage(S* p) noexcept {
  return reinterpret_cast<std_storage_t<std::remove_const_t<S>>*>(p);
}
template <class S>
auto as_storage(const S* p) noexcept {
  return reinterpret_cast<const std_storage_t<S>*>(p);
}
}  // namespace detail
/// forward, backward and forward_and_derivative of std::bfloat16_t / std::float16_t arrays:
/// those of gelu::bfloat16 / gelu::float16.
template <class S, class = detail::std_storage_t<S>>
inline void forward(const S* x, S* y, std::size_t n, approximate a = approximate::none,
                    accuracy p = accuracy::fast) noexcept {
  forward(detail::as_storage(x), detail::as_storage(y), n, a, p);
}
template <class S, class = detail::std_storage_t<S>>
inline void backward(const S* dy, const S* x, S* dx, std::size_t n,
                     approximate a = approximate::none, accuracy p = accuracy::fast) noexcept {
  backward(detail::as_storage(dy), detail::as_storage(x), detail::as_storage(dx), n, a, p);
}
template <class S, class = detail::std_storage_t<S>>
inline void forward_and_derivative(const S* x, S* y, S* dydx, std::size_t n,
                                   approximate a = approximate::none,
                                   accuracy p = accuracy::fast) noexcept {
  forward_and_derivative(detail::as_storage(x), detail::as_storage(y), detail::as_storage(dydx), n,
                         a, p);
}
#endif

#if GELU_HAS_SPAN
namespace detail {
inline void check_sizes(const char* what, std::size_t a, std::size_t b) {
  if (a != b)
    throw std::invalid_argument(std::string("gelu::") + what + ": size mismatch (" +
                                std::to_string(a) + " vs " + std::to_string(b) + ")");
}
inline void check_choice(const char* what, approximate a, accuracy p) {
  if (a != approximate::none && a != approximate::tanh && a != approximate::sigmoid)
    throw std::invalid_argument(std::string("gelu::") + what + ": approximate has the value " +
                                std::to_string(static_cast<long long>(a)) +
                                ", not one of none (0), tanh (1), sigmoid (2)");
  if (p != accuracy::fast && p != accuracy::precise)
    throw std::invalid_argument(std::string("gelu::") + what + ": accuracy has the value " +
                                std::to_string(static_cast<long long>(p)) +
                                ", not one of fast (0), precise (1)");
}
template <class S>
inline void forward_span(std::span<const S> x, std::span<S> y, approximate a, accuracy p) {
  check_choice("forward", a, p);
  check_sizes("forward", x.size(), y.size());
  forward_array(x.data(), y.data(), x.size(), a, p);
}
template <class S>
inline void backward_span(std::span<const S> dy, std::span<const S> x, std::span<S> dx,
                          approximate a, accuracy p) {
  check_choice("backward", a, p);
  check_sizes("backward", dy.size(), x.size());
  check_sizes("backward", x.size(), dx.size());
  backward_array(dy.data(), x.data(), dx.data(), x.size(), a, p);
}
template <class S>
inline void forward_and_derivative_span(std::span<const S> x, std::span<S> y, std::span<S> dydx,
                                        approximate a, accuracy p) {
  check_choice("forward_and_derivative", a, p);
  check_sizes("forward_and_derivative", x.size(), y.size());
  check_sizes("forward_and_derivative", x.size(), dydx.size());
  forward_and_derivative_array(x.data(), y.data(), dydx.data(), x.size(), a, p);
}
}  // namespace detail

/// Span overloads (C++20): as the pointer versions over x.size() elements (same bounds, for
/// bfloat16 and float16 too); throw std::invalid_argument naming the value when `a` or `p` is
/// not an enumerator, and naming both sizes when the spans' sizes differ.
inline void forward(std::span<const float> x, std::span<float> y, approximate a = approximate::none,
                    accuracy p = accuracy::fast) {
  detail::forward_span(x, y, a, p);
}
inline void forward(std::span<const double> x, std::span<double> y,
                    approximate a = approximate::none, accuracy p = accuracy::fast) {
  detail::forward_span(x, y, a, p);
}
inline void forward(std::span<const bfloat16> x, std::span<bfloat16> y,
                    approximate a = approximate::none, accuracy p = accuracy::fast) {
  detail::forward_span(x, y, a, p);
}
inline void forward(std::span<const float16> x, std::span<float16> y,
                    approximate a = approximate::none, accuracy p = accuracy::fast) {
  detail::forward_span(x, y, a, p);
}
inline void backward(std::span<const float> dy, std::span<const float> x, std::span<float> dx,
                     approximate a = approximate::none, accuracy p = accuracy::fast) {
  detail::backward_span(dy, x, dx, a, p);
}
inline void backward(std::span<const double> dy, std::span<const double> x, std::span<double> dx,
                     approximate a = approximate::none, accuracy p = accuracy::fast) {
  detail::backward_span(dy, x, dx, a, p);
}
inline void backward(std::span<const bfloat16> dy, std::span<const bfloat16> x,
                     std::span<bfloat16> dx, approximate a = approximate::none,
                     accuracy p = accuracy::fast) {
  detail::backward_span(dy, x, dx, a, p);
}
inline void backward(std::span<const float16> dy, std::span<const float16> x, std::span<float16> dx,
                     approximate a = approximate::none, accuracy p = accuracy::fast) {
  detail::backward_span(dy, x, dx, a, p);
}
inline void forward_and_derivative(std::span<const float> x, std::span<float> y,
                                   std::span<float> dydx, approximate a = approximate::none,
                                   accuracy p = accuracy::fast) {
  detail::forward_and_derivative_span(x, y, dydx, a, p);
}
inline void forward_and_derivative(std::span<const double> x, std::span<double> y,
                                   std::span<double> dydx, approximate a = approximate::none,
                                   accuracy p = accuracy::fast) {
  detail::forward_and_derivative_span(x, y, dydx, a, p);
}
inline void forward_and_derivative(std::span<const bfloat16> x, std::span<bfloat16> y,
                                   std::span<bfloat16> dydx, approximate a = approximate::none,
                                   accuracy p = accuracy::fast) {
  detail::forward_and_derivative_span(x, y, dydx, a, p);
}
inline void forward_and_derivative(std::span<const float16> x, std::span<float16> y,
                                   std::span<float16> dydx, approximate a = approximate::none,
                                   accuracy p = accuracy::fast) {
  detail::forward_and_derivative_span(x, y, dydx, a, p);
}
#endif

}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu

// Fused GeGLU (geglu_forward, geglu_backward): a header of its own, part of this API.
#include "geglu.hpp"  // last: it builds on the declarations above
