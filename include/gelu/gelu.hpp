// gelu/gelu.hpp -- the public header: GELU in its three forms and their derivatives, for
// float and double, scalar and xsimd batches, and over arrays.
//
// Accuracy (error in ULPs of the true value, ULP of a subnormal = the smallest subnormal),
// over EVERY input of the type, float and double alike:
//   gelu<approximate::none>        <= 1 ULP    gelu_derivative<approximate::none>     <= 2 ULP
//   gelu<approximate::tanh>        <= 2 ULP    gelu_derivative<approximate::tanh>     <= 2 ULP
//   gelu<approximate::sigmoid>     <= 2 ULP    gelu_derivative<approximate::sigmoid>  <= 2 ULP
// Each approximation is measured against its own formula. The README has the measured maxima.
// Special values: NaN -> NaN; gelu(+inf) = +inf, gelu(-inf) = -0, gelu(+-0) = +-0;
// gelu_derivative(+inf) = 1, gelu_derivative(-inf) = 0, gelu_derivative(+-0) = 1/2.
// No finite input overflows an intermediate (x^3 is never formed; exp arguments are <= 0).
//
// One source, same bits: the scalar functions, every lane of the batch functions and the array
// functions evaluate the same kernel (detail/kernels.hpp), so in one build they return
// bit-identical results, whatever the array length, alignment or an element's position.
#pragma once

#include <cstddef>
#include <type_traits>
#if __cplusplus >= 202002L && __has_include(<span>)
#include <span>
#include <stdexcept>
#include <string>
#define GELU_HAS_SPAN 1
#else
#define GELU_HAS_SPAN 0
#endif

#include <xsimd/xsimd.hpp>

#include "detail/float_kernels.hpp"
#include "detail/kernels.hpp"
#include "detail/widen.hpp"
#include "version.hpp"

namespace gelu {

/// Which GELU: as PyTorch's approximate='none' | 'tanh'; sigmoid is x * sigmoid(1.702 x).
enum class approximate {
  none,     ///< exact: x Phi(x) = x/2 erfc(-x/sqrt 2)
  tanh,     ///< x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))   (BERT, GPT-2)
  sigmoid,  ///< x sigma(1.702 x)   ("QuickGELU", CLIP)
};

/// Value and derivative of gelu<A> at one x (see gelu_and_derivative).
template <class T>
struct value_and_derivative {
  T value;
  T derivative;
};

namespace detail {

/// The kernel for element type E (float or double) on double lanes D: float results come from
/// for_float:: (plain double, rounded once at the end), double results from the double-double
/// kernels of kernels.hpp.
template <approximate A, class E, want W, class D>
inline value_and_slope<D> kernel(const D& x) noexcept {
  if constexpr (std::is_same<E, float>::value) {
    if constexpr (A == approximate::none)
      return for_float::gelu_exact<W>(x);
    else if constexpr (A == approximate::tanh)
      return for_float::gelu_tanh<W>(x);
    else
      return for_float::gelu_sigmoid<W>(x);
  } else if constexpr (A == approximate::none) {
    return gelu_exact_pair<W>(x);
  } else {
    value_and_slope<D> r{D(0.0), D(0.0)};
    if constexpr (W != want::derivative) {
      if constexpr (A == approximate::none)
        r.value = gelu_exact(x);
      else if constexpr (A == approximate::tanh)
        r.value = gelu_tanh(x);
      else
        r.value = gelu_sigmoid(x);
    }
    if constexpr (W != want::value) {
      if constexpr (A == approximate::none)
        r.derivative = gelu_exact_derivative(x);
      else if constexpr (A == approximate::tanh)
        r.derivative = gelu_tanh_derivative(x);
      else
        r.derivative = gelu_sigmoid_derivative(x);
    }
    return r;
  }
}

/// Runs kernel<A, element type of T, W> on T: double as is, float through double, batches
/// lane-wise (a float batch as two double batches of the same ISA).
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
  wide_pair<Arch> w = widen(x);
  value_and_slope<xsimd::batch<double, Arch>> lo = kernel<A, float, W>(w.lo);
  value_and_slope<xsimd::batch<double, Arch>> hi = kernel<A, float, W>(w.hi);
  value_and_derivative<xsimd::batch<float, Arch>> r{xsimd::batch<float, Arch>(0.0f),
                                                    xsimd::batch<float, Arch>(0.0f)};
  if constexpr (W != want::derivative) r.value = narrow(wide_pair<Arch>{lo.value, hi.value});
  if constexpr (W != want::value)
    r.derivative = narrow(wide_pair<Arch>{lo.derivative, hi.derivative});
  return r;
}

}  // namespace detail

/// GELU of x. T: float, double, or xsimd::batch<float|double, Arch>.
/// Max error over all inputs: 1 ULP (approximate::none), 2 ULP (tanh, sigmoid); see the top of
/// this file for special values.
template <approximate A = approximate::none, class T>
inline T gelu(T x) noexcept {
  return detail::evaluate<A, detail::want::value>(x).value;
}

