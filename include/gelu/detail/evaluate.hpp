// gelu/detail/evaluate.hpp -- gelu<A> in tier P for a scalar or a batch: the kernel family that
// kernel_choice.hpp names, and how a float reaches the precise kernels (through double). Every
// public entry point (scalar, batch, array) goes through evaluate<A, P, W>.
#pragma once

#include <cmath>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "../types.hpp"
#include "fast_kernels.hpp"
#include "isa.hpp"
#include "kernel_choice.hpp"
#include "narrowing.hpp"
#include "precise_double.hpp"
#include "precise_float.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {

/// The precise kernel of form A for results of type E (float or double) on double lanes D:
/// float results from for_float:: (plain double, rounded once to float by the caller), double
/// results from for_double:: (double-double steps).
template <approximate A, class E, want W, class D>
GELU_FORCE_INLINE value_and_derivative<D> precise_kernel(const D& x) noexcept {
  if constexpr (std::is_same<E, float>::value) {
    if constexpr (A == approximate::none) return for_float::gelu_exact<W>(x);
    if constexpr (A == approximate::tanh) return for_float::gelu_tanh<W>(x);
    if constexpr (A == approximate::sigmoid) return for_float::gelu_sigmoid<W>(x);
  } else {
    if constexpr (A == approximate::none) return for_double::gelu_exact<W>(x);
    if constexpr (A == approximate::tanh) return for_double::gelu_tanh<W>(x);
    if constexpr (A == approximate::sigmoid) return for_double::gelu_sigmoid<W>(x);
  }
}

/// The fast kernel of form A on lanes L of the result type (fast_kernels.hpp).
template <approximate A, want W, class L>
GELU_FORCE_INLINE value_and_derivative<L> fast_kernel(const L& x) noexcept {
  if constexpr (A == approximate::none) return fast::gelu_exact<W>(x);
  if constexpr (A == approximate::tanh) return fast::gelu_tanh<W>(x);
  if constexpr (A == approximate::sigmoid) return fast::gelu_sigmoid<W>(x);
}

/// The precise float kernels' double result d at the float x (gelu itself if Value, else a
/// derivative or a product with it) as the float that Store (float, bfloat16, float16) then
/// rounds to nearest, so that the stored result is rounded once from d (narrowing.hpp):
///  * float: d rounded to nearest; gelu at tiny x first set by for_float::with_tiny_x (tested
///    per batch: rare);
///  * float16: d rounded to odd (round_to_odd_24, then an exact conversion); float16's inputs
///    are never tiny;
///  * bfloat16: d rounded to nearest, f. Where f is not a bfloat16 midpoint, f and d round to the
///    same bfloat16 value (a midpoint strictly between them would be a float nearer to d than
///    f). Where it is (rare: a tie d does not have, or d on it, as gelu at tiny x), the batch
///    takes with_tiny_x and narrow_to_odd.
template <class Store, bool Value>
GELU_FORCE_INLINE float narrow_result(float x, double d) noexcept {
  if constexpr (std::is_same<Store, float16>::value) {
    return static_cast<float>(round_to_odd_24(d));
  } else {
    if constexpr (Value) d = for_float::with_tiny_x(static_cast<double>(x), d);
    const float f = static_cast<float>(d);
    if constexpr (std::is_same<Store, bfloat16>::value)
      if (is_bfloat16_midpoint(f)) return narrow_to_odd(d);
    return f;
  }
}
template <class Store, bool Value, class A>
GELU_FORCE_INLINE xsimd::batch<float, A> narrow_result(const xsimd::batch<float, A>& x,
                                                       const isa::wide_pair<A>& w,
                                                       isa::wide_pair<A> d) noexcept {
  using isa::narrow;
  using wide = isa::wide_pair<A>;
  if constexpr (std::is_same<Store, float16>::value)
    return narrow(wide{round_to_odd_24(d.lo), round_to_odd_24(d.hi)}, A{});
  auto tiny = [&] {
    d = wide{for_float::with_tiny_x(w.lo, d.lo), for_float::with_tiny_x(w.hi, d.hi)};
  };
  if constexpr (Value && std::is_same<Store, float>::value)
    if (lanes::any(for_float::is_tiny(x))) tiny();
  const xsimd::batch<float, A> f = narrow(d, A{});
  if constexpr (std::is_same<Store, bfloat16>::value) {
    if (lanes::any(is_bfloat16_midpoint(f))) {
      if constexpr (Value) tiny();
      return narrow_to_odd(d);
    }
  }
  return f;
}

