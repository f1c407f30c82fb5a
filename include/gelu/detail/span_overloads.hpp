// gelu/detail/span_overloads.hpp -- the std::span overloads (C++20) of the array functions,
// written once for gelu:: (gelu.hpp, geglu.hpp) and gelu::dispatch:: (dispatch.hpp), and the
// argument checks they make.
//
// Contract of every span overload: the pointer function of the same name in its own namespace
// over the first span's size() elements (same bits, bounds and aliasing rules), after checking,
// in this order, that `a` and `p` are enumerators and that every span has the first one's size;
// else it throws std::invalid_argument naming the function, e.g.
//   "gelu::forward: approximate has the value 3, not one of none (0), tanh (1), sigmoid (2)"
//   "gelu::dispatch::backward: size mismatch (3 vs 4)"   (the first span's size, then the other's)
// and writes nothing.
//
// The checks are inline functions of the caller's ISA namespace (isa_namespace.hpp), like the
// rest of the header: units built with different flags never share their machine code.
#pragma once

#include <cstddef>
#if __cplusplus >= 202002L && __has_include(<span>)
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string>
#define GELU_HAS_SPAN 1
#else
#define GELU_HAS_SPAN 0
#endif

#include "../storage_types.hpp"
#include "../types.hpp"
#include "isa_namespace.hpp"
#include "kernel_choice.hpp"

#if GELU_HAS_SPAN
namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {

/// Throws std::invalid_argument "<function>: size mismatch (<a> vs <b>)" when a != b.
inline void check_sizes(const char* function, std::size_t a, std::size_t b) {
  if (a != b)
    throw std::invalid_argument(std::string(function) + ": size mismatch (" + std::to_string(a) +
                                " vs " + std::to_string(b) + ")");
}

/// Throws std::invalid_argument naming the value when `a` or `p` is not an enumerator.
inline void check_choice(const char* function, approximate a, accuracy p) {
  if (!is_enumerator(a))
    throw std::invalid_argument(std::string(function) + ": approximate has the value " +
                                std::to_string(static_cast<long long>(a)) +
                                ", not one of none (0), tanh (1), sigmoid (2)");
  if (!is_enumerator(p))
    throw std::invalid_argument(std::string(function) + ": accuracy has the value " +
                                std::to_string(static_cast<long long>(p)) +
                                ", not one of fast (0), precise (1)");
}

/// The checks of a span overload (top of this file); returns the common size n.
inline std::size_t checked_size(const char* function, approximate a, accuracy p, std::size_t n,
                                std::initializer_list<std::size_t> others) {
  check_choice(function, a, p);
  for (std::size_t m : others) check_sizes(function, n, m);
  return n;
}

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu

/// The span overloads of forward, backward and forward_and_derivative for element type T, each
/// calling NS::<name> (NS qualified, e.g. ::gelu, so that argument-dependent lookup on
/// `approximate` cannot pick another namespace's function); API is NS as the messages spell it.
#define GELU_DETAIL_SPAN_ARRAY_FUNCTIONS(NS, API, T)                                               \
  inline void forward(std::span<const T> x, std::span<T> y,                                        \
                      ::gelu::approximate a = ::gelu::approximate::none,                           \
                      ::gelu::accuracy p = ::gelu::accuracy::fast) {                               \
    const std::size_t n = ::gelu::detail::checked_size(API "forward", a, p, x.size(), {y.size()}); \
    NS::forward(x.data(), y.data(), n, a, p);                                                      \
  }                                                                                                \
  inline void backward(std::span<const T> dy, std::span<const T> x, std::span<T> dx,               \
                       ::gelu::approximate a = ::gelu::approximate::none,                          \
                       ::gelu::accuracy p = ::gelu::accuracy::fast) {                              \
    const std::size_t n =                                                                          \
        ::gelu::detail::checked_size(API "backward", a, p, dy.size(), {x.size(), dx.size()});      \
    NS::backward(dy.data(), x.data(), dx.data(), n, a, p);                                         \
  }                                                                                                \
  inline void forward_and_derivative(std::span<const T> x, std::span<T> y, std::span<T> dydx,      \
                                     ::gelu::approximate a = ::gelu::approximate::none,            \
                                     ::gelu::accuracy p = ::gelu::accuracy::fast) {                \
    const std::size_t n = ::gelu::detail::checked_size(API "forward_and_derivative", a, p,         \
                                                       x.size(), {y.size(), dydx.size()});         \
    NS::forward_and_derivative(x.data(), y.data(), dydx.data(), n, a, p);                          \
  }

/// The span overloads of geglu_forward and geglu_backward for element type T (as above).
#define GELU_DETAIL_SPAN_GEGLU_FUNCTIONS(NS, API, T)                                           \
  inline void geglu_forward(std::span<const T> gate, std::span<const T> up, std::span<T> y,    \
                            ::gelu::approximate a = ::gelu::approximate::none,                 \
                            ::gelu::accuracy p = ::gelu::accuracy::fast) {                     \
    const std::size_t n = ::gelu::detail::checked_size(API "geglu_forward", a, p, gate.size(), \
                                                       {up.size(), y.size()});                 \
    NS::geglu_forward(gate.data(), up.data(), y.data(), n, a, p);                              \
  }                                                                                            \
  inline void geglu_backward(std::span<const T> dy, std::span<const T> gate,                   \
                             std::span<const T> up, std::span<T> dgate, std::span<T> dup,      \
                             ::gelu::approximate a = ::gelu::approximate::none,                \
                             ::gelu::accuracy p = ::gelu::accuracy::fast) {                    \
    const std::size_t n =                                                                      \
        ::gelu::detail::checked_size(API "geglu_backward", a, p, dy.size(),                    \
                                     {gate.size(), up.size(), dgate.size(), dup.size()});      \
    NS::geglu_backward(dy.data(), gate.data(), up.data(), dgate.data(), dup.data(), n, a, p);  \
  }

/// M(NS, API, T) for each element type of the array functions.
#define GELU_DETAIL_FOR_EACH_ELEMENT(M, NS, API) \
  M(NS, API, float)                              \
  M(NS, API, double)                             \
  M(NS, API, ::gelu::bfloat16)                   \
  M(NS, API, ::gelu::float16)
#endif
