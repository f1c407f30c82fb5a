// gelu/gelu.hpp -- GELU in its three forms (gelu::approximate) and their derivatives: scalar and
// xsimd batch functions of float and double; array functions of float, double, bfloat16 and
// float16 (storage_types.hpp). Fused GeGLU: geglu.hpp, included at the end. Reference:
// docs/api.md.
//
// Contract, both tiers (gelu::accuracy), every function, every input of the type:
//   bound, in ULPs of the true value of the form's own formula (ULP of a subnormal: the smallest
//   subnormal), asserted as such by the tests:
//     accuracy::fast (the default)   float <= 4,     double <= 4
//     accuracy::precise              float <= 0.51,  double <= 0.75
//     16-bit arrays, in ULPs of the storage type (its smallest subnormal: bfloat16 2^-133,
//       float16 2^-24), each result rounded once to nearest even:
//       accuracy::fast: <= 0.5 + 2^-10 (computed in float); bfloat16 backward adds |dy| * 2^-147
//         absolute where |gelu'(x)| < 2^-126 (the derivative rounded to float);
//       accuracy::precise: gelu and gelu' (forward, forward_and_derivative, backward at dy = 1)
//         correctly rounded, every input; backward <= 0.5 + 2^-20 (dy * gelu'(x) formed in
//         double), bfloat16 plus |dy| * 2^-149 absolute where |gelu'(x)| < 2^-149.
//   special values: NaN -> NaN; gelu(+inf) = +inf, gelu(-inf) = -0, gelu(+-0) = +-0;
//     gelu_derivative(+inf) = 1, gelu_derivative(-inf) = 0, gelu_derivative(+-0) = 1/2; no finite
//     input overflows an intermediate; 16-bit results beyond the largest finite value round to
//     +-inf (float16: from 65520 on).
//   same bits: in one build the scalar functions, each lane of a batch and each element of an
//     array return the same result for the same input, whatever the array's length, alignment or
//     the element's position (one kernel per form, tier and type: detail/kernel_choice.hpp).
//   arrays: an output may be an input where the function says so (the same array, never a
//     partial overlap); an `approximate` or `accuracy` outside its enumerators: the pointer
//     functions (noexcept) assert in debug builds and otherwise fill their outputs with NaN, the
//     span functions (C++20) throw std::invalid_argument naming the value.
// Method and error budgets: docs/numerics.md; measured maxima: docs/accuracy.md.
#pragma once

#include <cstddef>
#include <type_traits>
#if defined(__STDCPP_BFLOAT16_T__) || defined(__STDCPP_FLOAT16_T__)
#include <stdfloat>
#endif

#include <xsimd/xsimd.hpp>

#include "detail/arrays.hpp"
#include "detail/evaluate.hpp"
#include "detail/span_overloads.hpp"
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
// GELU, fast tier); a value outside the enumerators: top of this file.

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
/// y[i] = gelu(x[i]) rounded once to bfloat16: accuracy::fast <= 0.5 + 2^-10 ULP (computed in
/// float), accuracy::precise correctly rounded; every input (top of this file). y may alias x.
inline void forward(const bfloat16* x, bfloat16* y, std::size_t n,
                    approximate a = approximate::none, accuracy p = accuracy::fast) noexcept {
  detail::forward_array(x, y, n, a, p);
}
/// y[i] = gelu(x[i]) rounded once to float16: accuracy::fast <= 0.5 + 2^-10 ULP (computed in
/// float), accuracy::precise correctly rounded; every input; beyond 65504: +-inf (top of this
/// file). y may alias x.
inline void forward(const float16* x, float16* y, std::size_t n, approximate a = approximate::none,
                    accuracy p = accuracy::fast) noexcept {
  detail::forward_array(x, y, n, a, p);
}

/// dx[i] = dy[i] * gelu_derivative(x[i]) for i < n. accuracy::fast: the derivative (error bounds
/// as gelu_derivative<A, P>) rounded to T, then the product rounded (as torch's gelu_backward).
/// accuracy::precise: dy times the kernel's double derivative, rounded once: <= 0.51 ULP of the
/// product, plus |dy| * 2^-149 absolute where |gelu'(x)| < 2^-149 (the fast tanh and sigmoid
/// forms of builds without FMA, which run the precise kernels, likewise). dx may alias dy or x.
inline void backward(const float* dy, const float* x, float* dx, std::size_t n,
                     approximate a = approximate::none, accuracy p = accuracy::fast) noexcept {
  detail::backward_array(dy, x, dx, n, a, p);
}
/// As the float overload, for double: the derivative rounded to double, then the product rounded,
/// in both tiers. dx may alias dy or x.
inline void backward(const double* dy, const double* x, double* dx, std::size_t n,
                     approximate a = approximate::none, accuracy p = accuracy::fast) noexcept {
  detail::backward_array(dy, x, dx, n, a, p);
}
/// dx[i] = dy[i] * gelu_derivative(x[i]) rounded once to bfloat16. accuracy::fast: computed in
/// float (the derivative and the product each rounded to float), <= 0.5 + 2^-10 ULP plus |dy| *
/// 2^-147 absolute where |gelu'(x)| < 2^-126. accuracy::precise: the product formed in double,
/// <= 0.5 + 2^-20 ULP plus |dy| * 2^-149 where |gelu'(x)| < 2^-149; at dy = 1 correctly rounded
/// (top of this file). dx may alias dy or x.
inline void backward(const bfloat16* dy, const bfloat16* x, bfloat16* dx, std::size_t n,
                     approximate a = approximate::none, accuracy p = accuracy::fast) noexcept {
  detail::backward_array(dy, x, dx, n, a, p);
}
/// As the bfloat16 overload, for float16: <= 0.5 + 2^-10 ULP (fast), 0.5 + 2^-20 (precise), every
/// input and dy (no absolute term); beyond 65504: +-inf.
inline void backward(const float16* dy, const float16* x, float16* dx, std::size_t n,
                     approximate a = approximate::none, accuracy p = accuracy::fast) noexcept {
  detail::backward_array(dy, x, dx, n, a, p);
}

/// Training forward: y[i] = gelu(x[i]) and dydx[i] = gelu_derivative(x[i]) in one pass sharing
/// exp (error bounds as gelu<A, P> and gelu_derivative<A, P>), the same bits as forward() and
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
/// As the float overload, each result rounded once to bfloat16: y and dydx <= 0.5 + 2^-10 ULP
/// (fast), correctly rounded (precise), every input; the same bits as forward() and backward()
/// with dy = 1.
inline void forward_and_derivative(const bfloat16* x, bfloat16* y, bfloat16* dydx, std::size_t n,
                                   approximate a = approximate::none,
                                   accuracy p = accuracy::fast) noexcept {
  detail::forward_and_derivative_array(x, y, dydx, n, a, p);
}
/// As the bfloat16 overload, for float16.
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
/// Span overloads (C++20) of forward, backward and forward_and_derivative for each element type:
/// the pointer functions above over x.size() (dy.size()) elements, same bounds and aliasing;
/// throw std::invalid_argument naming the value when `a` or `p` is not an enumerator, and naming
/// both sizes when the spans' sizes differ (detail/span_overloads.hpp).
GELU_DETAIL_FOR_EACH_ELEMENT(GELU_DETAIL_SPAN_ARRAY_FUNCTIONS, ::gelu, "gelu::")
#endif

}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu

// Fused GeGLU (geglu_forward, geglu_backward): a header of its own, part of this API.
#include "geglu.hpp"  // last: it builds on the declarations above
