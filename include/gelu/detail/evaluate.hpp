// gelu/detail/evaluate.hpp -- the per-type kernel choice: which kernel family computes an
// element type, and how a float batch reaches it. Every public entry point (scalar, batch,
// array) goes through evaluate<A, W>, so they all return the same bits in one build.
#pragma once

#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "../types.hpp"
#include "double_kernels.hpp"
#include "float_kernels.hpp"
#include "isa.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {

/// The kernel of form A for results of type E (float or double) on double lanes D: float
/// results from for_float:: (plain double, rounded once to float by the caller), double results
/// from for_double:: (double-double steps).
template <approximate A, class E, want W, class D>
inline value_and_slope<D> kernel(const D& x) noexcept {
  static_assert(A == approximate::none || A == approximate::tanh || A == approximate::sigmoid,
                "gelu: not an enumerator of gelu::approximate");
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

/// gelu<A> and/or its derivative at x: double as is, float through double, batches lane-wise
/// (a float batch as two double batches of the same ISA).
template <approximate A, want W>
inline value_and_derivative<double> evaluate(double x) noexcept {
  value_and_slope<double> r = kernel<A, double, W>(x);
  return {r.value, r.derivative};
}
template <approximate A, want W>
inline value_and_derivative<float> evaluate(float x) noexcept {
  value_and_slope<double> r = kernel<A, float, W>(static_cast<double>(x));
  return {static_cast<float>(r.value), static_cast<float>(r.derivative)};
}
template <approximate A, want W, class Arch>
inline value_and_derivative<xsimd::batch<double, Arch>> evaluate(
    const xsimd::batch<double, Arch>& x) noexcept {
  value_and_slope<xsimd::batch<double, Arch>> r = kernel<A, double, W>(x);
  return {r.value, r.derivative};
}
template <approximate A, want W, class Arch>
inline value_and_derivative<xsimd::batch<float, Arch>> evaluate(
    const xsimd::batch<float, Arch>& x) noexcept {
  using isa::narrow;
  using isa::wide_pair;
  wide_pair<Arch> w = isa::widen(x, Arch{});
  value_and_slope<xsimd::batch<double, Arch>> lo = kernel<A, float, W>(w.lo);
  value_and_slope<xsimd::batch<double, Arch>> hi = kernel<A, float, W>(w.hi);
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
