// gelu/dispatch.hpp -- the array functions of gelu.hpp with the instruction set chosen at run
// time: link the CMake target gelu::dispatch (a small static library) and call
// gelu::dispatch::forward / backward / forward_and_derivative / geglu_forward / geglu_backward as
// the gelu:: functions of the same names. They run the kernels of the best instruction set this CPU
// (and its operating system) supports, whatever flags the calling code is compiled with:
//   x86-64:  avx512 (AVX-512 F/CD/BW/DQ/VL + FMA), avx2 (AVX2 + FMA), sse2 (baseline x86-64);
//   AArch64: neon (the one variant there);
//   elsewhere: "default" (the compiler's default flags).
// Each variant is gelu's header compiled for that instruction set (src/dispatch/kernels.cpp), so
// it returns exactly the bits a static build of gelu.hpp for that instruction set returns; the
// error bounds, special values, aliasing rules and invalid-argument handling are gelu.hpp's.
//
// The choice is made once, on the first call of any function here (thread-safe): the widest
// variant the CPU runs, capped by the environment variable GELU_ARCH if it is set to one of this
// platform's variant names (sse2, avx2, avx512 on x86-64; neon on AArch64; case-insensitive).
// A cap never selects more than the CPU runs (GELU_ARCH=avx512 on an AVX2 machine gives avx2);
// an empty, unknown or other platform's value is ignored (no cap).
#pragma once

#include <cstddef>
#if __cplusplus >= 202002L && __has_include(<span>)
#include <span>
#define GELU_DISPATCH_HAS_SPAN 1
#else
#define GELU_DISPATCH_HAS_SPAN 0
#endif

#include "detail/isa_namespace.hpp"
#include "storage_types.hpp"
#include "types.hpp"

