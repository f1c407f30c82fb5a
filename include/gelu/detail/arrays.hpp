// gelu/detail/arrays.hpp -- the array functions: their Kernels (batch_loop.hpp), the loop that
// runs them (the one kernel_choice.hpp names: batch_loop.hpp's or compacting_loops.hpp's), and
// the run-time `approximate` and `accuracy` arguments turned into the compile-time form and tier
// the kernels take.
#pragma once

#include <cassert>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "../types.hpp"
#include "batch_loop.hpp"
#include "compacting_loops.hpp"
#include "kernel_choice.hpp"
#include "storage.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {

/// What the noexcept array functions do with an `approximate` or `accuracy` outside its
/// enumerators: assert in debug builds, else fill the output with NaN (never leave it unwritten).
template <class T>
inline void reject_choice(T* out, std::size_t n) noexcept {
  assert(false &&
         "gelu: `approximate` is not one of none, tanh, sigmoid, or `accuracy` not one of fast, "
         "precise");
  using st = storage<T>;
  for (std::size_t i = 0; i < n; ++i)
    st::store(std::numeric_limits<typename st::compute_type>::quiet_NaN(), out + i);
}

/// Runs Kernel (a class template over an evaluator, batch_loop.hpp) for form A in tier P over
/// the n elements of the arrays of Op (an `operands`; unused ones null). Out of line (GELU_LOOP),
/// with the pointers by value: the operands are built here, their pointers held in registers.
template <template <class> class Kernel, approximate A, accuracy P, class Op>
GELU_LOOP void run_kernel(const typename Op::element* x, const typename Op::element* a,
                          const typename Op::element* b, typename Op::element* out0,
                          typename Op::element* out1, std::size_t n) noexcept {
  const Op op{x, a, b, out0, out1};
  using compute = typename storage<typename Op::element>::compute_type;
  if constexpr (kernel_choice<A, P, compute>::loop == array_loop::compacting) {
    compacting_loop<Kernel, A>(op, n);
  } else {
    // results stored as the evaluator gives them are narrowed for the element type (16-bit
    // types: rounded once from the double); those a Kernel multiplies further (GeGLU) to float
    using store = std::conditional_t<Kernel<whole<A, P>>::stores_evaluator_results,
                                     typename Op::element, float>;
    batch_loop<Kernel<whole<A, P, store>>>(op, n);
  }
}

// The Kernels of the three array functions. stores_evaluator_results: each output is a result of
// the evaluator (E::at, E::derivative_times) as it is, with no further arithmetic.
template <class E>
struct forward_kernel {  // x; out0: gelu(x)
  static constexpr bool stores_evaluator_results = true;
  template <class B>
  static GELU_FORCE_INLINE outputs<B> evaluate(const B& x, const B&, const B&) noexcept {
    return {E::template at<want::value>(x).value, B(0)};
  }
};
template <class E>
struct backward_kernel {  // x, a = dy; out0: dy * gelu'(x)
  static constexpr bool stores_evaluator_results = true;
  template <class B>
  static GELU_FORCE_INLINE outputs<B> evaluate(const B& x, const B& dy, const B&) noexcept {
    return {E::derivative_times(x, dy), B(0)};
  }
};
template <class E>
struct value_and_derivative_kernel {  // x; out0, out1: gelu(x), gelu'(x)
  static constexpr bool stores_evaluator_results = true;
  template <class B>
  static GELU_FORCE_INLINE outputs<B> evaluate(const B& x, const B&, const B&) noexcept {
    const value_and_derivative<B> r = E::template at<want::both>(x);
    return {r.value, r.derivative};
  }
};

/// Runs Kernel over the arrays of Op (an `operands`: input x, inputs a and b read alongside and
/// the outputs out0, out1; unused ones null) for the run-time form `a` and tier `p`; when either
/// is not an enumerator, reject_choice on each output instead.
template <template <class> class Kernel, class Op>
inline void run_array(approximate a, accuracy p, const typename Op::element* x,
                      const typename Op::element* in_a, const typename Op::element* in_b,
                      typename Op::element* out0, typename Op::element* out1,
                      std::size_t n) noexcept {
  const bool ok = with_choice(a, p, [&](auto f, auto t) {
    run_kernel<Kernel, decltype(f)::value, decltype(t)::value, Op>(x, in_a, in_b, out0, out1, n);
  });
  if (!ok) {
    if constexpr (Op::writes0) reject_choice(out0, n);
    if constexpr (Op::writes1) reject_choice(out1, n);
  }
}

/// y[i] = gelu(x[i]). y may be x (the same array, not a partial overlap; so for every aliasing
/// rule below).
template <class T>
inline void forward_array(const T* x, T* y, std::size_t n, approximate a, accuracy p) noexcept {
  run_array<forward_kernel, operands<T, false, false, true, false>>(a, p, x, nullptr, nullptr, y,
                                                                    nullptr, n);
}

/// dx[i] = dy[i] * gelu'(x[i]) (the product in the compute type). dx may be dy or x.
template <class T>
inline void backward_array(const T* dy, const T* x, T* dx, std::size_t n, approximate a,
                           accuracy p) noexcept {
  run_array<backward_kernel, operands<T, true, false, true, false>>(a, p, x, dy, nullptr, dx,
                                                                    nullptr, n);
}

/// y[i], d[i] = gelu(x[i]), gelu'(x[i]). y or d (not both) may be x.
template <class T>
inline void forward_and_derivative_array(const T* x, T* y, T* d, std::size_t n, approximate a,
                                         accuracy p) noexcept {
  run_array<value_and_derivative_kernel, operands<T, false, false, true, true>>(a, p, x, nullptr,
                                                                                nullptr, y, d, n);
}

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
