// gelu/detail/geglu.hpp -- the GeGLU array functions (gelu/geglu.hpp declares the public ones):
// their Kernels, run by the loops of the other array functions (detail/arrays.hpp), so an
// element's bits never depend on the array's length, alignment or the element's position.
// bfloat16 and float16 are widened to float, computed exactly as float arrays are, and each
// output rounded once from float to S.
//
// Evaluation order (the scalar composition the loops compute lane by lane; every product is a
// plain rounded product, never fed to an addition, so no contraction can differ between builds):
//   g, g' = gelu<A, P>(gate), gelu_derivative<A, P>(gate)   (one kernel call, want::both)
//   y     = g * up                                          (rounded once)
//   dup   = dy * g                                          (rounded once)
//   dgate = (dy * up) * g'  two rounded products, in this order; except for float in the
//                           precise tier: in double, dy * up exact there, the product rounded
//                           to double and then to float (no intermediate overflow/underflow).
#pragma once

#include <cstddef>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "../types.hpp"
#include "arrays.hpp"
#include "batch_loop.hpp"
#include "isa.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {

/// (dy * up) * d: two rounded products in the lanes' own type; for float lanes in the precise
/// tier in double instead (dy * up exact there), rounded to float once at the end (after the
/// double product's own rounding).
template <accuracy P, class T, class Arch>
inline xsimd::batch<T, Arch> triple_product(const xsimd::batch<T, Arch>& dy,
                                            const xsimd::batch<T, Arch>& up,
                                            const xsimd::batch<T, Arch>& d) noexcept {
  if constexpr (P == accuracy::precise && std::is_same<T, float>::value) {
    isa::wide_pair<Arch> a = isa::widen(dy, Arch{});
    isa::wide_pair<Arch> b = isa::widen(up, Arch{});
    isa::wide_pair<Arch> c = isa::widen(d, Arch{});
    return isa::narrow(isa::wide_pair<Arch>{(a.lo * b.lo) * c.lo, (a.hi * b.hi) * c.hi}, Arch{});
  } else {
    return (dy * up) * d;
  }
}

/// The Kernels of the two GeGLU functions (batch_loop.hpp).
template <class E>
struct geglu_forward_kernel {  // x = gate, a = up; out0: gelu(gate) * up
  static constexpr bool stores_evaluator_results = false;  // (arrays.hpp)
  template <class B>
  static GELU_FORCE_INLINE outputs<B> evaluate(const B& gate, const B& up, const B&) noexcept {
    return {E::template at<want::value>(gate).value * up, B(0)};
  }
};
template <class E>
struct geglu_backward_kernel {  // x = gate, a = dy, b = up; out0: dgate, out1: dup
  static constexpr bool stores_evaluator_results = false;
  template <class B>
  static GELU_FORCE_INLINE outputs<B> evaluate(const B& gate, const B& dy, const B& up) noexcept {
    const value_and_derivative<B> r = E::template at<want::both>(gate);
    return {triple_product<E::tier>(dy, up, r.derivative), dy * r.value};
  }
};

/// y[i] = gelu(gate[i]) * up[i]. y may be gate or up (the same array, not a partial overlap).
template <class S>
inline void geglu_forward_array(const S* gate, const S* up, S* y, std::size_t n, approximate a,
                                accuracy p) noexcept {
  run_array<geglu_forward_kernel, operands<S, true, false, true, false>>(a, p, gate, up, nullptr, y,
                                                                         nullptr, n);
}

/// dgate[i] = dy[i] * up[i] * gelu'(gate[i]), dup[i] = dy[i] * gelu(gate[i]). Each output may be
/// any one of the inputs; dgate and dup must differ.
template <class S>
inline void geglu_backward_array(const S* dy, const S* gate, const S* up, S* dgate, S* dup,
                                 std::size_t n, approximate a, accuracy p) noexcept {
  run_array<geglu_backward_kernel, operands<S, true, true, true, true>>(a, p, gate, dy, up, dgate,
                                                                        dup, n);
}

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