/// d/dx gelu<A>(x). T: float, double, or xsimd::batch<float|double, Arch>.
/// Max error over all inputs: 2 ULP for each variant, including the zero crossing near x = -0.75.
template <approximate A = approximate::none, class T>
inline T gelu_derivative(T x) noexcept {
  return detail::evaluate<A, detail::want::derivative>(x).derivative;
}

/// gelu<A>(x) and gelu_derivative<A>(x) in one evaluation (they share exp and, for the exact
/// form, the Mills ratio): the same bits as the two separate calls, for about the cost of one.
/// T: float, double, or xsimd::batch<float|double, Arch>. Error bounds as the separate calls.
template <approximate A = approximate::none, class T>
inline value_and_derivative<T> gelu_and_derivative(T x) noexcept {
  return detail::evaluate<A, detail::want::both>(x);
}

namespace detail {

/// y[i] = f(x[i]) in full batches of the build's widest ISA; the tail runs as one zero-padded
/// batch through the same code. y may alias x.
template <class T, class F>
inline void map_array(const T* x, T* y, std::size_t n, F f) noexcept {
  using batch = xsimd::batch<T>;
  constexpr std::size_t width = batch::size;
  std::size_t i = 0;
  for (; i + width <= n; i += width) f(batch::load_unaligned(x + i)).store_unaligned(y + i);
  if (i < n) {
    alignas(64) T buf[width] = {};
    for (std::size_t j = 0; i + j < n; ++j) buf[j] = x[i + j];
    f(batch::load_aligned(buf)).store_aligned(buf);
    for (std::size_t j = 0; i + j < n; ++j) y[i + j] = buf[j];
  }
}

/// dx[i] = dy[i] * f(x[i]); dx may alias dy or x.
template <class T, class F>
inline void map_array_scaled(const T* dy, const T* x, T* dx, std::size_t n, F f) noexcept {
  using batch = xsimd::batch<T>;
  constexpr std::size_t width = batch::size;
  std::size_t i = 0;
  for (; i + width <= n; i += width) {
    batch g = f(batch::load_unaligned(x + i));
    (batch::load_unaligned(dy + i) * g).store_unaligned(dx + i);
  }
  if (i < n) {
    alignas(64) T bx[width] = {};
    alignas(64) T bd[width] = {};
    for (std::size_t j = 0; i + j < n; ++j) {
      bx[j] = x[i + j];
      bd[j] = dy[i + j];
    }
    (batch::load_aligned(bd) * f(batch::load_aligned(bx))).store_aligned(bd);
    for (std::size_t j = 0; i + j < n; ++j) dx[i + j] = bd[j];
  }
}

/// y[i], d[i] = f(x[i]) (value, derivative); y or d (not both) may alias x.
template <class T, class F>
inline void map_array_pair(const T* x, T* y, T* d, std::size_t n, F f) noexcept {
  using batch = xsimd::batch<T>;
  constexpr std::size_t width = batch::size;
  std::size_t i = 0;
  for (; i + width <= n; i += width) {
    value_and_derivative<batch> r = f(batch::load_unaligned(x + i));
    r.value.store_unaligned(y + i);
    r.derivative.store_unaligned(d + i);
  }
  if (i < n) {
    alignas(64) T bx[width] = {};
    alignas(64) T bd[width];
    for (std::size_t j = 0; i + j < n; ++j) bx[j] = x[i + j];
    value_and_derivative<batch> r = f(batch::load_aligned(bx));
    r.value.store_aligned(bx);
    r.derivative.store_aligned(bd);
    for (std::size_t j = 0; i + j < n; ++j) {
      y[i + j] = bx[j];
      d[i + j] = bd[j];
    }
  }
}

template <class T>
inline void forward_and_derivative_impl(const T* x, T* y, T* d, std::size_t n,
                                        approximate a) noexcept {
  switch (a) {
    case approximate::none:
      return map_array_pair(
          x, y, d, n, [](const auto& v) { return gelu_and_derivative<approximate::none>(v); });
    case approximate::tanh:
      return map_array_pair(
          x, y, d, n, [](const auto& v) { return gelu_and_derivative<approximate::tanh>(v); });
    case approximate::sigmoid:
      return map_array_pair(
          x, y, d, n, [](const auto& v) { return gelu_and_derivative<approximate::sigmoid>(v); });
  }
}

template <class T>
inline void forward_impl(const T* x, T* y, std::size_t n, approximate a) noexcept {
  switch (a) {
    case approximate::none:
      return map_array(x, y, n, [](const auto& v) { return gelu<approximate::none>(v); });
    case approximate::tanh:
      return map_array(x, y, n, [](const auto& v) { return gelu<approximate::tanh>(v); });
    case approximate::sigmoid:
      return map_array(x, y, n, [](const auto& v) { return gelu<approximate::sigmoid>(v); });
  }
}

template <class T>
inline void backward_impl(const T* dy, const T* x, T* dx, std::size_t n, approximate a) noexcept {
  switch (a) {
    case approximate::none:
      return map_array_scaled(dy, x, dx, n,
                              [](const auto& v) { return gelu_derivative<approximate::none>(v); });
    case approximate::tanh:
      return map_array_scaled(dy, x, dx, n,
                              [](const auto& v) { return gelu_derivative<approximate::tanh>(v); });
    case approximate::sigmoid:
      return map_array_scaled(
          dy, x, dx, n, [](const auto& v) { return gelu_derivative<approximate::sigmoid>(v); });
  }
}

}  // namespace detail

