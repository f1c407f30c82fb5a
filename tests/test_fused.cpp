// gelu_and_derivative / forward_and_derivative: the same bits as the separate gelu<> and
// gelu_derivative<> calls, for scalars, batches and arrays of every length, offset and aliasing.
#include <cstring>
#include <limits>
#include <stdexcept>
#include <vector>

#include "bounds.hpp"
#include "catch.hpp"
#include "inputs.hpp"

namespace {

using gelu_test::same_bits;

template <gelu::approximate A, gelu::accuracy P, class T>
void check_variant(const std::vector<T>& xs) {
  const int fv = 2 * static_cast<int>(A);
  std::vector<T> value(xs.size()), slope(xs.size());
  std::size_t bad = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    value[i] = gelu_test::call<P>(fv, xs[i]);
    slope[i] = gelu_test::call<P>(fv + 1, xs[i]);
    gelu::value_and_derivative<T> s = gelu::gelu_and_derivative<A, P>(xs[i]);
    bad += !same_bits(s.value, value[i]) + !same_bits(s.derivative, slope[i]);
  }
  INFO("variant " << static_cast<int>(A) << ", " << gelu_test::tier_name(P)
                  << ": scalar gelu_and_derivative");
  CHECK(bad == 0);

  using batch = xsimd::batch<T>;
  constexpr std::size_t w = batch::size;
  alignas(64) T bv[w], bd[w];
  bad = 0;
  for (std::size_t i = 0; i + w <= xs.size(); i += w) {
    gelu::value_and_derivative<batch> b =
        gelu::gelu_and_derivative<A, P>(batch::load_unaligned(xs.data() + i));
    b.value.store_aligned(bv);
    b.derivative.store_aligned(bd);
    for (std::size_t j = 0; j < w; ++j)
      bad += !same_bits(bv[j], value[i + j]) + !same_bits(bd[j], slope[i + j]);
  }
  INFO("batch gelu_and_derivative");
  CHECK(bad == 0);

  // arrays: every n in 0..70 and the whole set, offsets 0..7
  std::vector<T> in(xs.size() + 8), y(xs.size() + 8), d(xs.size() + 8);
  bad = 0;
  std::vector<std::size_t> sizes;
  for (std::size_t n = 0; n <= 70; ++n) sizes.push_back(n);
  sizes.push_back(xs.size());
  for (std::size_t off = 0; off < 8; ++off)
    for (std::size_t n : sizes) {
      std::copy(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(n),
                in.begin() + static_cast<std::ptrdiff_t>(off));
      gelu::forward_and_derivative(in.data() + off, y.data() + off, d.data() + off, n, A, P);
      for (std::size_t i = 0; i < n; ++i)
        bad += !same_bits(y[off + i], value[i]) + !same_bits(d[off + i], slope[i]);
    }
  INFO("forward_and_derivative arrays");
  CHECK(bad == 0);

  // aliasing: y == x, then dydx == x
  std::vector<T> a1 = xs, d1(xs.size()), a2 = xs, y2(xs.size());
  gelu::forward_and_derivative(a1.data(), a1.data(), d1.data(), a1.size(), A, P);
  gelu::forward_and_derivative(a2.data(), y2.data(), a2.data(), a2.size(), A, P);
  bad = 0;
  for (std::size_t i = 0; i < xs.size(); ++i)
    bad += !same_bits(a1[i], value[i]) + !same_bits(d1[i], slope[i]) + !same_bits(y2[i], value[i]) +
           !same_bits(a2[i], slope[i]);
  INFO("forward_and_derivative in place");
  CHECK(bad == 0);
}

template <class T>
void check_type() {
  const std::vector<T> xs = gelu_test::identity_inputs<T>(11);
  gelu_test::for_each_tier([&](auto tier) {
    constexpr gelu::accuracy P = decltype(tier)::value;
    check_variant<gelu::approximate::none, P>(xs);
    check_variant<gelu::approximate::tanh, P>(xs);
    check_variant<gelu::approximate::sigmoid, P>(xs);
  });
}

}  // namespace

TEST_CASE("fused value + derivative: same bits as the separate calls (float)", "[fused]") {
  check_type<float>();
}
TEST_CASE("fused value + derivative: same bits as the separate calls (double)", "[fused]") {
  check_type<double>();
}

#if GELU_HAS_SPAN
TEST_CASE("forward_and_derivative span overload checks sizes", "[fused][span]") {
  std::vector<float> x(5, 1.0f), y(5), d(5), short_d(4);
  gelu::forward_and_derivative(x, y, d);
  CHECK(y[0] == gelu::gelu(1.0f));
  CHECK(d[0] == gelu::gelu_derivative(1.0f));
  CHECK_THROWS_AS(gelu::forward_and_derivative(x, y, short_d), std::invalid_argument);
}
#endif
