// gelu/detail/arrays.hpp -- the array loops: full batches of the build's widest ISA, the tail as
// one zero-padded batch through the same code, for every storage type (storage.hpp), and the
// run-time `approximate` and `accuracy` arguments turned into the compile-time form and tier the
// kernels take.
#pragma once

#include <cassert>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "../types.hpp"
#include "compacting_loops.hpp"
#include "evaluate.hpp"
#include "storage.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {

// Each loop reads and writes elements of S through storage<S> (storage.hpp) and calls f on
// batches of storage<S>::compute_type: float and double as they are, bfloat16 and float16
// widened to float and each result rounded once to S.

/// y[i] = f(x[i]). y may alias x.
template <class S, class F>
inline void map_array(const S* x, S* y, std::size_t n, F f) noexcept {
  using st = storage<S>;
  constexpr std::size_t width = xsimd::batch<typename st::compute_type>::size;
  std::size_t i = 0;
  for (; i + width <= n; i += width) st::store(f(st::load(x + i)), y + i);
  if (i < n) {
    alignas(64) S buf[width] = {};
    for (std::size_t j = 0; i + j < n; ++j) buf[j] = x[i + j];
    st::store(f(st::load(buf)), buf);
    for (std::size_t j = 0; i + j < n; ++j) y[i + j] = buf[j];
  }
}

/// dx[i] = dy[i] * f(x[i]) (the product in the compute type); dx may alias dy or x.
template <class S, class F>
inline void map_array_scaled(const S* dy, const S* x, S* dx, std::size_t n, F f) noexcept {
  using st = storage<S>;
  constexpr std::size_t width = xsimd::batch<typename st::compute_type>::size;
  std::size_t i = 0;
  for (; i + width <= n; i += width) {
    auto g = f(st::load(x + i));
    st::store(st::load(dy + i) * g, dx + i);
  }
  if (i < n) {
    alignas(64) S bx[width] = {};
    alignas(64) S bd[width] = {};
    for (std::size_t j = 0; i + j < n; ++j) {
      bx[j] = x[i + j];
      bd[j] = dy[i + j];
    }
    st::store(st::load(bd) * f(st::load(bx)), bd);
    for (std::size_t j = 0; i + j < n; ++j) dx[i + j] = bd[j];
  }
}

/// y[i], d[i] = f(x[i]) (value, derivative); y or d (not both) may alias x.
template <class S, class F>
inline void map_array_pair(const S* x, S* y, S* d, std::size_t n, F f) noexcept {
  using st = storage<S>;
  using batch = xsimd::batch<typename st::compute_type>;
  constexpr std::size_t width = batch::size;
  std::size_t i = 0;
  for (; i + width <= n; i += width) {
    value_and_derivative<batch> r = f(st::load(x + i));
    st::store(r.value, y + i);
    st::store(r.derivative, d + i);
  }
  if (i < n) {
    alignas(64) S bx[width] = {};
    alignas(64) S bd[width];
    for (std::size_t j = 0; i + j < n; ++j) bx[j] = x[i + j];
    value_and_derivative<batch> r = f(st::load(bx));
    st::store(r.value, bx);
    st::store(r.derivative, bd);
    for (std::size_t j = 0; i + j < n; ++j) {
      y[i + j] = bx[j];
      d[i + j] = bd[j];
    }
  }
}

template <approximate A>
using form = std::integral_constant<approximate, A>;
template <accuracy P>
using tier = std::integral_constant<accuracy, P>;

/// Calls f(form<a>{}, tier<p>{}) for a run-time `a` and `p`; false (f not called) when either is
/// not an enumerator.
template <class F>
inline bool with_choice(approximate a, accuracy p, F&& f) noexcept {
  auto with_tier = [&](auto form_a) {
    switch (p) {
      case accuracy::fast:
        f(form_a, tier<accuracy::fast>{});
        return true;
      case accuracy::precise:
        f(form_a, tier<accuracy::precise>{});
        return true;
    }
    return false;
  };
  switch (a) {
    case approximate::none:
      return with_tier(form<approximate::none>{});
    case approximate::tanh:
      return with_tier(form<approximate::tanh>{});
    case approximate::sigmoid:
      return with_tier(form<approximate::sigmoid>{});
  }
  return false;
}

/// What the noexcept array functions do with an `approximate` or `accuracy` outside its
/// enumerators: assert in debug builds, else fill the output with NaN (never leave it unwritten).
template <class T>
inline void reject_choice(T* out, std::size_t n) noexcept {
  assert(false &&
         "gelu: `approximate` is not one of none, tanh, sigmoid, or `accuracy` not one of fast, "
         "precise");
  using st = storage<T>;
  for (std::size_t i = 0; i < n; ++i)
    st::store(std::numeric_limits<typename st::compute_type>::quiet_NaN(), out + i);
}

/// Whether the array functions of tier P for element type T run compacting_loops.hpp's loops
/// (the fast tier's float in AVX-512 builds) rather than the per-batch ones above.
template <class T, accuracy P>
inline constexpr bool compacts = (P == accuracy::fast) && (std::is_same<T, float>::value) &&
                                 (compacting_loops);

template <class T>
inline void forward_array(const T* x, T* y, std::size_t n, approximate a, accuracy p) noexcept {
  bool ok = with_choice(a, p, [&](auto f, auto t) {
    if constexpr (compacts<T, decltype(t)::value>) {
      compacting_forward<decltype(f)::value>(x, y, n);
    } else {
      map_array(x, y, n, [](const auto& v) GELU_LAMBDA_INLINE {
        return evaluate<decltype(f)::value, decltype(t)::value, want::value>(v).value;
      });
    }
  });
  if (!ok) reject_choice(y, n);
}

template <class T>
inline void backward_array(const T* dy, const T* x, T* dx, std::size_t n, approximate a,
                           accuracy p) noexcept {
  bool ok = with_choice(a, p, [&](auto f, auto t) {
    if constexpr (compacts<T, decltype(t)::value>) {
      compacting_backward<decltype(f)::value>(dy, x, dx, n);
    } else {
      map_array_scaled(dy, x, dx, n, [](const auto& v) GELU_LAMBDA_INLINE {
        return evaluate<decltype(f)::value, decltype(t)::value, want::derivative>(v).derivative;
      });
    }
  });
  if (!ok) reject_choice(dx, n);
}

template <class T>
inline void forward_and_derivative_array(const T* x, T* y, T* d, std::size_t n, approximate a,
                                         accuracy p) noexcept {
  bool ok = with_choice(a, p, [&](auto f, auto t) {
    if constexpr (compacts<T, decltype(t)::value>) {
      compacting_forward_and_derivative<decltype(f)::value>(x, y, d, n);
    } else {
      map_array_pair(x, y, d, n, [](const auto& v) GELU_LAMBDA_INLINE {
        return evaluate<decltype(f)::value, decltype(t)::value, want::both>(v);
      });
    }
  });
  if (!ok) {
    reject_choice(y, n);
    reject_choice(d, n);
  }
}

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
