// geglu_forward / geglu_backward against MPFR: within geglu.hpp's bounds, for every output (y,
// dup, dgate), form and tier, in float, double, bfloat16 and float16; the check is sharp enough to
// reject outputs one ULP off.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <random>
#include <vector>

#include "bounds.hpp"
#include "catch.hpp"
#include "geglu_composition.hpp"
#include "inputs.hpp"
#include "mpfr_reference.hpp"
#include "ulp.hpp"

namespace {

using gelu::accuracy;
using gelu::approximate;
using gelu_test::abs_diff;
using gelu_test::form_name;
using gelu_test::ref_dgate_compute;
using gelu_test::type_name;
using gelu_test::ulp_of;
using gelu_test::widen;

// ---- float and double --------------------------------------------------------------------------

/// The worst of one output (y, dup or dgate) in one tier.
struct tally {
  double max_ulp = 0;    // max |o - r| / ulp(r) where G is normal (the ULP claim)
  double max_ratio = 0;  // max |o - r| / (geglu.hpp's bound); must be <= 1
  double max_sharp = 0;  // max |o - r| / (1/2 ulp(o) + |P - r| + extra); must be <= 1
  double at_gate = 0, at_c = 0;
  std::size_t n = 0, subnormal_g = 0, overflow = 0;
  std::size_t perturbed_caught = 0, perturbed = 0;  // o + 1 or - 1 ULP rejected by the sharp check
};

/// One output o with true value r = c * G; P is the exact product of the computed factors (the
/// value o rounds), b gelu's bound; extra_bound and extra_sharp: what the bound and the sharp check
/// allow beyond 1/2 ulp(o) + b |c| ulp(G), resp. 1/2 ulp(o) + |P - r|.
template <class T>
void score(tally& t, T o, const mpfr_t r, const mpfr_t P, const mpfr_t c, const mpfr_t G, double b,
           long double extra_bound, long double extra_sharp, double gate, double cval) {
  if (std::isinf(o) && std::fabs(mpfr_get_ld(r, MPFR_RNDN)) >= gelu_test::format<T>::max)
    return void(++t.overflow);
  ++t.n;
  const long double ur = ulp_of<T>(r);
  const long double uG = ulp_of<T>(G);
  const long double absc = std::fabs(mpfr_get_ld(c, MPFR_RNDN));
  const bool g_normal = std::fabs(mpfr_get_ld(G, MPFR_RNDN)) >=
                        static_cast<long double>(std::numeric_limits<T>::min());
  t.subnormal_g += !g_normal;
  const long double err = std::isnan(o) ? std::numeric_limits<long double>::infinity()
                                        : abs_diff(static_cast<long double>(o), r);
  const double e_ulp = static_cast<double>(err / ur);
  // the stated bound (geglu.hpp), and the sharp form with the measured error of g
  const long double bound =
      ulp_of<T>(o) / 2 + static_cast<long double>(b) * absc * uG + extra_bound;
  gelu_test::mpfr_value d;
  mpfr_sub(d.v, P, r, MPFR_RNDN);
  const long double p_err = std::fabs(mpfr_get_ld(d.v, MPFR_RNDN)) + extra_sharp + ur * 1e-9L;
  const long double sharp = ulp_of<T>(o) / 2 + p_err;
  if (g_normal && !(e_ulp <= t.max_ulp)) {
    t.max_ulp = e_ulp;
    t.at_gate = gate;
    t.at_c = cval;
  }
  t.max_ratio = std::max(t.max_ratio, static_cast<double>(err / bound));
  if (!(static_cast<double>(err / sharp) <= t.max_sharp))
    t.max_sharp = static_cast<double>(err / sharp);
  // the sharp check must reject o one ULP off (in one direction at least) where g is normal
  if (g_normal && std::isfinite(o) && o != 0) {
    bool caught = false;
    for (T q : {std::nextafter(o, std::numeric_limits<T>::infinity()),
                std::nextafter(o, -std::numeric_limits<T>::infinity())}) {
      const long double eq = abs_diff(static_cast<long double>(q), r);
      caught = caught || eq > ulp_of<T>(q) / 2 + p_err;
    }
    ++t.perturbed;
    t.perturbed_caught += caught;
  }
}

/// The library's y, dgate and dup in both tiers (index: gelu_test::tiers).
template <approximate A, class T>
void library_outputs(const std::vector<T>& gates, const std::vector<T>& ups,
                     const std::vector<T>& dys, std::vector<T> (&y)[2], std::vector<T> (&dg)[2],
                     std::vector<T> (&du)[2]) {
  const std::size_t n = gates.size();
  for (int k = 0; k < 2; ++k) {
    y[k].resize(n);
    dg[k].resize(n);
    du[k].resize(n);
    gelu::geglu_forward(gates.data(), ups.data(), y[k].data(), n, A, gelu_test::tiers[k]);
    gelu::geglu_backward(dys.data(), gates.data(), ups.data(), dg[k].data(), du[k].data(), n, A,
                         gelu_test::tiers[k]);
  }
}

template <approximate A, class T>
void check_accuracy_form(const std::vector<T>& gates, const std::vector<T>& ups,
                         const std::vector<T>& dys) {
  constexpr int f = 2 * static_cast<int>(A);
  constexpr bool is_float = sizeof(T) == 4;
  const std::size_t n = gates.size();
  // the library's outputs, both tiers
  std::vector<T> y[2], dg[2], du[2];
  library_outputs<A>(gates, ups, dys, y, dg, du);
  tally t[2][3];  // tier, output (y, dup, dgate)
  gelu_test::mpfr_value G, D, c, r, c2, r2, c3, r3, P;
  for (std::size_t i = 0; i < n; ++i) {
    const T gate = gates[i], up = ups[i], dy = dys[i];
    gelu_test::reference(f, static_cast<double>(gate), G.v);
    gelu_test::reference(f + 1, static_cast<double>(gate), D.v);
    mpfr_set_d(c.v, static_cast<double>(up), MPFR_RNDN);
    mpfr_mul(r.v, G.v, c.v, MPFR_RNDN);
    mpfr_set_d(c2.v, static_cast<double>(dy), MPFR_RNDN);
    mpfr_mul(r2.v, G.v, c2.v, MPFR_RNDN);
    mpfr_mul(c3.v, c.v, c2.v, MPFR_RNDN);  // dy * up, exact at 200 bits
    mpfr_mul(r3.v, D.v, c3.v, MPFR_RNDN);
    for (int k = 0; k < 2; ++k) {
      const accuracy p = gelu_test::tiers[k];
      const double b = gelu_test::bound_ulp<T>(p);
      const T g =
          k == 0 ? gelu::gelu<A, accuracy::fast>(gate) : gelu::gelu<A, accuracy::precise>(gate);
      const T gd = k == 0 ? gelu::gelu_derivative<A, accuracy::fast>(gate)
                          : gelu::gelu_derivative<A, accuracy::precise>(gate);
      mpfr_set_d(P.v, static_cast<double>(g), MPFR_RNDN);
      mpfr_mul(P.v, P.v, c.v, MPFR_RNDN);  // g * up, exact
      score(t[k][0], y[k][i], r.v, P.v, c.v, G.v, b, 0.0L, 0.0L, gate, up);
      mpfr_set_d(P.v, static_cast<double>(g), MPFR_RNDN);
      mpfr_mul(P.v, P.v, c2.v, MPFR_RNDN);  // dy * g, exact
      score(t[k][1], du[k][i], r2.v, P.v, c2.v, G.v, b, 0.0L, 0.0L, gate, dy);
      // dgate: precise float through double (dy * up exact, the product rounded to double:
      // 2^-53 |P|); otherwise dy * up rounded first (1/2 ulp(dy * up) |g'| in the bound)
      long double extra_bound = 0, extra_sharp = 0;
      mpfr_set_d(P.v, static_cast<double>(gd), MPFR_RNDN);
      if (is_float && p == accuracy::precise) {
        mpfr_mul(P.v, P.v, c3.v, MPFR_RNDN);
        extra_bound = extra_sharp = std::ldexp(std::fabs(mpfr_get_ld(P.v, MPFR_RNDN)), -53);
      } else {
        const T pd = dy * up;
        if (!std::isfinite(pd)) {  // dy * up overflows in T: not covered by the bound
          ++t[k][2].overflow;
          continue;
        }
        mpfr_mul_d(P.v, P.v, static_cast<double>(pd), MPFR_RNDN);
        extra_bound = ulp_of<T>(pd) / 2 * std::fabs(static_cast<long double>(gd));
      }
      score(t[k][2], dg[k][i], r3.v, P.v, c3.v, D.v, b, extra_bound, extra_sharp, gate,
            static_cast<double>(dy * up));
    }
  }
  static const char* outputs[3] = {"y", "dup", "dgate"};
  for (int k = 0; k < 2; ++k)
    for (int o = 0; o < 3; ++o) {
      const tally& s = t[k][o];
      std::printf(
          "geglu %-6s %-7s %-7s %-5s max %7.4f ULP (gate %-13.6g c %-13.6g) bound-ratio %.4f "
          "sharp %.4f n %zu subnormal-g %zu overflow %zu, 1-ULP perturbations caught %zu/%zu\n",
          is_float ? "float" : "double", form_name(A), gelu_test::tier_name(gelu_test::tiers[k]),
          outputs[o], s.max_ulp, s.at_gate, s.at_c, s.max_ratio, s.max_sharp, s.n, s.subnormal_g,
          s.overflow, s.perturbed_caught, s.perturbed);
      const double b = gelu_test::bound_ulp<T>(gelu_test::tiers[k]);
      const bool through_double = is_float && gelu_test::tiers[k] == accuracy::precise;
      const double ulp_claim = 2 * b + (o == 2 && !through_double ? 2 : 1) + (o == 2 ? 1e-6 : 0);
      INFO(outputs[o] << " " << (is_float ? "float " : "double ") << form_name(A) << " "
                      << gelu_test::tier_name(gelu_test::tiers[k]));
      CHECK(s.max_ulp <= ulp_claim);  // the ULP form (G normal)
      CHECK(s.max_ratio <= 1.0);      // the general form, absolute term included
      CHECK(s.max_sharp <= 1.0);      // the composition: rounded product of the rounded gelu
      CHECK(static_cast<double>(s.perturbed_caught) >= 0.95 * static_cast<double>(s.perturbed));
    }
}

template <class T>
void check_accuracy_type() {
  constexpr bool is_float = sizeof(T) == 4;
  static const unsigned r = std::getenv("GELU_TEST_REDUCED") ? 4 : 1;
  std::vector<T> gates =
      gelu_test::binade_sweep<T>(r == 1 ? (is_float ? 8 : 2) : (is_float ? 2 : 1));
  auto add = [&](const std::vector<T>& v, std::size_t stride) {
    for (std::size_t i = 0; i < v.size(); i += stride) gates.push_back(v[i]);
  };
  add(gelu_test::random_inputs<T>(6000 / r, T(is_float ? -16 : -45), T(10), 20261124), 1);
  add(gelu_test::edge_inputs<T>(static_cast<int>(12 / r)), 1);  // thresholds (and the zero grid)
  add(gelu_test::threshold_windows<T>(static_cast<int>(60 / r), 20261125), 1);
  // the deep tails where gelu and gelu' are subnormal in T, beside a huge factor below
  add(gelu_test::random_inputs<T>(1500 / r, T(is_float ? -64 : -442), T(-10), 20261126), 1);
  std::vector<T> gates_all;
  for (std::size_t i = 0; i < gates.size(); i += (r == 1 ? 1 : 2))
    if (std::isfinite(gates[i])) gates_all.push_back(gates[i]);
  const std::size_t n = gates_all.size();
  std::vector<T> ups = gelu_test::factors<T>(n, 41), dys = gelu_test::factors<T>(n, 43);
  std::printf("geglu accuracy, %s: %zu gates\n", is_float ? "float" : "double", n);
  gelu_test::for_each_form(
      [&](auto form) { check_accuracy_form<decltype(form)::value>(gates_all, ups, dys); });
  std::fflush(stdout);
}

// ---- bfloat16 and float16 ----------------------------------------------------------------------

/// The worst of one 16-bit output in one tier.
struct tally16 {
  double max_ulp = 0, max_ratio = 0, max_sharp = 0, at_gate = 0;
  std::size_t n = 0, overflow = 0, perturbed = 0, perturbed_caught = 0;
};

/// o: the library's output, f: the float value it rounds (the float composition), r: the true
/// value; float_bound: geglu.hpp's float bound of |f - r|; G the true gelu or gelu'.
template <class S>
void score16(tally16& t, S o, float f, const mpfr_t r, const mpfr_t G, long double float_bound,
             double gate) {
  const long double rv = mpfr_get_ld(r, MPFR_RNDN), ov = static_cast<float>(o);
  if (std::isinf(ov) && std::fabs(rv) >= gelu_test::format<S>::max) return void(++t.overflow);
  ++t.n;
  const long double err =
      std::isnan(ov) ? std::numeric_limits<long double>::infinity() : abs_diff(ov, r);
  const long double f_err = abs_diff(static_cast<long double>(f), r);
  const bool g_normal = std::fabs(mpfr_get_ld(G, MPFR_RNDN)) >=
                        static_cast<long double>(std::numeric_limits<float>::min());
  const double e_ulp = static_cast<double>(err / ulp_of<S>(rv));
  if (g_normal && !(e_ulp <= t.max_ulp)) {
    t.max_ulp = e_ulp;
    t.at_gate = gate;
  }
  const long double bound = ulp_of<S>(ov) / 2 + float_bound;
  if (!(static_cast<double>(err / bound) <= t.max_ratio))
    t.max_ratio = static_cast<double>(err / bound);
  const long double sharp_allow = f_err + ulp_of<S>(rv) * 1e-9L;
  const double sharp = static_cast<double>(err / (ulp_of<S>(ov) / 2 + sharp_allow));
  if (!(sharp <= t.max_sharp)) t.max_sharp = sharp;
  if (g_normal && std::isfinite(ov) && ov != 0) {
    bool caught = false;
    for (int step : {-1, 1}) {
      const S q = S::from_bits(static_cast<std::uint16_t>(o.bits() + step));
      const long double qv = static_cast<float>(q);
      caught = caught || !std::isfinite(qv) || abs_diff(qv, r) > ulp_of<S>(qv) / 2 + sharp_allow;
    }
    ++t.perturbed;
    t.perturbed_caught += caught;
  }
}

template <approximate A, class S>
void check_accuracy_form16(const std::vector<S>& gates, const std::vector<S>& ups,
                           const std::vector<S>& dys) {
  constexpr int f = 2 * static_cast<int>(A);
  const std::size_t n = gates.size();
  std::vector<S> y[2], dg[2], du[2];
  library_outputs<A>(gates, ups, dys, y, dg, du);
  tally16 t[2][3];
  gelu_test::mpfr_value G, D, r, r2, r3;
  for (std::size_t i = 0; i < n; ++i) {
    const float gate = widen(gates[i]), up = widen(ups[i]), dy = widen(dys[i]);
    gelu_test::reference(f, static_cast<double>(gate), G.v);
    gelu_test::reference(f + 1, static_cast<double>(gate), D.v);
    mpfr_mul_d(r.v, G.v, static_cast<double>(up), MPFR_RNDN);
    mpfr_mul_d(r2.v, G.v, static_cast<double>(dy), MPFR_RNDN);
    mpfr_mul_d(r3.v, D.v, static_cast<double>(dy), MPFR_RNDN);
    mpfr_mul_d(r3.v, r3.v, static_cast<double>(up), MPFR_RNDN);  // exact at 200 bits
    const long double uG = ulp_of<float>(G.v), uD = ulp_of<float>(D.v);
    for (int k = 0; k < 2; ++k) {
      const accuracy p = gelu_test::tiers[k];
      const long double b = gelu_test::bound_ulp<float>(p);
      const float g =
          k == 0 ? gelu::gelu<A, accuracy::fast>(gate) : gelu::gelu<A, accuracy::precise>(gate);
      const float gd = k == 0 ? gelu::gelu_derivative<A, accuracy::fast>(gate)
                              : gelu::gelu_derivative<A, accuracy::precise>(gate);
      const float yf = g * up, duf = dy * g;
      const float dgf = k == 0 ? ref_dgate_compute<A, accuracy::fast>(dy, gate, up)
                               : ref_dgate_compute<A, accuracy::precise>(dy, gate, up);
      // geglu.hpp's float bounds of yf, duf, dgf
      score16(t[k][0], y[k][i], yf, r.v, G.v,
              ulp_of<float>(yf) / 2 + b * std::fabs(static_cast<long double>(up)) * uG, gate);
      score16(t[k][1], du[k][i], duf, r2.v, G.v,
              ulp_of<float>(duf) / 2 + b * std::fabs(static_cast<long double>(dy)) * uG, gate);
      const float pd = dy * up;
      const long double c3 = std::fabs(static_cast<long double>(dy) * up);
      long double extra = std::ldexp(c3 * std::fabs(static_cast<long double>(gd)), -53);
      if (p == accuracy::fast) {
        if (!std::isfinite(pd)) {  // dy * up overflows in float: not covered by the bound
          ++t[k][2].overflow;
          continue;
        }
        extra = ulp_of<float>(pd) / 2 * std::fabs(static_cast<long double>(gd));
      }
      score16(t[k][2], dg[k][i], dgf, r3.v, D.v, ulp_of<float>(dgf) / 2 + b * c3 * uD + extra,
              gate);
    }
  }
  static const char* outputs[3] = {"y", "dup", "dgate"};
  for (int k = 0; k < 2; ++k)
    for (int o = 0; o < 3; ++o) {
      const tally16& s = t[k][o];
      std::printf(
          "geglu %-8s %-7s %-7s %-5s max %7.5f ULP (gate %-13.6g) bound-ratio %.4f sharp %.4f "
          "n %zu overflow %zu, 1-ULP perturbations caught %zu/%zu\n",
          type_name<S>(), form_name(A), gelu_test::tier_name(gelu_test::tiers[k]), outputs[o],
          s.max_ulp, s.at_gate, s.max_ratio, s.max_sharp, s.n, s.overflow, s.perturbed_caught,
          s.perturbed);
      INFO(outputs[o] << " " << type_name<S>() << " " << form_name(A) << " "
                      << gelu_test::tier_name(gelu_test::tiers[k]));
      CHECK(s.max_ulp <= 0.5 + 0x1p-9);  // the ULP form (G normal in float)
      CHECK(s.max_ratio <= 1.0);         // the general form, absolute terms included
      CHECK(s.max_sharp <= 1.0);         // the float composition rounded once
      CHECK(s.perturbed_caught == s.perturbed);
    }
}

/// Gates: every 4th finite bit pattern of S (every 16th with GELU_TEST_REDUCED); up and dy:
/// random finite bit patterns, values in +-4 and mantissas near 2, in turn.
template <class S>
void check_accuracy_type16() {
  const unsigned stride = std::getenv("GELU_TEST_REDUCED") ? 16 : 4;
  std::vector<S> gates, ups, dys;
  std::mt19937_64 g(20261127);
  std::uniform_real_distribution<float> unit(-4.0f, 4.0f), near2(1.875f, 2.0f);
  auto factor = [&](std::size_t i) {
    for (;;) {
      S v = i % 3 == 0   ? S::from_bits(static_cast<std::uint16_t>(g()))
            : i % 3 == 1 ? S(unit(g))
                         : S((g() & 1 ? 1.0f : -1.0f) * near2(g));
      if (std::isfinite(static_cast<float>(v))) return v;
    }
  };
  for (std::uint32_t h = 0; h < 65536; h += stride) {
    const S x = S::from_bits(static_cast<std::uint16_t>(h));
    if (!std::isfinite(static_cast<float>(x))) continue;
    gates.push_back(x);
    ups.push_back(factor(gates.size()));
    dys.push_back(factor(gates.size() + 1));
  }
  std::printf("geglu accuracy, %s: %zu gates\n", type_name<S>(), gates.size());
  gelu_test::for_each_form(
      [&](auto form) { check_accuracy_form16<decltype(form)::value>(gates, ups, dys); });
  std::fflush(stdout);
}

}  // namespace

TEMPLATE_TEST_CASE("geglu: error bounds against MPFR", "[geglu][accuracy]", float, double,
                   gelu::bfloat16, gelu::float16) {
  if constexpr (sizeof(TestType) == 2)
    check_accuracy_type16<TestType>();
  else
    check_accuracy_type<TestType>();
}
