// Eigen 3.4 array expressions: .erf() (unsupported/SpecialFunctions), .tanh(), .exp().
#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <unsupported/Eigen/SpecialFunctions>

#include "registry.hpp"

namespace gelu_bench {
namespace {

template <class T>
using array_in = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>;
template <class T>
using array_out = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>;

/// A temporary used twice in an expression (t and t*t): evaluated once, on the stack, a block of
/// at most kBlock elements at a time (a heap temporary of the whole array would add an
/// allocation and page faults to every call).
constexpr Eigen::Index kBlock = 1024;
template <class T>
using block = Eigen::Array<T, Eigen::Dynamic, 1, Eigen::ColMajor, kBlock, 1>;

template <class T, class F>
void in_blocks(const T* dy, const T* x, T* dx, std::size_t n, F f) {
  for (std::size_t i = 0; i < n; i += kBlock) {
    const auto m = static_cast<Eigen::Index>(std::min<std::size_t>(kBlock, n - i));
    f(array_in<T>(dy + i, m), array_in<T>(x + i, m), array_out<T>(dx + i, m));
  }
}

template <class T>
struct constants {  // static members: usable in the capture-less lambdas below
  static constexpr T half = T(0.5), one = T(1), inv_sqrt2 = T(0.70710678118654752440),
                     inv_sqrt2pi = T(0.39894228040143267794), k = T(0.79788456080286535588),
                     c = T(0.044715), b = T(1.702);
};

template <class T>
kernel_set<T> eigen() {
  using K = constants<T>;
  kernel_set<T> s;
  s.forward[exact] = [](const T* x, T* y, std::size_t n) {
    array_in<T> a(x, Eigen::Index(n));
    array_out<T>(y, Eigen::Index(n)) = K::half * a * (K::one + (a * K::inv_sqrt2).erf());
  };
  s.forward[tanh_form] = [](const T* x, T* y, std::size_t n) {
    array_in<T> a(x, Eigen::Index(n));
    array_out<T>(y, Eigen::Index(n)) =
        K::half * a * (K::one + (K::k * (a + K::c * a * a * a)).tanh());
  };
  s.forward[sigmoid_form] = [](const T* x, T* y, std::size_t n) {
    array_in<T> a(x, Eigen::Index(n));
    array_out<T>(y, Eigen::Index(n)) = a / (K::one + (-K::b * a).exp());
  };
  s.backward[exact] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    array_in<T> a(x, Eigen::Index(n)), g(dy, Eigen::Index(n));
    array_out<T>(dx, Eigen::Index(n)) = g * (K::half * (K::one + (a * K::inv_sqrt2).erf()) +
                                             a * K::inv_sqrt2pi * (T(-0.5) * a * a).exp());
  };
  s.backward[tanh_form] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    in_blocks(dy, x, dx, n, [](const auto& g, const auto& a, auto out) {
      block<T> t = (K::k * (a + K::c * a * a * a)).tanh();
      out = g * (K::half * (K::one + t) +
                 K::half * a * (K::one - t * t) * K::k * (K::one + T(3) * K::c * a * a));
    });
  };
  s.backward[sigmoid_form] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    in_blocks(dy, x, dx, n, [](const auto& g, const auto& a, auto out) {
      block<T> sg = K::one / (K::one + (-K::b * a).exp());
      out = g * (sg + K::b * a * sg * (K::one - sg));
    });
  };
  return s;
}

const registrar add{
    {"eigen",
     "Eigen " EIGEN_MAKESTRING(EIGEN_WORLD_VERSION) "." EIGEN_MAKESTRING(
         EIGEN_MAJOR_VERSION) "." EIGEN_MAKESTRING(EIGEN_MINOR_VERSION) " array expressions: "
                                                                        "0.5x(1+erf), tanh, exp",
     eigen<float>(), eigen<double>()}};

}  // namespace
}  // namespace gelu_bench
