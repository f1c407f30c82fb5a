// geglu_forward / geglu_backward give the bits of the documented scalar composition
// (include/gelu/geglu.hpp; tests/geglu_composition.hpp) for every array length, offset and
// allowed aliasing, in float, double, bfloat16 and float16; so do the span overloads (C++20), which
// also throw on mismatched sizes and invalid choices, naming them.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "bounds.hpp"
#include "catch.hpp"
#include "geglu_composition.hpp"
#include "inputs.hpp"
#include "message_of.hpp"

namespace {

using gelu::accuracy;
using gelu::approximate;
using gelu_test::message_of;
using gelu_test::ref_dgate;
using gelu_test::ref_dup;
using gelu_test::ref_y;
using gelu_test::same_bits;

template <class T>
std::size_t count_differences(const T* a, const std::vector<T>& b, std::size_t n) {
  std::size_t bad = 0;
  for (std::size_t i = 0; i < n; ++i) bad += !same_bits(a[i], b[i]);
  return bad;
}

template <approximate A, accuracy P, class T>
void check_identity(const std::vector<T>& gate, const std::vector<T>& up,
                    const std::vector<T>& dy) {
  const std::size_t size = gate.size();
  std::vector<T> y(size), dg(size), du(size);
  for (std::size_t i = 0; i < size; ++i) {
    y[i] = ref_y<A, P>(gate[i], up[i]);
    du[i] = ref_dup<A, P>(dy[i], gate[i]);
    dg[i] = ref_dgate<A, P>(dy[i], gate[i], up[i]);
  }
  INFO(gelu_test::type_name<T>() << ", approximate " << static_cast<int>(A) << ", "
                                 << gelu_test::tier_name(P));

  // every n in 0..70 (and the whole set); each array at its own offset 0..7 from the others
  std::vector<T> g(size + 8), u(size + 8), d(size + 8), o1(size + 8), o2(size + 8);
  std::vector<std::size_t> sizes;
  for (std::size_t n = 0; n <= 70; ++n) sizes.push_back(n);
  sizes.push_back(size);
  std::size_t bad = 0;
  for (std::size_t off = 0; off < 8; ++off)
    for (std::size_t n : sizes) {
      if (n == size && off % 4 != 1) continue;  // the whole set at two offsets
      const std::size_t og = off, ou = (off + 3) % 8, od = (off + 5) % 8, o = (off + 6) % 8;
      std::copy(gate.begin(), gate.begin() + static_cast<std::ptrdiff_t>(n), g.data() + og);
      std::copy(up.begin(), up.begin() + static_cast<std::ptrdiff_t>(n), u.data() + ou);
      std::copy(dy.begin(), dy.begin() + static_cast<std::ptrdiff_t>(n), d.data() + od);
      gelu::geglu_forward(g.data() + og, u.data() + ou, o1.data() + o, n, A, P);
      bad += count_differences(o1.data() + o, y, n);
      gelu::geglu_backward(d.data() + od, g.data() + og, u.data() + ou, o1.data() + o,
                           o2.data() + off, n, A, P);
      bad += count_differences(o1.data() + o, dg, n) + count_differences(o2.data() + off, du, n);
    }
  CHECK(bad == 0);

  // aliasing: y = gate, y = up
  for (int which = 0; which < 2; ++which) {
    std::vector<T> a = gate, b = up;
    T* out = which == 0 ? a.data() : b.data();
    gelu::geglu_forward(a.data(), b.data(), out, size, A, P);
    INFO("geglu_forward, y = " << (which == 0 ? "gate" : "up"));
    CHECK(count_differences(out, y, size) == 0);
  }
  // aliasing: dgate and dup each one of (none, dy, gate, up), not the same array
  for (int wg = 0; wg < 4; ++wg)
    for (int wu = 0; wu < 4; ++wu) {
      if (wg != 0 && wg == wu) continue;
      std::vector<T> arrays[4] = {std::vector<T>(size), dy, gate, up};
      std::vector<T> own_du(size);
      T* out_g = arrays[wg].data();  // 0: a fresh array
      T* out_u = wu == 0 ? own_du.data() : arrays[wu].data();
      gelu::geglu_backward(arrays[1].data(), arrays[2].data(), arrays[3].data(), out_g, out_u, size,
                           A, P);
      static const char* names[4] = {"own", "dy", "gate", "up"};
      INFO("geglu_backward, dgate = " << names[wg] << ", dup = " << names[wu]);
      CHECK(count_differences(out_g, dg, size) == 0);
      CHECK(count_differences(out_u, du, size) == 0);
    }
}

/// Gates: float and double, the same-bits input set with up and dy from the factors (infinities
/// and NaN in every array); bfloat16 and float16, every bit pattern (NaNs, infinities, subnormals
/// included) with random bit patterns as up and dy.
template <class T>
void check_identity_type() {
  std::vector<T> gate, up, dy;
  if constexpr (sizeof(T) == 2) {
    gate.resize(65536);
    up.resize(65536);
    dy.resize(65536);
    std::mt19937 g(53);
    for (std::uint32_t h = 0; h < 65536; ++h) {
      gate[h] = T::from_bits(static_cast<std::uint16_t>(h));
      up[h] = T::from_bits(static_cast<std::uint16_t>(g()));
      dy[h] = T::from_bits(static_cast<std::uint16_t>(g()));
    }
  } else {
    gate = gelu_test::identity_inputs<T>(29);
    up = gelu_test::factors<T>(gate.size(), 31);
    dy = gelu_test::factors<T>(gate.size(), 37);
    for (T s : {std::numeric_limits<T>::infinity(), -std::numeric_limits<T>::infinity(),
                std::numeric_limits<T>::quiet_NaN()}) {  // specials in every array
      up[up.size() / 3] = s;
      dy[dy.size() / 5] = s;
      std::rotate(up.begin(), up.begin() + 7, up.end());
      std::rotate(dy.begin(), dy.begin() + 11, dy.end());
    }
  }
  gelu_test::for_each_tier([&](auto tier) {
    gelu_test::for_each_form([&](auto form) {
      check_identity<decltype(form)::value, decltype(tier)::value>(gate, up, dy);
    });
  });
}

}  // namespace