namespace gelu {
namespace dispatch {

/// The variant in use: "avx512", "avx2" or "sse2" (x86-64), "neon" (AArch64) or "default".
/// The first call of any function here makes the choice (see the top of this file).
const char* active_isa() noexcept;

/// y[i] = gelu(x[i]) for i < n, as gelu::forward. y may alias x.
void forward(const float* x, float* y, std::size_t n, approximate a = approximate::none,
             accuracy p = accuracy::fast) noexcept;
/// y[i] = gelu(x[i]) for i < n, as gelu::forward. y may alias x.
void forward(const double* x, double* y, std::size_t n, approximate a = approximate::none,
             accuracy p = accuracy::fast) noexcept;

/// dx[i] = dy[i] * gelu_derivative(x[i]), as gelu::backward. dx may alias dy or x.
void backward(const float* dy, const float* x, float* dx, std::size_t n,
              approximate a = approximate::none, accuracy p = accuracy::fast) noexcept;
/// dx[i] = dy[i] * gelu_derivative(x[i]), as gelu::backward. dx may alias dy or x.
void backward(const double* dy, const double* x, double* dx, std::size_t n,
              approximate a = approximate::none, accuracy p = accuracy::fast) noexcept;

/// y[i] = gelu(x[i]), dydx[i] = gelu_derivative(x[i]) in one pass, as
/// gelu::forward_and_derivative. y or dydx (not both) may alias x.
void forward_and_derivative(const float* x, float* y, float* dydx, std::size_t n,
                            approximate a = approximate::none,
                            accuracy p = accuracy::fast) noexcept;
/// As the float overload, for double.
void forward_and_derivative(const double* x, double* y, double* dydx, std::size_t n,
                            approximate a = approximate::none,
                            accuracy p = accuracy::fast) noexcept;

/// GeGLU forward, y[i] = gelu(gate[i]) * up[i], as gelu::geglu_forward. y may be gate or up.
void geglu_forward(const float* gate, const float* up, float* y, std::size_t n,
                   approximate a = approximate::none, accuracy p = accuracy::fast) noexcept;
/// As the float overload, for double.
void geglu_forward(const double* gate, const double* up, double* y, std::size_t n,
                   approximate a = approximate::none, accuracy p = accuracy::fast) noexcept;

/// GeGLU backward in one pass, dgate[i] = dy[i] * up[i] * gelu'(gate[i]) and
/// dup[i] = dy[i] * gelu(gate[i]), as gelu::geglu_backward. dgate and dup may each be dy, gate or
/// up, but not the same array.
void geglu_backward(const float* dy, const float* gate, const float* up, float* dgate, float* dup,
                    std::size_t n, approximate a = approximate::none,
                    accuracy p = accuracy::fast) noexcept;
/// As the float overload, for double.
void geglu_backward(const double* dy, const double* gate, const double* up, double* dgate,
                    double* dup, std::size_t n, approximate a = approximate::none,
                    accuracy p = accuracy::fast) noexcept;

/// The bfloat16 and float16 arrays of gelu.hpp (computed in float, each result rounded once:
/// <= 1 ULP of the storage type; gelu.hpp states the exceptions), with the same bits as
/// gelu::forward / backward / forward_and_derivative of the chosen variant's static build.
void forward(const bfloat16* x, bfloat16* y, std::size_t n, approximate a = approximate::none,
             accuracy p = accuracy::fast) noexcept;
void forward(const float16* x, float16* y, std::size_t n, approximate a = approximate::none,
             accuracy p = accuracy::fast) noexcept;
void backward(const bfloat16* dy, const bfloat16* x, bfloat16* dx, std::size_t n,
              approximate a = approximate::none, accuracy p = accuracy::fast) noexcept;
void backward(const float16* dy, const float16* x, float16* dx, std::size_t n,
              approximate a = approximate::none, accuracy p = accuracy::fast) noexcept;
void forward_and_derivative(const bfloat16* x, bfloat16* y, bfloat16* dydx, std::size_t n,
                            approximate a = approximate::none,
                            accuracy p = accuracy::fast) noexcept;
void forward_and_derivative(const float16* x, float16* y, float16* dydx, std::size_t n,
                            approximate a = approximate::none,
                            accuracy p = accuracy::fast) noexcept;
/// GeGLU of bfloat16 and float16 arrays (computed in float, each output rounded once; bounds:
/// gelu/geglu.hpp), the same bits as gelu::geglu_forward / geglu_backward of the chosen
/// variant's static build.
void geglu_forward(const bfloat16* gate, const bfloat16* up, bfloat16* y, std::size_t n,
                   approximate a = approximate::none, accuracy p = accuracy::fast) noexcept;
void geglu_forward(const float16* gate, const float16* up, float16* y, std::size_t n,
                   approximate a = approximate::none, accuracy p = accuracy::fast) noexcept;
void geglu_backward(const bfloat16* dy, const bfloat16* gate, const bfloat16* up, bfloat16* dgate,
                    bfloat16* dup, std::size_t n, approximate a = approximate::none,
                    accuracy p = accuracy::fast) noexcept;
void geglu_backward(const float16* dy, const float16* gate, const float16* up, float16* dgate,
                    float16* dup, std::size_t n, approximate a = approximate::none,
                    accuracy p = accuracy::fast) noexcept;

namespace detail {
/// For tests and benchmarks: chooses again as if GELU_ARCH had the value `cap` (nullptr: unset)
/// and returns the name of the variant now in use. Not to be called while another thread runs
/// a function of gelu::dispatch.
const char* select(const char* cap) noexcept;
/// The ISA namespace (detail/isa_namespace.hpp) the variant in use was compiled in, e.g.
/// "isa_avx2_fma": what a static build for that instruction set calls.
const char* active_isa_namespace() noexcept;

/// Used by the span overloads: throw std::invalid_argument with gelu.hpp's messages, naming
/// gelu::dispatch::<what>, when the sizes differ / when `a` or `p` is not an enumerator.
void check_sizes(const char* what, std::size_t a, std::size_t b);
void check_choice(const char* what, approximate a, accuracy p);
}  // namespace detail

#if GELU_DISPATCH_HAS_SPAN
// Inline, so in the inline namespace named after the caller's instruction set (as gelu.hpp's
// functions are): units built with different flags never share their machine code. The calls
// are qualified (dispatch::), so that argument-dependent lookup on `approximate` cannot pick
// gelu::forward of gelu.hpp.
inline namespace GELU_ISA_NAMESPACE {

namespace span_detail {
template <class S>
inline void forward(std::span<const S> x, std::span<S> y, approximate a, accuracy p) {
  dispatch::detail::check_choice("forward", a, p);
  dispatch::detail::check_sizes("forward", x.size(), y.size());
  dispatch::forward(x.data(), y.data(), x.size(), a, p);
}
template <class S>
inline void backward(std::span<const S> dy, std::span<const S> x, std::span<S> dx, approximate a,
                     accuracy p) {
  dispatch::detail::check_choice("backward", a, p);
  dispatch::detail::check_sizes("backward", dy.size(), x.size());
  dispatch::detail::check_sizes("backward", x.size(), dx.size());
  dispatch::backward(dy.data(), x.data(), dx.data(), x.size(), a, p);
}
template <class S>
inline void forward_and_derivative(std::span<const S> x, std::span<S> y, std::span<S> dydx,
                                   approximate a, accuracy p) {
  dispatch::detail::check_choice("forward_and_derivative", a, p);
  dispatch::detail::check_sizes("forward_and_derivative", x.size(), y.size());
  dispatch::detail::check_sizes("forward_and_derivative", x.size(), dydx.size());
  dispatch::forward_and_derivative(x.data(), y.data(), dydx.data(), x.size(), a, p);
}
}  // namespace span_detail

/// Span overloads (C++20): as the pointer versions over x.size() elements; throw
/// std::invalid_argument naming the value when `a` or `p` is not an enumerator, and naming both
/// sizes when the spans' sizes differ.
inline void forward(std::span<const float> x, std::span<float> y, approximate a = approximate::none,
                    accuracy p = accuracy::fast) {
  span_detail::forward(x, y, a, p);
}
inline void forward(std::span<const double> x, std::span<double> y,
                    approximate a = approximate::none, accuracy p = accuracy::fast) {
  span_detail::forward(x, y, a, p);
}
inline void forward(std::span<const bfloat16> x, std::span<bfloat16> y,
                    approximate a = approximate::none, accuracy p = accuracy::fast) {
  span_detail::forward(x, y, a, p);
}
inline void forward(std::span<const float16> x, std::span<float16> y,
                    approximate a = approximate::none, accuracy p = accuracy::fast) {
  span_detail::forward(x, y, a, p);
}
inline void backward(std::span<const float> dy, std::span<const float> x, std::span<float> dx,
                     approximate a = approximate::none, accuracy p = accuracy::fast) {
  span_detail::backward(dy, x, dx, a, p);
}
inline void backward(std::span<const double> dy, std::span<const double> x, std::span<double> dx,
                     approximate a = approximate::none, accuracy p = accuracy::fast) {
  span_detail::backward(dy, x, dx, a, p);
}
inline void backward(std::span<const bfloat16> dy, std::span<const bfloat16> x,
                     std::span<bfloat16> dx, approximate a = approximate::none,
                     accuracy p = accuracy::fast) {
  span_detail::backward(dy, x, dx, a, p);
}
inline void backward(std::span<const float16> dy, std::span<const float16> x, std::span<float16> dx,
                     approximate a = approximate::none, accuracy p = accuracy::fast) {
  span_detail::backward(dy, x, dx, a, p);
}
inline void forward_and_derivative(std::span<const float> x, std::span<float> y,
                                   std::span<float> dydx, approximate a = approximate::none,
                                   accuracy p = accuracy::fast) {
  span_detail::forward_and_derivative(x, y, dydx, a, p);
}
inline void forward_and_derivative(std::span<const double> x, std::span<double> y,
                                   std::span<double> dydx, approximate a = approximate::none,
                                   accuracy p = accuracy::fast) {
  span_detail::forward_and_derivative(x, y, dydx, a, p);
}
inline void forward_and_derivative(std::span<const bfloat16> x, std::span<bfloat16> y,
                                   std::span<bfloat16> dydx, approximate a = approximate::none,
                                   accuracy p = accuracy::fast) {
  span_detail::forward_and_derivative(x, y, dydx, a, p);
}
inline void forward_and_derivative(std::span<const float16> x, std::span<float16> y,
                                   std::span<float16> dydx, approximate a = approximate::none,
                                   accuracy p = accuracy::fast) {
  span_detail::forward_and_derivative(x, y, dydx, a, p);
}

namespace span_detail {
template <class S>
inline void geglu_forward(std::span<const S> gate, std::span<const S> up, std::span<S> y,
                          approximate a, accuracy p) {
  dispatch::detail::check_choice("geglu_forward", a, p);
  dispatch::detail::check_sizes("geglu_forward", gate.size(), up.size());
  dispatch::detail::check_sizes("geglu_forward", gate.size(), y.size());
  dispatch::geglu_forward(gate.data(), up.data(), y.data(), gate.size(), a, p);
}
template <class S>
inline void geglu_backward(std::span<const S> dy, std::span<const S> gate, std::span<const S> up,
                           std::span<S> dgate, std::span<S> dup, approximate a, accuracy p) {
  dispatch::detail::check_choice("geglu_backward", a, p);
  dispatch::detail::check_sizes("geglu_backward", dy.size(), gate.size());
  dispatch::detail::check_sizes("geglu_backward", gate.size(), up.size());
  dispatch::detail::check_sizes("geglu_backward", gate.size(), dgate.size());
  dispatch::detail::check_sizes("geglu_backward", gate.size(), dup.size());
  dispatch::geglu_backward(dy.data(), gate.data(), up.data(), dgate.data(), dup.data(), gate.size(),
                           a, p);
}
}  // namespace span_detail

inline void geglu_forward(std::span<const float> gate, std::span<const float> up,
                          std::span<float> y, approximate a = approximate::none,
                          accuracy p = accuracy::fast) {
  span_detail::geglu_forward(gate, up, y, a, p);
}
inline void geglu_forward(std::span<const double> gate, std::span<const double> up,
                          std::span<double> y, approximate a = approximate::none,
                          accuracy p = accuracy::fast) {
  span_detail::geglu_forward(gate, up, y, a, p);
}
inline void geglu_forward(std::span<const bfloat16> gate, std::span<const bfloat16> up,
                          std::span<bfloat16> y, approximate a = approximate::none,
                          accuracy p = accuracy::fast) {
  span_detail::geglu_forward(gate, up, y, a, p);
}
inline void geglu_forward(std::span<const float16> gate, std::span<const float16> up,
                          std::span<float16> y, approximate a = approximate::none,
                          accuracy p = accuracy::fast) {
  span_detail::geglu_forward(gate, up, y, a, p);
}
inline void geglu_backward(std::span<const float> dy, std::span<const float> gate,
                           std::span<const float> up, std::span<float> dgate, std::span<float> dup,
                           approximate a = approximate::none, accuracy p = accuracy::fast) {
  span_detail::geglu_backward(dy, gate, up, dgate, dup, a, p);
}
inline void geglu_backward(std::span<const double> dy, std::span<const double> gate,
                           std::span<const double> up, std::span<double> dgate,
                           std::span<double> dup, approximate a = approximate::none,
                           accuracy p = accuracy::fast) {
  span_detail::geglu_backward(dy, gate, up, dgate, dup, a, p);
}
inline void geglu_backward(std::span<const bfloat16> dy, std::span<const bfloat16> gate,
                           std::span<const bfloat16> up, std::span<bfloat16> dgate,
                           std::span<bfloat16> dup, approximate a = approximate::none,
                           accuracy p = accuracy::fast) {
  span_detail::geglu_backward(dy, gate, up, dgate, dup, a, p);
}
inline void geglu_backward(std::span<const float16> dy, std::span<const float16> gate,
                           std::span<const float16> up, std::span<float16> dgate,
                           std::span<float16> dup, approximate a = approximate::none,
                           accuracy p = accuracy::fast) {
  span_detail::geglu_backward(dy, gate, up, dgate, dup, a, p);
}

}  // namespace GELU_ISA_NAMESPACE
#endif

}  // namespace dispatch
}  // namespace gelu
