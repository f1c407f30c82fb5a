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

#include "detail/isa_namespace.hpp"
#include "detail/span_overloads.hpp"
#include "storage_types.hpp"
#include "types.hpp"

/// 1 when the span overloads below are declared (C++20 with <span>): GELU_HAS_SPAN.
#define GELU_DISPATCH_HAS_SPAN GELU_HAS_SPAN

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

/// The bfloat16 and float16 arrays of gelu.hpp (each result rounded once: <= 1 ULP of the
/// storage type, correctly rounded in the precise tier; gelu.hpp states the bounds), with the
/// same bits as gelu::forward / backward / forward_and_derivative of the chosen variant's static
/// build.
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
}  // namespace detail

#if GELU_DISPATCH_HAS_SPAN
// Inline, so in the inline namespace named after the caller's instruction set (as gelu.hpp's
// functions are): units built with different flags never share their machine code.
inline namespace GELU_ISA_NAMESPACE {

/// Span overloads (C++20) of every function above, for each element type: the pointer function
/// over the first span's size() elements; throw std::invalid_argument naming the value when `a`
/// or `p` is not an enumerator, and naming both sizes when two spans' sizes differ
/// (detail/span_overloads.hpp; the messages name gelu::dispatch::<function>).
GELU_DETAIL_FOR_EACH_ELEMENT(GELU_DETAIL_SPAN_ARRAY_FUNCTIONS, ::gelu::dispatch, "gelu::dispatch::")
GELU_DETAIL_FOR_EACH_ELEMENT(GELU_DETAIL_SPAN_GEGLU_FUNCTIONS, ::gelu::dispatch, "gelu::dispatch::")

}  // namespace GELU_ISA_NAMESPACE
#endif

}  // namespace dispatch
}  // namespace gelu