/// y[i] = gelu(x[i]) for i < n (error bounds as gelu<>). y may alias x.
inline void forward(const float* x, float* y, std::size_t n,
                    approximate a = approximate::none) noexcept {
  detail::forward_impl(x, y, n, a);
}
/// y[i] = gelu(x[i]) for i < n (error bounds as gelu<>). y may alias x.
inline void forward(const double* x, double* y, std::size_t n,
                    approximate a = approximate::none) noexcept {
  detail::forward_impl(x, y, n, a);
}

/// dx[i] = dy[i] * gelu_derivative(x[i]), the derivative rounded to T first, then the product
/// rounded once (as torch's gelu_backward). dx may alias dy or x.
inline void backward(const float* dy, const float* x, float* dx, std::size_t n,
                     approximate a = approximate::none) noexcept {
  detail::backward_impl(dy, x, dx, n, a);
}
/// dx[i] = dy[i] * gelu_derivative(x[i]); dx may alias dy or x.
inline void backward(const double* dy, const double* x, double* dx, std::size_t n,
                     approximate a = approximate::none) noexcept {
  detail::backward_impl(dy, x, dx, n, a);
}

/// Training forward: y[i] = gelu(x[i]) and dydx[i] = gelu_derivative(x[i]) in one pass, the
/// same bits as forward() and backward() with dy = 1, for about the cost of forward() alone.
/// Keep dydx for the backward pass (dx = dy * dydx). y or dydx (not both) may alias x.
inline void forward_and_derivative(const float* x, float* y, float* dydx, std::size_t n,
                                   approximate a = approximate::none) noexcept {
  detail::forward_and_derivative_impl(x, y, dydx, n, a);
}
/// As the float overload, for double.
inline void forward_and_derivative(const double* x, double* y, double* dydx, std::size_t n,
                                   approximate a = approximate::none) noexcept {
  detail::forward_and_derivative_impl(x, y, dydx, n, a);
}

#if GELU_HAS_SPAN
namespace detail {
inline void check_sizes(const char* what, std::size_t a, std::size_t b) {
  if (a != b)
    throw std::invalid_argument(std::string("gelu::") + what + ": size mismatch (" +
                                std::to_string(a) + " vs " + std::to_string(b) + ")");
}
}  // namespace detail

/// Span overloads (C++20): as the pointer versions over x.size() elements; throw
/// std::invalid_argument naming both sizes when the spans' sizes differ.
inline void forward(std::span<const float> x, std::span<float> y,
                    approximate a = approximate::none) {
  detail::check_sizes("forward", x.size(), y.size());
  forward(x.data(), y.data(), x.size(), a);
}
inline void forward(std::span<const double> x, std::span<double> y,
                    approximate a = approximate::none) {
  detail::check_sizes("forward", x.size(), y.size());
  forward(x.data(), y.data(), x.size(), a);
}
inline void backward(std::span<const float> dy, std::span<const float> x, std::span<float> dx,
                     approximate a = approximate::none) {
  detail::check_sizes("backward", dy.size(), x.size());
  detail::check_sizes("backward", x.size(), dx.size());
  backward(dy.data(), x.data(), dx.data(), x.size(), a);
}
inline void backward(std::span<const double> dy, std::span<const double> x, std::span<double> dx,
                     approximate a = approximate::none) {
  detail::check_sizes("backward", dy.size(), x.size());
  detail::check_sizes("backward", x.size(), dx.size());
  backward(dy.data(), x.data(), dx.data(), x.size(), a);
}
inline void forward_and_derivative(std::span<const float> x, std::span<float> y,
                                   std::span<float> dydx, approximate a = approximate::none) {
  detail::check_sizes("forward_and_derivative", x.size(), y.size());
  detail::check_sizes("forward_and_derivative", x.size(), dydx.size());
  forward_and_derivative(x.data(), y.data(), dydx.data(), x.size(), a);
}
inline void forward_and_derivative(std::span<const double> x, std::span<double> y,
                                   std::span<double> dydx, approximate a = approximate::none) {
  detail::check_sizes("forward_and_derivative", x.size(), y.size());
  detail::check_sizes("forward_and_derivative", x.size(), dydx.size());
  forward_and_derivative(x.data(), y.data(), dydx.data(), x.size(), a);
}
#endif

}  // namespace gelu
