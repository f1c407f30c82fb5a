// gelu/detail/evaluate.hpp -- gelu<A> in tier P for a scalar or a batch: the kernel family that
// kernel_choice.hpp names, and how a float reaches the precise kernels (through double). Every
// public entry point (scalar, batch, array) goes through evaluate<A, P, W>.
#pragma once

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
inline value_and_derivative<D> precise_kernel(const D& x) noexcept {
  if constexpr (std::is_same<E, float>::value) {
    value_and_derivative<D> r{D(0.0), D(0.0)};
    if constexpr (A == approximate::none) r = for_float::gelu_exact<W>(x);
    if constexpr (A == approximate::tanh) r = for_float::gelu_tanh<W>(x);
    if constexpr (A == approximate::sigmoid) r = for_float::gelu_sigmoid<W>(x);
    if constexpr (W != want::derivative) r.value = for_float::with_tiny_x(x, r.value);
    return r;
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

/// gelu<A> and/or its derivative at x in tier P. The fast tier evaluates every type in its own
/// lanes; the precise tier takes double as is and float through double, rounded to float as N
/// says (narrowing.hpp: to nearest for float results, to odd for 16-bit storage), batches
/// lane-wise (a float batch as two double batches of the same ISA).
template <approximate A, accuracy P, want W, float_rounding N = float_rounding::nearest>
GELU_FORCE_INLINE value_and_derivative<double> evaluate(double x) noexcept {
  if constexpr (kernel_choice<A, P, double>::kernels == accuracy::fast) return fast_kernel<A, W>(x);
  return precise_kernel<A, double, W>(x);
}
template <approximate A, accuracy P, want W, float_rounding N = float_rounding::nearest>
GELU_FORCE_INLINE value_and_derivative<float> evaluate(float x) noexcept {
  if constexpr (kernel_choice<A, P, float>::kernels == accuracy::fast) return fast_kernel<A, W>(x);
  const value_and_derivative<double> r = precise_kernel<A, float, W>(static_cast<double>(x));
  return {narrow_to<N>(r.value), narrow_to<N>(r.derivative)};
}
template <approximate A, accuracy P, want W, float_rounding N = float_rounding::nearest,
          class Arch>
GELU_FORCE_INLINE value_and_derivative<xsimd::batch<double, Arch>> evaluate(
    const xsimd::batch<double, Arch>& x) noexcept {
  if constexpr (kernel_choice<A, P, double>::kernels == accuracy::fast) return fast_kernel<A, W>(x);
  return precise_kernel<A, double, W>(x);
}
template <approximate A, accuracy P, want W, float_rounding N = float_rounding::nearest,
          class Arch>
GELU_FORCE_INLINE value_and_derivative<xsimd::batch<float, Arch>> evaluate(
    const xsimd::batch<float, Arch>& x) noexcept {
  if constexpr (kernel_choice<A, P, float>::kernels == accuracy::fast) return fast_kernel<A, W>(x);
  using wide = isa::wide_pair<Arch>;
  const wide w = isa::widen(x, Arch{});
  const value_and_derivative<xsimd::batch<double, Arch>> lo = precise_kernel<A, float, W>(w.lo);
  const value_and_derivative<xsimd::batch<double, Arch>> hi = precise_kernel<A, float, W>(w.hi);
  value_and_derivative<xsimd::batch<float, Arch>> r{xsimd::batch<float, Arch>(0.0f),
                                                    xsimd::batch<float, Arch>(0.0f)};
  if constexpr (W != want::derivative) r.value = narrow_to<N>(wide{lo.value, hi.value});
  if constexpr (W != want::value) r.derivative = narrow_to<N>(wide{lo.derivative, hi.derivative});
  return r;
}

/// dy * gelu'<A>(x) in tier P (the backward arrays' product). Rounded to nearest (N = nearest):
/// the derivative rounded, then the product rounded, in the lanes' type. Rounded to odd (N =
/// to_odd, float lanes of 16-bit storage) where the precise kernels run: the product of dy and
/// the kernel's double derivative g, rounded to double and then to odd, so that the 16-bit
/// result is rounded once from it (and at dy = 1 has the bits of the derivative itself). Where
/// |g| < 2^-149 the kernels' double is no longer accurate (they clamp x where the float result
/// is +-0): there the product is +-0, as the float derivative (+-0) times dy, off by less than
/// |dy| 2^-149. The fast tier's float kernels: as for nearest.
template <class D>
GELU_FORCE_INLINE D product_of_float_derivative(const D& dy, const D& g) noexcept {
  const D p = dy * g;
  return lanes::select(lanes::abs(g) < D(0x1p-149), p * D(0.0), p);
}
template <approximate A, accuracy P, float_rounding N>
GELU_FORCE_INLINE float derivative_times(float x, float dy) noexcept {
  if constexpr (N == float_rounding::to_odd &&
                kernel_choice<A, P, float>::kernels == accuracy::precise) {
    const double g = precise_kernel<A, float, want::derivative>(static_cast<double>(x)).derivative;
    return narrow_to<N>(product_of_float_derivative(static_cast<double>(dy), g));
  }
  return dy * evaluate<A, P, want::derivative, N>(x).derivative;
}
template <approximate A, accuracy P, float_rounding N, class Arch>
GELU_FORCE_INLINE xsimd::batch<float, Arch> derivative_times(
    const xsimd::batch<float, Arch>& x, const xsimd::batch<float, Arch>& dy) noexcept {
  if constexpr (N == float_rounding::to_odd &&
                kernel_choice<A, P, float>::kernels == accuracy::precise) {
    using wide = isa::wide_pair<Arch>;
    const wide w = isa::widen(x, Arch{});
    const wide g = isa::widen(dy, Arch{});
    return narrow_to<N>(wide{
        product_of_float_derivative(g.lo, precise_kernel<A, float, want::derivative>(w.lo).derivative),
        product_of_float_derivative(g.hi, precise_kernel<A, float, want::derivative>(w.hi).derivative)});
  }
  return dy * evaluate<A, P, want::derivative, N>(x).derivative;
}
template <approximate A, accuracy P, float_rounding N, class Arch>
GELU_FORCE_INLINE xsimd::batch<double, Arch> derivative_times(
    const xsimd::batch<double, Arch>& x, const xsimd::batch<double, Arch>& dy) noexcept {
  return dy * evaluate<A, P, want::derivative, N>(x).derivative;
}

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
