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

/// gelu<A> and/or its derivative at x in tier P. The fast tier evaluates every type in its own
/// lanes; the precise tier takes double as is and float through double, batches lane-wise (a
/// float batch as two double batches of the same ISA).
template <approximate A, accuracy P, want W>
GELU_FORCE_INLINE value_and_derivative<double> evaluate(double x) noexcept {
  if constexpr (kernel_choice<A, P, double>::kernels == accuracy::fast) return fast_kernel<A, W>(x);
  return precise_kernel<A, double, W>(x);
}
template <approximate A, accuracy P, want W>
GELU_FORCE_INLINE value_and_derivative<float> evaluate(float x) noexcept {
  if constexpr (kernel_choice<A, P, float>::kernels == accuracy::fast) return fast_kernel<A, W>(x);
  const value_and_derivative<double> r = precise_kernel<A, float, W>(static_cast<double>(x));
  return {static_cast<float>(r.value), static_cast<float>(r.derivative)};
}
template <approximate A, accuracy P, want W, class Arch>
GELU_FORCE_INLINE value_and_derivative<xsimd::batch<double, Arch>> evaluate(
    const xsimd::batch<double, Arch>& x) noexcept {
  if constexpr (kernel_choice<A, P, double>::kernels == accuracy::fast) return fast_kernel<A, W>(x);
  return precise_kernel<A, double, W>(x);
}
template <approximate A, accuracy P, want W, class Arch>
GELU_FORCE_INLINE value_and_derivative<xsimd::batch<float, Arch>> evaluate(
    const xsimd::batch<float, Arch>& x) noexcept {
  if constexpr (kernel_choice<A, P, float>::kernels == accuracy::fast) return fast_kernel<A, W>(x);
  using isa::narrow;
  using isa::wide_pair;
  const wide_pair<Arch> w = isa::widen(x, Arch{});
  const value_and_derivative<xsimd::batch<double, Arch>> lo = precise_kernel<A, float, W>(w.lo);
  const value_and_derivative<xsimd::batch<double, Arch>> hi = precise_kernel<A, float, W>(w.hi);
  value_and_derivative<xsimd::batch<float, Arch>> r{xsimd::batch<float, Arch>(0.0f),
                                                    xsimd::batch<float, Arch>(0.0f)};
  if constexpr (W != want::derivative)
    r.value = narrow(wide_pair<Arch>{lo.value, hi.value}, Arch{});
  if constexpr (W != want::value)
    r.derivative = narrow(wide_pair<Arch>{lo.derivative, hi.derivative}, Arch{});
  return r;
}

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
