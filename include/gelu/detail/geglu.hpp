// gelu/detail/geglu.hpp -- the GeGLU loops (gelu/geglu.hpp declares the public functions):
// full batches of the build's widest ISA, the tail as one zero-padded batch through the same
// code, as detail/arrays.hpp does, so an element's bits never depend on the array's length,
// alignment or the element's position. Elements are read and written through storage<S>
// (storage.hpp): bfloat16 and float16 are widened to float, computed exactly as float arrays
// are, and each output rounded once from float to S.
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
#include "evaluate.hpp"
#include "storage.hpp"

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

#if defined(__AVX512F__)
/// The fast tier's float GeGLU as Kernels of compacting_loops.hpp (AVX-512 builds): the same
/// products as geglu_value and geglu_backward_loop's step, on either path.
template <approximate A>
struct geglu_forward_kernel {  // x = gate, a = up; slot 0: gelu(gate) * up
  template <path Q, class B>
  static GELU_FORCE_INLINE value_and_derivative<B> evaluate(const B& gate, const B& up,
                                                            const B&) noexcept {
    return {fast_path<Q, A, want::value>(gate).value * up, B(0.0f)};
  }
};
template <approximate A>
struct geglu_backward_kernel {  // x = gate, a = dy, b = up; slots: dgate, dup
  template <path Q, class B>
  static GELU_FORCE_INLINE value_and_derivative<B> evaluate(const B& gate, const B& dy,
                                                            const B& up) noexcept {
    const value_and_slope<B> r = fast_path<Q, A, want::both>(gate);
    return {triple_product<accuracy::fast>(dy, up, r.derivative), dy * r.value};
  }
};
template <approximate A>
inline void compacting_geglu_forward(const float* gate, const float* up, float* y,
                                     std::size_t n) noexcept {
  using op = compacting_arrays<true, false, true, false>;
  compacting_loop<geglu_forward_kernel<A>>(op{gate, up, nullptr, y, nullptr}, n);
}
template <approximate A>
inline void compacting_geglu_backward(const float* dy, const float* gate, const float* up,
                                      float* dgate, float* dup, std::size_t n) noexcept {
  using op = compacting_arrays<true, true, true, true>;
  compacting_loop<geglu_backward_kernel<A>>(op{gate, dy, up, dgate, dup}, n);
}
#else
// Declared for the discarded `if constexpr` branches below; never defined nor called here.
template <approximate A>
void compacting_geglu_forward(const float* gate, const float* up, float* y, std::size_t n) noexcept;
template <approximate A>
void compacting_geglu_backward(const float* dy, const float* gate, const float* up, float* dgate,
                               float* dup, std::size_t n) noexcept;
#endif

/// gelu(g) * u, lane by lane.
template <approximate A, accuracy P, class B>
GELU_FORCE_INLINE B geglu_value(const B& g, const B& u) noexcept {
  return evaluate<A, P, want::value>(g).value * u;
}

/// y[i] = gelu(gate[i]) * up[i]. y may be gate or up (the same array, not a partial overlap).
template <approximate A, accuracy P, class S>
inline void geglu_forward_loop(const S* gate, const S* up, S* y, std::size_t n) noexcept {
  using io = storage<S>;  // every element load and store (16-bit types: computed in float)
  using batch = xsimd::batch<typename io::compute_type>;
  constexpr std::size_t width = batch::size;
  if constexpr (compacts<S, P>) {  // AVX-512 float, fast tier (arrays.hpp)
    compacting_geglu_forward<A>(gate, up, y, n);
    return;
  }
  std::size_t i = 0;
  for (; i + width <= n; i += width)
    io::store(geglu_value<A, P>(io::load(gate + i), io::load(up + i)), y + i);
  if (i < n) {
    alignas(64) S bg[width] = {};
    alignas(64) S bu[width] = {};
    for (std::size_t j = 0; i + j < n; ++j) {
      bg[j] = gate[i + j];
      bu[j] = up[i + j];
    }
    io::store(geglu_value<A, P>(io::load(bg), io::load(bu)), bg);
    for (std::size_t j = 0; i + j < n; ++j) y[i + j] = bg[j];
  }
}

/// dgate[i] = dy[i] * up[i] * gelu'(gate[i]), dup[i] = dy[i] * gelu(gate[i]). Each output may be
/// any one of the inputs; dgate and dup must differ.
template <approximate A, accuracy P, class S>
inline void geglu_backward_loop(const S* dy, const S* gate, const S* up, S* dgate, S* dup,
                                std::size_t n) noexcept {
  using io = storage<S>;  // every element load and store (16-bit types: computed in float)
  using batch = xsimd::batch<typename io::compute_type>;
  constexpr std::size_t width = batch::size;
  // every load of a batch comes before its stores, so an output may be any input array
  auto step = [](const S* pd, const S* pg, const S* pu, S* odg, S* odu) GELU_LAMBDA_INLINE {
    batch d = io::load(pd), g = io::load(pg), u = io::load(pu);
    value_and_derivative<batch> r = evaluate<A, P, want::both>(g);
    batch grad_gate = triple_product<P>(d, u, r.derivative);
    batch grad_up = d * r.value;
    io::store(grad_gate, odg);
    io::store(grad_up, odu);
  };
  if constexpr (compacts<S, P>) {  // AVX-512 float, fast tier (arrays.hpp)
    compacting_geglu_backward<A>(dy, gate, up, dgate, dup, n);
    return;
  }
  std::size_t i = 0;
  for (; i + width <= n; i += width) step(dy + i, gate + i, up + i, dgate + i, dup + i);
  if (i < n) {
    alignas(64) S bd[width] = {};
    alignas(64) S bg[width] = {};
    alignas(64) S bu[width] = {};
    for (std::size_t j = 0; i + j < n; ++j) {
      bd[j] = dy[i + j];
      bg[j] = gate[i + j];
      bu[j] = up[i + j];
    }
    step(bd, bg, bu, bg, bu);
    for (std::size_t j = 0; i + j < n; ++j) {
      dgate[i + j] = bg[j];
      dup[i + j] = bu[j];
    }
  }
}

template <class S>
inline void geglu_forward_array(const S* gate, const S* up, S* y, std::size_t n, approximate a,
                                accuracy p) noexcept {
  bool ok = with_choice(a, p, [&](auto f, auto t) {
    geglu_forward_loop<decltype(f)::value, decltype(t)::value>(gate, up, y, n);
  });
  if (!ok) reject_choice(y, n);
}

template <class S>
inline void geglu_backward_array(const S* dy, const S* gate, const S* up, S* dgate, S* dup,
                                 std::size_t n, approximate a, accuracy p) noexcept {
  bool ok = with_choice(a, p, [&](auto f, auto t) {
    geglu_backward_loop<decltype(f)::value, decltype(t)::value>(dy, gate, up, dgate, dup, n);
  });
  if (!ok) {
    reject_choice(dgate, n);
    reject_choice(dup, n);
  }
}

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
