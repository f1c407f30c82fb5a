// The textbook GELU formulas the peers are composed from (as PyTorch writes them), for any type
// with +, *, and the erf / tanh / exp functions passed in. `E`, `Th` and `Ex` are callables.
#pragma once

namespace gelu_bench {
namespace formula {

inline constexpr double inv_sqrt2 = 0.70710678118654752440;
inline constexpr double inv_sqrt2pi = 0.39894228040143267794;
inline constexpr double k = 0.79788456080286535588;  // sqrt(2/pi)
inline constexpr double c = 0.044715;
inline constexpr double b = 1.702;

/// 0.5 x (1 + erf(x / sqrt 2))
template <class V, class S, class E>
V exact(const V& x, E erf) {
  return S(0.5) * x * (S(1) + erf(x * S(inv_sqrt2)));
}
/// Phi(x) + x phi(x) = 0.5 (1 + erf(x / sqrt 2)) + x exp(-x^2/2) / sqrt(2 pi)
template <class V, class S, class E, class Ex>
V exact_derivative(const V& x, E erf, Ex exp) {
  return S(0.5) * (S(1) + erf(x * S(inv_sqrt2))) + x * S(inv_sqrt2pi) * exp(S(-0.5) * x * x);
}
/// 0.5 x (1 + tanh(k (x + c x^3)))
template <class V, class S, class Th>
V tanh_form(const V& x, Th tanh) {
  return S(0.5) * x * (S(1) + tanh(S(k) * (x + S(c) * x * x * x)));
}
/// 0.5 (1 + t) + 0.5 x (1 - t^2) k (1 + 3 c x^2), t = tanh(k (x + c x^3))   (torch's backward)
template <class V, class S, class Th>
V tanh_derivative(const V& x, Th tanh) {
  V t = tanh(S(k) * (x + S(c) * x * x * x));
  return S(0.5) * (S(1) + t) + S(0.5) * x * (S(1) - t * t) * S(k) * (S(1) + S(3 * c) * x * x);
}
/// x / (1 + exp(-b x))
template <class V, class S, class Ex>
V sigmoid_form(const V& x, Ex exp) {
  return x / (S(1) + exp(S(-b) * x));
}
/// s + b x s (1 - s), s = 1 / (1 + exp(-b x))
template <class V, class S, class Ex>
V sigmoid_derivative(const V& x, Ex exp) {
  V s = S(1) / (S(1) + exp(S(-b) * x));
  return s + S(b) * x * s * (S(1) - s);
}

}  // namespace formula
}  // namespace gelu_bench