TEMPLATE_TEST_CASE("geglu: the bits of the scalar composition, any length, offset, aliasing",
                   "[geglu]", float, double, gelu::bfloat16, gelu::float16) {
  check_identity_type<TestType>();
}

#if GELU_HAS_SPAN
TEST_CASE("geglu: span overloads", "[geglu][span]") {
  std::vector<float> g = {-1.0f, 0.5f, 2.0f, -20.0f, 3.0f}, u = {2.0f, -1.0f, 0.25f, 1e30f, 1.0f};
  std::vector<float> y(5), y_ptr(5), dg(5), du(5), dg_ptr(5), du_ptr(5);
  gelu::geglu_forward(std::span<const float>(g), std::span<const float>(u), std::span<float>(y),
                      approximate::tanh);
  gelu::geglu_forward(g.data(), u.data(), y_ptr.data(), 5, approximate::tanh);
  gelu::geglu_backward(std::span<const float>(u), std::span<const float>(g),
                       std::span<const float>(u), std::span<float>(dg), std::span<float>(du),
                       approximate::none, accuracy::precise);
  gelu::geglu_backward(u.data(), g.data(), u.data(), dg_ptr.data(), du_ptr.data(), 5,
                       approximate::none, accuracy::precise);
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(same_bits(y[i], y_ptr[i]));
    CHECK(same_bits(dg[i], dg_ptr[i]));
    CHECK(same_bits(du[i], du_ptr[i]));
  }
  std::vector<double> a(3), b(4), c(3);
  CHECK(message_of([&] {
          gelu::geglu_forward(std::span<const double>(a), std::span<const double>(b),
                              std::span<double>(c));
        }) == "gelu::geglu_forward: size mismatch (3 vs 4)");
  CHECK(message_of([&] {
          gelu::geglu_forward(std::span<const double>(a), std::span<const double>(c),
                              std::span<double>(b));
        }) == "gelu::geglu_forward: size mismatch (3 vs 4)");
  for (int which = 0; which < 5; ++which) {
    std::vector<double> s[5] = {a, a, a, a, a};
    s[which] = b;
    CHECK(message_of([&] {
            gelu::geglu_backward(std::span<const double>(s[0]), std::span<const double>(s[1]),
                                 std::span<const double>(s[2]), std::span<double>(s[3]),
                                 std::span<double>(s[4]));
          }) == (which == 0 ? "gelu::geglu_backward: size mismatch (4 vs 3)"
                            : "gelu::geglu_backward: size mismatch (3 vs 4)"));
  }
}
namespace {
/// 16-bit spans: the pointer overloads' bits; invalid choices and sizes throw.
template <class S>
void check_spans16() {
  std::vector<S> g = {S(-1.0f), S(0.5f), S(2.0f), S(-20.0f), S(3.0f)},
                 u = {S(2.0f), S(-1.0f), S(0.25f), S(1e4f), S(1.0f)};
  std::vector<S> y(5), y_ptr(5), dg(5), du(5), dg_ptr(5), du_ptr(5);
  gelu::geglu_forward(std::span<const S>(g), std::span<const S>(u), std::span<S>(y),
                      approximate::tanh, accuracy::precise);
  gelu::geglu_forward(g.data(), u.data(), y_ptr.data(), 5, approximate::tanh, accuracy::precise);
  gelu::geglu_backward(std::span<const S>(u), std::span<const S>(g), std::span<const S>(u),
                       std::span<S>(dg), std::span<S>(du));
  gelu::geglu_backward(u.data(), g.data(), u.data(), dg_ptr.data(), du_ptr.data(), 5);
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(same_bits(y[i], y_ptr[i]));
    CHECK(same_bits(dg[i], dg_ptr[i]));
    CHECK(same_bits(du[i], du_ptr[i]));
  }
  std::vector<S> a(3), b(4);
  CHECK(message_of([&] {
          gelu::geglu_forward(std::span<const S>(a), std::span<const S>(b), std::span<S>(a));
        }) == "gelu::geglu_forward: size mismatch (3 vs 4)");
  CHECK(message_of([&] {
          gelu::geglu_backward(std::span<const S>(a), std::span<const S>(a), std::span<const S>(a),
                               std::span<S>(a), std::span<S>(b));
        }) == "gelu::geglu_backward: size mismatch (3 vs 4)");
  CHECK(message_of([&] {
          gelu::geglu_forward(std::span<const S>(a), std::span<const S>(a), std::span<S>(a),
                              static_cast<approximate>(3));
        }) ==
        "gelu::geglu_forward: approximate has the value 3, not one of none (0), tanh (1), "
        "sigmoid (2)");
  CHECK(message_of([&] {
          gelu::geglu_backward(std::span<const S>(a), std::span<const S>(a), std::span<const S>(a),
                               std::span<S>(a), std::span<S>(b), approximate::none,
                               static_cast<accuracy>(2));
        }) == "gelu::geglu_backward: accuracy has the value 2, not one of fast (0), precise (1)");
}
}  // namespace

TEST_CASE("geglu: span overloads (bfloat16, float16)", "[geglu][span]") {
  check_spans16<gelu::bfloat16>();
  check_spans16<gelu::float16>();
}
#endif
