// gelu/detail/kernel_common.hpp -- what the float and the double kernels share: what a kernel's
// caller asks for (a kernel returns gelu::value_and_derivative), and where each derivative is evaluated near its zero.
#pragma once

#include "../types.hpp"
#include "attributes.hpp"
#include "lanes.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {

/// Which of value / derivative a caller wants (the other is left 0 and its code removed).
enum class want { value, derivative, both };

/// The interval [-1.05, -0.5] around the derivatives' zeros (x0 = -0.7512 .. -0.7525), where
/// Phi + x phi and its tanh / sigmoid analogues cancel: there each derivative is evaluated as
/// (x - x0) P(x - x0), with P fitted on this interval by tools/gen_coefficients.py.
template <class D>
inline auto zero_window(const D& x) noexcept {
  using T = lanes::element_t<D>;  // float lanes compare with the float nearest -1.05
  return (x >= D(static_cast<T>(-1.05))) & (x <= D(static_cast<T>(-0.5)));
}

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
