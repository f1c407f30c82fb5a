// A per-ISA reference for test_dispatch.cpp: compiled once per gelu::dispatch variant with that
// variant's flags (and once with -march=native) and -DGELU_TEST_REF=<isa>. It defines only
// constant data (the table) and functions, so nothing of it runs unless test_dispatch calls it,
// which it does only on a CPU that runs the ISA.
#include "reference.hpp"

#include <gelu/gelu.hpp>
#include <type_traits>

#define GELU_TEST_STR_(x) #x
#define GELU_TEST_STR(x) GELU_TEST_STR_(x)

namespace gelu_test {
namespace {

template <class F>
void with_choice(gelu::approximate a, gelu::accuracy p, F f) noexcept {
  auto tier = [&](auto form) {
    if (p == gelu::accuracy::precise)
      f(form, std::integral_constant<gelu::accuracy, gelu::accuracy::precise>{});
    else
      f(form, std::integral_constant<gelu::accuracy, gelu::accuracy::fast>{});
  };
  if (a == gelu::approximate::tanh)
    tier(std::integral_constant<gelu::approximate, gelu::approximate::tanh>{});
  else if (a == gelu::approximate::sigmoid)
    tier(std::integral_constant<gelu::approximate, gelu::approximate::sigmoid>{});
  else
    tier(std::integral_constant<gelu::approximate, gelu::approximate::none>{});
}

template <class T>
void scalar_forward(const T* x, T* y, std::size_t n, gelu::approximate a,
                    gelu::accuracy p) noexcept {
  with_choice(a, p, [&](auto f, auto t) {
    for (std::size_t i = 0; i < n; ++i)
      y[i] = gelu::gelu<decltype(f)::value, decltype(t)::value>(x[i]);
  });
}

/// backward's scalar composition: the derivative rounded to T, then the product; where the
/// precise float kernels run, dy times their double derivative rounded once (gelu.hpp's
/// backward, detail::derivative_times).
template <class T>
void scalar_backward(const T* dy, const T* x, T* dx, std::size_t n, gelu::approximate a,
                     gelu::accuracy p) noexcept {
  with_choice(a, p, [&](auto f, auto t) {
    constexpr gelu::approximate form = decltype(f)::value;
    constexpr gelu::accuracy tier = decltype(t)::value;
    for (std::size_t i = 0; i < n; ++i) {
      if constexpr (std::is_same<T, float>::value)
        dx[i] = gelu::detail::derivative_times<form, tier, float>(x[i], dy[i]);
      else
        dx[i] = dy[i] * gelu::gelu_derivative<form, tier>(x[i]);
    }
  });
}

template <class T>
void scalar_forward_and_derivative(const T* x, T* y, T* d, std::size_t n, gelu::approximate a,
                                   gelu::accuracy p) noexcept {
  with_choice(a, p, [&](auto f, auto t) {
    for (std::size_t i = 0; i < n; ++i) {
      gelu::value_and_derivative<T> r =
          gelu::gelu_and_derivative<decltype(f)::value, decltype(t)::value>(x[i]);
      y[i] = r.value;
      d[i] = r.derivative;
    }
  });
}

/// GeGLU's documented scalar composition (gelu/geglu.hpp).
template <class T>
void scalar_geglu_forward(const T* gate, const T* up, T* y, std::size_t n, gelu::approximate a,
                          gelu::accuracy p) noexcept {
  with_choice(a, p, [&](auto f, auto t) {
    for (std::size_t i = 0; i < n; ++i)
      y[i] = gelu::gelu<decltype(f)::value, decltype(t)::value>(gate[i]) * up[i];
  });
}

template <class T>
void scalar_geglu_backward(const T* dy, const T* gate, const T* up, T* dgate, T* dup, std::size_t n,
                           gelu::approximate a, gelu::accuracy p) noexcept {
  with_choice(a, p, [&](auto f, auto t) {
    for (std::size_t i = 0; i < n; ++i) {
      gelu::value_and_derivative<T> r =
          gelu::gelu_and_derivative<decltype(f)::value, decltype(t)::value>(gate[i]);
      // precise float: dy * up * gelu' in double, rounded once to float
      using W = std::conditional_t<decltype(t)::value == gelu::accuracy::precise, double, T>;
      dgate[i] = static_cast<T>((static_cast<W>(dy[i]) * static_cast<W>(up[i])) *
                                static_cast<W>(r.derivative));
      dup[i] = dy[i] * r.value;
    }
  });
}

}  // namespace

extern const reference_unit GELU_TEST_REFERENCE(GELU_TEST_REF);
const reference_unit GELU_TEST_REFERENCE(GELU_TEST_REF) = {
    GELU_TEST_STR(GELU_TEST_REF),
    GELU_ISA_NAMESPACE_STRING,
    {&gelu::forward, &gelu::backward, &gelu::forward_and_derivative, &gelu::geglu_forward,
     &gelu::geglu_backward},
    {&scalar_forward<float>, &scalar_backward<float>, &scalar_forward_and_derivative<float>,
     &scalar_geglu_forward<float>, &scalar_geglu_backward<float>},
    {&gelu::forward, &gelu::backward, &gelu::forward_and_derivative, &gelu::geglu_forward,
     &gelu::geglu_backward},
    {&scalar_forward<double>, &scalar_backward<double>, &scalar_forward_and_derivative<double>,
     &scalar_geglu_forward<double>, &scalar_geglu_backward<double>},
    {&gelu::forward, &gelu::backward, &gelu::forward_and_derivative, &gelu::geglu_forward,
     &gelu::geglu_backward},
    {&gelu::forward, &gelu::backward, &gelu::forward_and_derivative, &gelu::geglu_forward,
     &gelu::geglu_backward},
};

}  // namespace gelu_test
