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
    batch_loop<Kernel<whole<A, P>>>(op, n);
  }
}

// The Kernels of the three array functions.
template <class E>
struct forward_kernel {  // x; slot 0: gelu(x)
  template <class B>
  static GELU_FORCE_INLINE value_and_derivative<B> evaluate(const B& x, const B&,
                                                            const B&) noexcept {
    return {E::template at<want::value>(x).value, B(0)};
  }
};
template <class E>
struct backward_kernel {  // x, a = dy; slot 0: dy * gelu'(x), rounded once
  template <class B>
  static GELU_FORCE_INLINE value_and_derivative<B> evaluate(const B& x, const B& dy,
                                                            const B&) noexcept {
    return {dy * E::template at<want::derivative>(x).derivative, B(0)};
  }
};
template <class E>
struct value_and_derivative_kernel {  // x; slots 0 and 1: gelu(x), gelu'(x)
  template <class B>
  static GELU_FORCE_INLINE value_and_derivative<B> evaluate(const B& x, const B&,
                                                            const B&) noexcept {
    return E::template at<want::both>(x);
  }
};

/// y[i] = gelu(x[i]). y may be x (the same array, not a partial overlap; so for every aliasing
/// rule below).
template <class T>
inline void forward_array(const T* x, T* y, std::size_t n, approximate a, accuracy p) noexcept {
  bool ok = with_choice(a, p, [&](auto f, auto t) {
    using op = operands<T, false, false, true, false>;
    run_kernel<forward_kernel, decltype(f)::value, decltype(t)::value, op>(x, nullptr, nullptr, y,
                                                                           nullptr, n);
  });
  if (!ok) reject_choice(y, n);
}

/// dx[i] = dy[i] * gelu'(x[i]) (the product in the compute type). dx may be dy or x.
template <class T>
inline void backward_array(const T* dy, const T* x, T* dx, std::size_t n, approximate a,
                           accuracy p) noexcept {
  bool ok = with_choice(a, p, [&](auto f, auto t) {
    using op = operands<T, true, false, true, false>;
    run_kernel<backward_kernel, decltype(f)::value, decltype(t)::value, op>(x, dy, nullptr, dx,
                                                                            nullptr, n);
  });
  if (!ok) reject_choice(dx, n);
}

/// y[i], d[i] = gelu(x[i]), gelu'(x[i]). y or d (not both) may be x.
template <class T>
inline void forward_and_derivative_array(const T* x, T* y, T* d, std::size_t n, approximate a,
                                         accuracy p) noexcept {
  bool ok = with_choice(a, p, [&](auto f, auto t) {
    using op = operands<T, false, false, true, true>;
    run_kernel<value_and_derivative_kernel, decltype(f)::value, decltype(t)::value, op>(
        x, nullptr, nullptr, y, d, n);
  });
  if (!ok) {
    reject_choice(y, n);
    reject_choice(d, n);
  }
}

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
