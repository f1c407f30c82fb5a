// gelu::bfloat16 and gelu::float16: the types, their conversions (scalar = batch = instructions =
// integer code, bit for bit), and the array functions over every one of the 65 536 inputs of
// each type against MPFR, in both tiers: within gelu.hpp's bound, 0.5 + 2^-10 ULP of the storage
// type (so <= 1 ULP).
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "bounds.hpp"
#include "catch.hpp"
#include "inputs.hpp"
#include "mpfr_reference.hpp"
#include "ulp.hpp"

namespace {

using gelu::bfloat16;
using gelu::float16;
using gelu::detail::storage;
using gelu_test::bits_of;
using gelu_test::from_bits;
using gelu_test::same_bits;
using gelu_test::type_name;
using gelu_test::ulp_error;
/// Errors in ULPs of S (tests/ulp.hpp). The references are MPFR's rounded to double: a zero one
/// stands for a truth far below S's smallest subnormal, so it wants an exact 0.
constexpr gelu_test::zero_reference exact = gelu_test::zero_reference::exact;

// ---- the types ---------------------------------------------------------------------------------
template <class S>
constexpr bool type_ok =
    std::is_trivially_copyable<S>::value&& std::is_trivially_default_constructible<S>::value&&
        std::is_standard_layout<S>::value &&
    sizeof(S) == 2 && std::is_constructible<S, float>::value &&
    !std::is_convertible<float, S>::value && std::is_constructible<float, S>::value &&
    !std::is_convertible<S, float>::value;
static_assert(type_ok<bfloat16>, "bfloat16: trivially copyable, 2 bytes, explicit conversions");
static_assert(type_ok<float16>, "float16: trivially copyable, 2 bytes, explicit conversions");

TEST_CASE("storage types: values of known bit patterns", "[storage]") {
  CHECK(bfloat16(1.0f).bits() == 0x3f80);
  CHECK(bfloat16(-2.0f).bits() == 0xc000);
  CHECK(float16(1.0f).bits() == 0x3c00);
  CHECK(float16(65504.0f).bits() == 0x7bff);
  CHECK(float16(65519.99f).bits() == 0x7bff);
  CHECK(float16(65520.0f).bits() == 0x7c00);                        // IEEE: overflow to inf
  CHECK(float16(-1e10f).bits() == 0xfc00);                          // -inf
  CHECK(float16(0x1p-24f).bits() == 0x0001);                        // smallest subnormal
  CHECK(float16(0x1p-25f).bits() == 0x0000);                        // tie to even: 0
  CHECK(float16(0x1.000002p-25f).bits() == 0x0001);                 // above the tie
  CHECK(float16(0x3p-25f).bits() == 0x0002);                        // tie to even: 2
  CHECK(bfloat16(from_bits<float>(0x3f808000u)).bits() == 0x3f80);  // tie to even (down)
  CHECK(bfloat16(from_bits<float>(0x3f818000u)).bits() == 0x3f82);  // tie to even (up)
  CHECK(bfloat16(from_bits<float>(0x00400000u)).bits() == 0x0040);  // subnormal kept
  CHECK(bfloat16(from_bits<float>(0x807fffffu)).bits() == 0x8080);  // rounds up to -FLT_MIN
  CHECK(bfloat16(from_bits<float>(0x7f7fffffu)).bits() == 0x7f80);  // FLT_MAX -> inf
  CHECK(bfloat16(from_bits<float>(0x7f800001u)).bits() == 0x7fc0);  // sNaN quieted
  CHECK(float16(from_bits<float>(0x7f812345u)).bits() == 0x7e09);   // NaN: top payload bits
  CHECK(bits_of(static_cast<float>(float16::from_bits(0x7c01))) == 0x7fc02000u);   // quieted
  CHECK(bits_of(static_cast<float>(bfloat16::from_bits(0x7f81))) == 0x7f810000u);  // shift
  CHECK(static_cast<float>(float16::from_bits(0x0001)) == 0x1p-24f);
  CHECK(static_cast<float>(bfloat16::from_bits(0x0001)) == 0x1p-133f);
  CHECK(bfloat16{}.bits() == 0);
  CHECK(float16{}.bits() == 0);
}

// ---- conversions: scalar = batch (this build's instructions) = integer code ---------------------

/// Every 16-bit pattern to float: the batch load equals the scalar conversion (bits).
template <class S, class Arch>
std::size_t load_mismatches() {
  using batch = xsimd::batch<float, Arch>;
  constexpr std::size_t w = batch::size;
  std::vector<S> all(65536 + w);
  for (std::uint32_t h = 0; h < 65536; ++h) all[h] = S::from_bits(static_cast<std::uint16_t>(h));
  std::size_t bad = 0;
  alignas(64) float out[w], out_int[w];
  for (std::size_t i = 0; i < 65536; i += w) {
    storage<S>::template load<Arch>(all.data() + i).store_aligned(out);
    if constexpr (std::is_same<S, float16>::value)
      storage<S>::template load_by_integers<Arch>(all.data() + i).store_aligned(out_int);
    else
      std::memcpy(out_int, out, sizeof out);
    for (std::size_t j = 0; j < w; ++j) {
      std::uint32_t s = bits_of(static_cast<float>(all[i + j]));
      bad += bits_of(out[j]) != s || bits_of(out_int[j]) != s;
    }
  }
  return bad;
}

/// The floats the float -> S test converts: every `stride`-th bit pattern, and around every
/// rounding boundary of S (each halfway case and its neighbours, for every S value), NaN
/// payloads, infinities, the overflow boundary and the subnormal boundaries.
template <class S>
std::vector<float> make_conversion_inputs(std::uint32_t stride) {
  std::vector<float> v;
  for (std::uint64_t u = 0; u < (1ull << 32); u += stride)
    v.push_back(from_bits<float>(static_cast<std::uint32_t>(u)));
  for (std::uint32_t h = 0; h < 65536; ++h) {
    float a = static_cast<float>(S::from_bits(static_cast<std::uint16_t>(h)));
    float b = static_cast<float>(S::from_bits(static_cast<std::uint16_t>(h + 1)));
    if (!std::isfinite(a) || !std::isfinite(b) || std::signbit(a) != std::signbit(b)) continue;
    float mid = static_cast<float>((static_cast<double>(a) + b) / 2);  // exact in float
    for (float c : {a, mid}) {
      v.push_back(c);
      v.push_back(std::nextafter(c, 0.0f));
      v.push_back(std::nextafter(c, c > 0 ? 1e38f : -1e38f));
    }
  }
  for (std::uint32_t m :
       {1u, 2u, 0x1fffu, 0x2000u, 0x3fffffu, 0x400000u, 0x400001u, 0x7fffffu, 0x12345u, 0x7e000u})
    for (std::uint32_t sign : {0u, 0x80000000u})
      v.push_back(from_bits<float>(sign | 0x7f800000u | m));
  for (float f :
       {INFINITY,    -INFINITY,       65504.0f,     65519.996f, 65520.0f,         65536.0f,
        0x1.fep127f, 0x1.ff7fffp127f, 0x1.ff8p127f, FLT_MAX,    0x1p-14f,         0x1.ffcp-15f,
        0x1p-24f,    0x1p-25f,        0x1p-26f,     FLT_MIN,    0x1.fffffcp-127f, 0x1p-133f,
        0x1p-134f,   0x1p-149f,       0.0f})
    for (float s : {1.0f, -1.0f}) v.push_back(s * f);
  while (v.size() % 64) v.push_back(0.0f);
  return v;
}

template <class S>
const std::vector<float>& conversion_inputs(std::uint32_t stride) {
  static const std::vector<float> v = make_conversion_inputs<S>(stride);  // (one stride a run)
  return v;
}

/// Floats to S: the batch store (instructions where the build has them), the integer batch
/// code and the scalar conversion give the same bits.
template <class S, class Arch>
std::size_t store_mismatches(std::uint32_t stride) {
  using batch = xsimd::batch<float, Arch>;
  constexpr std::size_t w = batch::size;
  const std::vector<float>& v = conversion_inputs<S>(stride);
  std::size_t bad = 0, shown = 0;
  S out[w], out_int[w];
  for (std::size_t i = 0; i < v.size(); i += w) {
    batch b = batch::load_unaligned(v.data() + i);
    storage<S>::store(b, out);
    storage<S>::store_by_integers(b, out_int);
    for (std::size_t j = 0; j < w; ++j) {
      std::uint16_t s = S(v[i + j]).bits();
      if (out[j].bits() != s || out_int[j].bits() != s) {
        ++bad;
        if (shown++ < 5)
          std::printf("%s, %s: float %08x -> scalar %04x, batch %04x, integer batch %04x\n",
                      type_name<S>(), Arch::name(), bits_of(v[i + j]), s, out[j].bits(),
                      out_int[j].bits());
      }
    }
  }
  return bad;
}

TEST_CASE("storage types: scalar, batch and integer conversions give the same bits",
          "[storage][conversion]") {
  const std::uint32_t stride = std::getenv("GELU_TEST_REDUCED") ? 4099 : 257;  // odd: all low bits
  auto check_arch = [&](auto arch) {
    using A = decltype(arch);
    INFO("arch " << A::name() << " (float16 instructions: "
                 << gelu::detail::isa::has_float16_instructions<A> << ", bfloat16 instructions: "
                 << gelu::detail::isa::has_bfloat16_instructions<A> << ")");
    CHECK(load_mismatches<bfloat16, A>() == 0);
    CHECK(load_mismatches<float16, A>() == 0);
    CHECK(store_mismatches<bfloat16, A>(stride) == 0);
    CHECK(store_mismatches<float16, A>(stride) == 0);
    std::printf(
        "conversions checked in arch %s (float16 instructions: %d, bfloat16 "
        "instructions: %d)\n",
        A::name(), int(gelu::detail::isa::has_float16_instructions<A>),
        int(gelu::detail::isa::has_bfloat16_instructions<A>));
  };
  // the build's own batches, and the narrower ones the build also has (in the native build:
  // F16C on 256 and 128 bits besides AVX-512's conversions)
  check_arch(xsimd::default_arch{});
#if XSIMD_WITH_AVX2
  if (!std::is_same<xsimd::default_arch, xsimd::avx2>::value) check_arch(xsimd::avx2{});
#endif
#if XSIMD_WITH_SSE2
  if (!std::is_same<xsimd::default_arch, xsimd::sse2>::value) check_arch(xsimd::sse2{});
#endif
}

// ---- accuracy over all 65 536 inputs
// --------------------------------------------------------------

/// The neighbour of the 16-bit value c towards +inf (up) or -inf: one step of its bits.
template <class S>
S next16(S c, bool up) {
  const std::uint16_t b = c.bits();
  const bool negative = (b & 0x8000u) != 0;
  if ((b & 0x7fffu) == 0) return S::from_bits(up ? 0x0001u : 0x8001u);  // +-0
  return S::from_bits(static_cast<std::uint16_t>(up != negative ? b + 1u : b - 1u));
}

/// v = f(x) (MPFR) rounded to nearest S, ties to even: decided exactly, by comparing v with the
/// midpoints around a candidate (each exact in double). A zero v at x < 0 is an underflow of
/// MPFR's exponent range (exp(-x^2/2) below 2^-(2^30) from |x| = 38 582 on, exp(-|z|) of the tanh
/// form from |x| = 2 800): there every value and derivative is negative (x < x0), so -0.
template <class S>
S correctly_rounded(const mpfr_t v, float x) {
  if (mpfr_zero_p(v) && x < 0) return S(-0.0f);
  S c(static_cast<float>(mpfr_get_d(v, MPFR_RNDN)));  // off by at most one step (two roundings)
  for (int step = 0; step < 2; ++step) {
    const double at = static_cast<double>(static_cast<float>(c));
    const double up = 0.5 * (at + static_cast<double>(static_cast<float>(next16(c, true))));
    const double down = 0.5 * (at + static_cast<double>(static_cast<float>(next16(c, false))));
    const int above = mpfr_cmp_d(v, up), below = mpfr_cmp_d(v, down);
    const bool even = (c.bits() & 1u) == 0;
    if (above > 0 || (above == 0 && !even))
      c = next16(c, true);
    else if (below < 0 || (below == 0 && !even))
      c = next16(c, false);
    else
      break;
  }
  return c;
}

/// The MPFR references of value and derivative of each form at every finite input of S, rounded
/// to double (their error, 2^-53 relative, is below 2^-42 of an ULP of S), and rounded to S
/// correctly (decided by MPFR itself, not from the double), computed once. With
/// GELU_TEST_REDUCED set (qemu, sanitizers) every 7th pattern only.
template <class S>
struct references {
  std::vector<S> x;
  std::vector<double> r[6];  // indexed as bounds.hpp's functions
  std::vector<S> rounded[6];
};
template <class S>
const references<S>& reference_table() {
  static const references<S> table = [] {
    references<S> t;
    const std::uint32_t step = std::getenv("GELU_TEST_REDUCED") ? 7 : 1;
    for (std::uint32_t h = 0; h < 65536; h += step) {
      S s = S::from_bits(static_cast<std::uint16_t>(h));
      if (std::isfinite(static_cast<float>(s))) t.x.push_back(s);
    }
    gelu_test::mpfr_value r;
    for (int f = 0; f < 6; ++f) {
      t.r[f].resize(t.x.size());
      t.rounded[f].resize(t.x.size());
      for (std::size_t i = 0; i < t.x.size(); ++i) {
        gelu_test::reference(f, static_cast<double>(static_cast<float>(t.x[i])), r.v);
        t.r[f][i] = mpfr_get_d(r.v, MPFR_RNDN);
        t.rounded[f][i] = correctly_rounded<S>(r.v, static_cast<float>(t.x[i]));
      }
    }
    return t;
  }();
  return table;
}

struct worst {
  double ulp = 0;
  float at = 0;
  void note(double e, float x) {
    if (!(e <= ulp)) {
      ulp = e;
      at = x;
    }
  }
};

/// gelu.hpp's bounds for the 16-bit arrays. Fast tier: the final rounding's 0.5 ULP plus the
/// float result's error (<= 4.5 float ULP: 4 of the fast tier's derivative, 0.5 of the product in
/// backward), which is at most 4.5 * 2^-13 of a float16 ULP and 4.5 * 2^-16 of a bfloat16 ULP.
/// Precise tier: gelu and gelu' correctly rounded (asserted exactly, below); backward the
/// rounding of dy g in double, g within 2^-31.7 of gelu' (relative): 2^-31.7 of the product is
/// below 2^-20 of a float16 ULP (2^-10 relative at least) and of a bfloat16 ULP.
constexpr double bound_16bit = 0.5 + 0x1p-10;
constexpr double bound_16bit_precise = 0.5 + 0x1p-20;

/// The six array functions of S (forward, backward at several dy, forward_and_derivative) for
/// every form and tier, against the references; prints the maxima, requires the bounds above.
template <class S>
void check_accuracy(const std::vector<float>& dys) {
  const references<S>& t = reference_table<S>();
  const std::size_t n = t.x.size();
  std::vector<S> y(n), d(n), dx(n), dy(n);
  std::printf("%-9s %-8s %-8s %-42s %-9s %s\n", "type", "form", "tier", "function", "maxulp",
              "at x");
  bool ok = true;
  for (int form = 0; form < 3; ++form)
    for (gelu::accuracy p : gelu_test::tiers) {
      const gelu::approximate a = gelu_test::variant_of(2 * form);
      const std::vector<double>& rv = t.r[2 * form];
      const std::vector<double>& rd = t.r[2 * form + 1];
      worst w_fwd, w_pair_v, w_pair_d, w_bwd, w_bwd_plain;
      gelu::forward(t.x.data(), y.data(), n, a, p);
      gelu::forward_and_derivative(t.x.data(), dx.data(), d.data(), n, a, p);
      std::size_t pair_differs = 0;
      // not the correctly rounded value: gelu (forward, and y of forward_and_derivative) and
      // gelu' (dydx of forward_and_derivative; backward at dy = 1 has its bits, checked below)
      std::size_t misrounded[2] = {0, 0};
      for (std::size_t i = 0; i < n; ++i) {
        const float x = static_cast<float>(t.x[i]);
        w_fwd.note(ulp_error(y[i], rv[i], exact), x);
        w_pair_v.note(ulp_error(dx[i], rv[i], exact), x);
        w_pair_d.note(ulp_error(d[i], rd[i], exact), x);
        pair_differs += !same_bits(dx[i], y[i]);
        const S& cr_value = t.rounded[2 * form][i];
        misrounded[0] += !same_bits(y[i], cr_value) || !same_bits(dx[i], cr_value);
        misrounded[1] += !same_bits(d[i], t.rounded[2 * form + 1][i]);
      }
      for (float g : dys) {
        const S gs(g);
        const double gd = static_cast<double>(static_cast<float>(gs));
        // Fast tier: the derivative is rounded to float before the product: where |gelu'(x)| is
        // below float's normal range (the far negative tail) its error is absolute, <= 4 *
        // 2^-149, and |dy| multiplies it. gelu.hpp's bound for bfloat16 backward adds |dy|
        // 2^-147 (it matters for |dy| > 16 only); for float16 (|dy| <= 65504) that is below
        // 2^-131, far under its smallest subnormal, and the plain bound holds. Precise tier: the
        // product is formed in double, and only where |gelu'(x)| < 2^-149 is it taken as +-0
        // (evaluate.hpp's derivative_times): |dy| 2^-149.
        const double allowed =
            std::is_same<S, bfloat16>::value
                ? std::fabs(gd) * (p == gelu::accuracy::precise ? 0x1p-149 : 0x1p-147)
                : 0.0;
        std::fill(dy.begin(), dy.end(), gs);
        gelu::backward(dy.data(), t.x.data(), dx.data(), n, a, p);
        for (std::size_t i = 0; i < n; ++i) {
          const float x = static_cast<float>(t.x[i]);
          w_bwd_plain.note(ulp_error(dx[i], gd * rd[i], exact), x);
          w_bwd.note(ulp_error(dx[i], gd * rd[i], exact, allowed), x);
          if (g == 1.0f) pair_differs += !same_bits(dx[i], d[i]);
        }
      }
      const char* form_name = gelu_test::form_name(a);
      const char* tier = gelu_test::tier_name(p);
      const std::pair<const char*, const worst*> rows[] = {
          {"forward", &w_fwd},
          {std::is_same<S, bfloat16>::value ? "backward: beyond the |dy| term" : "backward",
           &w_bwd},
          {"forward_and_derivative: y", &w_pair_v},
          {"forward_and_derivative: dydx", &w_pair_d}};
      for (const auto& row : rows) {
        std::printf("%-9s %-8s %-8s %-42s %-9.5f %.9g\n", type_name<S>(), form_name, tier,
                    row.first, row.second->ulp, static_cast<double>(row.second->at));
        INFO(type_name<S>() << " " << form_name << " " << tier << " " << row.first << ": max "
                            << row.second->ulp << " ULP at x = " << row.second->at);
        const double bound = p == gelu::accuracy::precise ? bound_16bit_precise : bound_16bit;
        CHECK(row.second->ulp <= bound);
        ok = ok && row.second->ulp <= bound;
      }
      std::printf("%-9s %-8s %-8s %-42s %-9.5f %.9g\n", type_name<S>(), form_name, tier,
                  "(backward: plain ULP error)", w_bwd_plain.ulp,
                  static_cast<double>(w_bwd_plain.at));
      std::printf("%-9s %-8s %-8s %-42s %zu, %zu\n", type_name<S>(), form_name, tier,
                  "not correctly rounded: gelu, gelu'", misrounded[0], misrounded[1]);
      if (p == gelu::accuracy::precise) {  // the precise tier's guarantee: correctly rounded
        INFO(type_name<S>() << " " << form_name << " precise: inputs not correctly rounded, gelu "
                            << misrounded[0] << ", gelu' " << misrounded[1]);
        CHECK(misrounded[0] == 0);
        CHECK(misrounded[1] == 0);
        ok = ok && misrounded[0] == 0 && misrounded[1] == 0;
      }
      INFO(type_name<S>() << " " << form_name << " " << tier
                          << ": forward_and_derivative equals forward and backward(dy = 1)");
      CHECK(pair_differs == 0);
    }
  std::printf("%s: %zu finite inputs, backward at dy in {", type_name<S>(), n);
  for (float g : dys) std::printf(" %g", static_cast<double>(static_cast<float>(S(g))));
  std::printf(" }\n");
  std::fflush(stdout);
  REQUIRE(ok);
}

TEST_CASE(
    "accuracy: bfloat16 arrays, every input, within 0.5 + 2^-10 ULP, precise correctly rounded",
    "[storage][accuracy]") {
  check_accuracy<bfloat16>({1.0f, -3.0f, 0.1f, 1e30f, 0x1.fep127f, 0x1p-120f, 0x1p-133f});
}

TEST_CASE(
    "accuracy: float16 arrays, every input, within 0.5 + 2^-10 ULP, precise correctly rounded",
    "[storage][accuracy]") {
  check_accuracy<float16>({1.0f, -3.0f, 0.1f, 1000.0f, 65504.0f, 0x1p-14f, 0x1p-24f});
}

// ---- same bits: arrays = scalar, whatever n and offset; spans; special values ------------------

/// Function f of the scalar path at the float x (a derivative times dy) as the 16-bit arrays
/// of S take it: the fast tier's float result; the precise tier's double result narrowed for S
/// (detail/narrowing.hpp).
template <gelu::accuracy P, gelu::approximate A, class S>
float scalar_for_16bit(int f, float x, float dy) {
  using gelu::detail::want;
  return (f & 1) ? gelu::detail::derivative_times<A, P, S>(x, dy)
                 : gelu::detail::evaluate<A, P, want::value, S>(x).value;
}

/// The scalar truth of element i: the float function of the widened input (times dy for a
/// derivative, as backward forms it), rounded once.
template <gelu::accuracy P, class S>
S scalar_result(int f, S dy, S x) {
  using gelu::approximate;
  const float xf = static_cast<float>(x), g = static_cast<float>(dy);
  const float v = f < 2   ? scalar_for_16bit<P, approximate::none, S>(f, xf, g)
                  : f < 4 ? scalar_for_16bit<P, approximate::tanh, S>(f, xf, g)
                          : scalar_for_16bit<P, approximate::sigmoid, S>(f, xf, g);
  return S(v);
}

template <gelu::accuracy P, class S>
void check_identity() {
  std::vector<S> xs;
  for (std::uint32_t h = 0; h < 65536; h += 97) xs.push_back(S::from_bits(std::uint16_t(h)));
  xs.resize(1000);
  std::vector<S> dys(xs.size());
  for (std::size_t i = 0; i < dys.size(); ++i) dys[i] = S(static_cast<float>(i % 13) - 6.5f);
  for (int f = 0; f < 6; ++f) {
    const gelu::approximate a = gelu_test::variant_of(f);
    std::vector<S> in(xs.size() + 8), g(xs.size() + 8), out(xs.size() + 8), out2(xs.size() + 8);
    std::size_t bad = 0;
    for (std::size_t off = 0; off < 4; ++off)
      for (std::size_t n :
           {0u, 1u, 2u, 3u, 5u, 7u, 8u, 9u, 15u, 16u, 17u, 31u, 32u, 33u, 63u, 64u, 65u, 1000u}) {
        std::copy(xs.begin(), xs.begin() + std::ptrdiff_t(n), in.begin() + std::ptrdiff_t(off));
        std::copy(dys.begin(), dys.begin() + std::ptrdiff_t(n), g.begin() + std::ptrdiff_t(off));
        if (f & 1) {
          gelu::backward(g.data() + off, in.data() + off, out.data() + off, n, a, P);
        } else {
          gelu::forward(in.data() + off, out.data() + off, n, a, P);
          std::vector<S> dd(n);
          gelu::forward_and_derivative(in.data() + off, out2.data() + off, dd.data(), n, a, P);
          for (std::size_t i = 0; i < n; ++i)
            bad += !same_bits(dd[i], scalar_result<P>(f + 1, S(1.0f), xs[i]));
        }
        for (std::size_t i = 0; i < n; ++i) {
          const S s = scalar_result<P>(f, dys[i], xs[i]);
          bad += !same_bits(out[off + i], s);
          if (!(f & 1)) bad += !same_bits(out2[off + i], s);
        }
      }
    // in place: y aliasing x, dx aliasing dy
    std::vector<S> io(xs), gd(dys);
    if (f & 1)
      gelu::backward(gd.data(), xs.data(), gd.data(), xs.size(), a, P);
    else
      gelu::forward(io.data(), io.data(), io.size(), a, P);
    for (std::size_t i = 0; i < xs.size(); ++i)
      bad += !same_bits((f & 1) ? gd[i] : io[i], scalar_result<P>(f, dys[i], xs[i]));
    INFO(gelu_test::function_names[f] << " " << gelu_test::tier_name(P));
    CHECK(bad == 0);
  }
}

TEST_CASE("identity: 16-bit arrays equal the rounded scalar results", "[storage][identity]") {
  gelu_test::for_each_tier([](auto p) {
    check_identity<decltype(p)::value, bfloat16>();
    check_identity<decltype(p)::value, float16>();
  });
}

template <class S>
void check_specials() {
  const float inf = INFINITY;
  for (gelu::accuracy p : gelu_test::tiers)
    for (int form = 0; form < 3; ++form) {
      const gelu::approximate a = gelu_test::variant_of(2 * form);
      const S x[] = {S(inf), S(-inf), S(0.0f), S(-0.0f), S(NAN), S::from_bits(0xffff)};
      S y[6], d[6], one[6], dx[6];
      for (S& o : one) o = S(1.0f);
      gelu::forward_and_derivative(x, y, d, 6, a, p);
      gelu::backward(one, x, dx, 6, a, p);
      INFO(type_name<S>() << " form " << form << " " << gelu_test::tier_name(p));
      CHECK(y[0].bits() == S(inf).bits());
      CHECK(y[1].bits() == S(-0.0f).bits());
      CHECK(y[2].bits() == S(0.0f).bits());
      CHECK(y[3].bits() == S(-0.0f).bits());
      CHECK(std::isnan(static_cast<float>(y[4])));
      CHECK(std::isnan(static_cast<float>(y[5])));
      CHECK(static_cast<float>(d[0]) == 1.0f);
      CHECK(static_cast<float>(d[1]) == 0.0f);
      CHECK(static_cast<float>(d[2]) == 0.5f);
      CHECK(static_cast<float>(d[3]) == 0.5f);
      CHECK(std::isnan(static_cast<float>(d[4])));
      CHECK(std::isnan(static_cast<float>(d[5])));
      for (int i = 0; i < 6; ++i) CHECK(same_bits(dx[i], d[i]));
    }
}

TEST_CASE("special values: 16-bit arrays", "[storage][special]") {
  check_specials<bfloat16>();
  check_specials<float16>();
}

TEST_CASE("invalid arguments: 16-bit arrays", "[storage][invalid]") {
  const auto bad_a = static_cast<gelu::approximate>(7);
#ifdef NDEBUG
  bfloat16 x[3] = {bfloat16(1.0f), bfloat16(2.0f), bfloat16(3.0f)}, y[3];
  float16 hx[3] = {float16(1.0f), float16(2.0f), float16(3.0f)}, hy[3], hd[3];
  gelu::forward(x, y, 3, bad_a);
  gelu::forward_and_derivative(hx, hy, hd, 3, gelu::approximate::none,
                               static_cast<gelu::accuracy>(5));
  for (int i = 0; i < 3; ++i) {
    CHECK(std::isnan(static_cast<float>(y[i])));
    CHECK(std::isnan(static_cast<float>(hy[i])));
    CHECK(std::isnan(static_cast<float>(hd[i])));
  }
#endif
#if GELU_HAS_SPAN
  std::vector<bfloat16> a(4), b(5);
  std::vector<float16> c(4), e(4);
  CHECK_THROWS_AS(gelu::forward(a, b), std::invalid_argument);
  CHECK_THROWS_AS(gelu::backward(c, c, std::span<float16>(e.data(), 3)), std::invalid_argument);
  CHECK_THROWS_AS(gelu::forward(c, e, bad_a), std::invalid_argument);
  CHECK_NOTHROW(gelu::forward_and_derivative(c, e, e));
#endif
  (void)bad_a;
}

}  // namespace
