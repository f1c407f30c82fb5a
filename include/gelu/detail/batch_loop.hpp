// gelu/detail/batch_loop.hpp -- what every array function is made of: its arrays (operands), a
// Kernel that computes its outputs from a batch of each input, and the per-batch loop that runs
// the Kernel over the arrays: full batches of the build's widest ISA, the tail as one
// zero-padded batch through the same code, so an element's bits never depend on the array's
// length, alignment or the element's position. compacting_loops.hpp runs the same Kernels.
//
// A Kernel is a class template over an evaluator E (below): Kernel<E>::evaluate(x, a, b) takes a
// batch of each input (a zero batch for an input the operation has not) and returns the batches
// of its outputs, `outputs` out0 and out1 (one the operation does not store: its code is
// removed). The evaluator says how gelu itself is computed: E::template at<W>(x) (W a `want`),
// E::derivative_times(x, dy) (dy * gelu'(x)) and E::tier, the accuracy tier.
#pragma once

#include <cstddef>
#include <xsimd/xsimd.hpp>

#include "../types.hpp"
#include "attributes.hpp"
#include "evaluate.hpp"
#include "storage.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {

/// What a Kernel computes from a batch of each input: the batches for the outputs out0 and out1
/// of its operands (one the operation does not store: any value).
template <class B>
struct outputs {
  B out0;
  B out1;
};

/// The evaluator of the per-batch loop: gelu<A> in tier P as every entry point computes it, the
/// precise float kernels' double results narrowed for the type Store they are stored as
/// (narrowing.hpp).
template <approximate A, accuracy P, class Store = float>
struct whole {
  static constexpr accuracy tier = P;
  template <want W, class B>
  static GELU_FORCE_INLINE value_and_derivative<B> at(const B& x) noexcept {
    return evaluate<A, P, W, Store>(x);
  }
  /// dy * gelu'(x), narrowed for Store (evaluate.hpp's derivative_times).
  template <class B>
  static GELU_FORCE_INLINE B derivative_times(const B& x, const B& dy) noexcept {
    return detail::derivative_times<A, P, Store>(x, dy);
  }
};

/// The arrays of one operation on elements of S: x, up to two more inputs a and b read alongside
/// (null when unused), and one or two outputs, out0 and out1 of the Kernel's `outputs`. Every
/// element is read and written through storage<S> (storage.hpp): bfloat16 and float16 are
/// computed in float and each output rounded once to S.
template <class S, bool UsesA, bool UsesB, bool Out0, bool Out1>
struct operands {
  using element = S;
  using io = storage<S>;
  using batch = xsimd::batch<typename io::compute_type>;
  static constexpr std::size_t width = batch::size;
  static constexpr bool uses_a = UsesA, uses_b = UsesB, writes0 = Out0, writes1 = Out1;
  const S* x;
  const S* a;
  const S* b;
  S* out0;
  S* out1;

  /// The batch of elements i... of p (a whole batch there).
  GELU_FORCE_INLINE batch load(const S* p, std::size_t i) const noexcept { return io::load(p + i); }
  /// Elements i..i+count of p (count < width) and zeros after them.
  GELU_FORCE_INLINE batch load_padded(const S* p, std::size_t i, std::size_t count) const noexcept {
    alignas(64) S buf[width] = {};
    for (std::size_t j = 0; j < count; ++j) buf[j] = p[i + j];
    return io::load(buf);
  }
  /// The first count lanes of r (count <= width) to elements i... of the outputs.
  GELU_FORCE_INLINE void put(const outputs<batch>& r, std::size_t i,
                             std::size_t count) const noexcept {
    if (count == width) {
      if constexpr (Out0) io::store(r.out0, out0 + i);
      if constexpr (Out1) io::store(r.out1, out1 + i);
      return;
    }
    alignas(64) S buf0[width];
    alignas(64) S buf1[width];
    if constexpr (Out0) io::store(r.out0, buf0);
    if constexpr (Out1) io::store(r.out1, buf1);
    for (std::size_t j = 0; j < count; ++j) {
      if constexpr (Out0) out0[i + j] = buf0[j];
      if constexpr (Out1) out1[i + j] = buf1[j];
    }
  }
};

/// Kernel on the batches of elements i... (count of them, the rest zero when count < width).
/// Every input is read before put() writes, so an output may be one of the inputs.
template <class Kernel, class Op>
GELU_FORCE_INLINE outputs<typename Op::batch> evaluate_at(const Op& op, std::size_t i,
                                                          std::size_t count) noexcept {
  using batch = typename Op::batch;
  const batch zero(0);
  auto in = [&](const auto* p) GELU_LAMBDA_INLINE {
    return count == Op::width ? op.load(p, i) : op.load_padded(p, i, count);
  };
  const batch a = Op::uses_a ? in(op.a) : zero;
  const batch b = Op::uses_b ? in(op.b) : zero;
  return Kernel::evaluate(in(op.x), a, b);
}

/// Runs Kernel over elements from..n of op, batch by batch.
template <class Kernel, class Op>
GELU_FORCE_INLINE void batch_loop(const Op& op, std::size_t n, std::size_t from = 0) noexcept {
  constexpr std::size_t w = Op::width;
  std::size_t i = from;
  for (; i + w <= n; i += w) op.put(evaluate_at<Kernel>(op, i, w), i, w);
  if (i < n) op.put(evaluate_at<Kernel>(op, i, n - i), i, n - i);
}

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
