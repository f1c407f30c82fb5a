// gelu/detail/value_and_slope.hpp -- what a kernel returns, and what its caller asks for.
#pragma once

namespace gelu {
namespace detail {

/// Value and first derivative of one GELU form, lane by lane.
template <class D>
struct value_and_slope {
  D value, derivative;
};

/// Which of value / derivative a caller wants (the other is left 0 and its code removed).
enum class want { value, derivative, both };

}  // namespace detail
}  // namespace gelu