/// gelu<A> and/or its derivative at x in tier P. The fast tier evaluates every type in its own
/// lanes; the precise tier takes double as is and float through double, batches lane-wise (a
/// float batch as two double batches of the same ISA), each result narrowed for the type Store
/// it is stored as (narrow_result).
template <approximate A, accuracy P, want W, class Store = float>
GELU_FORCE_INLINE value_and_derivative<double> evaluate(double x) noexcept {
  if constexpr (kernel_choice<A, P, double>::kernels == accuracy::fast) return fast_kernel<A, W>(x);
  return precise_kernel<A, double, W>(x);
}
template <approximate A, accuracy P, want W, class Store = float>
GELU_FORCE_INLINE value_and_derivative<float> evaluate(float x) noexcept {
  if constexpr (kernel_choice<A, P, float>::kernels == accuracy::fast) return fast_kernel<A, W>(x);
  const value_and_derivative<double> r = precise_kernel<A, float, W>(static_cast<double>(x));
  return {narrow_result<Store, true>(x, r.value), narrow_result<Store, false>(x, r.derivative)};
}
template <approximate A, accuracy P, want W, class Store = float, class Arch>
GELU_FORCE_INLINE value_and_derivative<xsimd::batch<double, Arch>> evaluate(
    const xsimd::batch<double, Arch>& x) noexcept {
  if constexpr (kernel_choice<A, P, double>::kernels == accuracy::fast) return fast_kernel<A, W>(x);
  return precise_kernel<A, double, W>(x);
}
template <approximate A, accuracy P, want W, class Store = float, class Arch>
GELU_FORCE_INLINE value_and_derivative<xsimd::batch<float, Arch>> evaluate(
    const xsimd::batch<float, Arch>& x) noexcept {
  if constexpr (kernel_choice<A, P, float>::kernels == accuracy::fast) return fast_kernel<A, W>(x);
  using wide = isa::wide_pair<Arch>;
  const wide w = isa::widen(x, Arch{});
  const value_and_derivative<xsimd::batch<double, Arch>> lo = precise_kernel<A, float, W>(w.lo);
  const value_and_derivative<xsimd::batch<double, Arch>> hi = precise_kernel<A, float, W>(w.hi);
  value_and_derivative<xsimd::batch<float, Arch>> r{xsimd::batch<float, Arch>(0.0f),
                                                    xsimd::batch<float, Arch>(0.0f)};
  if constexpr (W != want::derivative)
    r.value = narrow_result<Store, true>(x, w, wide{lo.value, hi.value});
  if constexpr (W != want::value)
    r.derivative = narrow_result<Store, false>(x, w, wide{lo.derivative, hi.derivative});
  return r;
}

/// dy * gelu'<A>(x) in tier P (the backward arrays' product), for results stored as Store.
/// Where the fast float kernels run: the derivative rounded to float, then the product rounded.
/// Where the precise kernels run: the product of dy and the kernel's double derivative g,
/// rounded to double and narrowed for Store (narrow_result): rounded once from a product within
/// 2^-31.7 of the truth (at dy = 1 the bits of the derivative itself).
/// Far in the negative tail the kernels clamp x (where the float result is +-0: |g| < 2^-149),
/// and there g, at most 2^-155 at the three forms' clamps, is no longer g(x). A product with |dy|
/// below clamp_guard<Store> stays under half of Store's smallest subnormal, where it rounds to
/// +-0 as the true product does; a lane with a larger |dy| takes the product as +-0 where
/// |g| < 2^-149, as the float derivative (+-0) times dy, off by less than |dy| 2^-149. Decided
/// per lane (the batch only skips the select when no lane needs it), so an element's bits never
/// depend on its neighbours' dy.
template <class Store>
constexpr float clamp_guard() {
  if constexpr (std::is_same<Store, float>::value) return 0x1p4f;      // 2^4 2^-155 < 2^-150
  if constexpr (std::is_same<Store, bfloat16>::value) return 0x1p20f;  // 2^20 2^-155 < 2^-134
  return INFINITY;  // float16: |dy| <= 65504, 2^16 2^-155 far below 2^-25: never
}
template <class Store, class D>
GELU_FORCE_INLINE D without_clamped(const D& dy, const D& g) noexcept {
  const D p = dy * g;
  if constexpr (std::is_same<Store, float16>::value) return p;  // no lane needs it
  const D abs_g = lanes::abs(g), abs_dy = lanes::abs(dy);       // (no calls beside `&` on bools)
  const auto clamped =
      (abs_g < D(0x1p-149)) & (abs_dy >= D(static_cast<double>(clamp_guard<Store>())));
  return lanes::select(clamped, p * D(0.0), p);
}
template <approximate A, accuracy P, class Store>
GELU_FORCE_INLINE float derivative_times(float x, float dy) noexcept {
  if constexpr (kernel_choice<A, P, float>::kernels == accuracy::precise) {
    const double g = precise_kernel<A, float, want::derivative>(static_cast<double>(x)).derivative;
    const double d = static_cast<double>(dy);
    return narrow_result<Store, false>(x, without_clamped<Store>(d, g));
  }
  return dy * evaluate<A, P, want::derivative>(x).derivative;
}
template <approximate A, accuracy P, class Store, class Arch>
GELU_FORCE_INLINE xsimd::batch<float, Arch> derivative_times(
    const xsimd::batch<float, Arch>& x, const xsimd::batch<float, Arch>& dy) noexcept {
  if constexpr (kernel_choice<A, P, float>::kernels == accuracy::precise) {
    using wide = isa::wide_pair<Arch>;
    const wide w = isa::widen(x, Arch{});
    const wide g = isa::widen(dy, Arch{});
    const xsimd::batch<double, Arch> d_lo =
        precise_kernel<A, float, want::derivative>(w.lo).derivative;
    const xsimd::batch<double, Arch> d_hi =
        precise_kernel<A, float, want::derivative>(w.hi).derivative;
    wide p{g.lo * d_lo, g.hi * d_hi};
    if (lanes::any(lanes::abs(dy) >= xsimd::batch<float, Arch>(clamp_guard<Store>())))
      p = wide{without_clamped<Store>(g.lo, d_lo), without_clamped<Store>(g.hi, d_hi)};
    return narrow_result<Store, false>(x, w, p);
  }
  return dy * evaluate<A, P, want::derivative>(x).derivative;
}
template <approximate A, accuracy P, class Store, class Arch>
GELU_FORCE_INLINE xsimd::batch<double, Arch> derivative_times(
    const xsimd::batch<double, Arch>& x, const xsimd::batch<double, Arch>& dy) noexcept {
  return dy * evaluate<A, P, want::derivative>(x).derivative;
}

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
