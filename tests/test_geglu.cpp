// geglu_forward / geglu_backward: the bits of the documented scalar composition (include/gelu/
// geglu.hpp) for every array length, offset and allowed aliasing; special values; the span
// overloads; and the error bounds of geglu.hpp against MPFR, with a check that the test rejects
// outputs one ULP off.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "catch.hpp"
#include "inputs.hpp"
#include "mpfr_reference.hpp"

namespace {

using gelu::accuracy;
using gelu::approximate;
using gelu_test::same_bits;

/// Second factors (up, dy): every binade's worth of random bit patterns (finite, magnitudes
/// limited for double so that dy * up stays finite), values around 1, mantissas near 2 (where
/// gelu's relative error counts double in ULPs of the product), and signed zeros.
template <class T>
std::vector<T> factors(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> unit(-4.0, 4.0), near2(1.875, 2.0);
  std::uniform_int_distribution<int> exps(sizeof(T) == 4 ? -149 : -600, sizeof(T) == 4 ? 127 : 500);
  std::vector<T> out;
  while (out.size() < n) {
    switch (out.size() % 4) {
      case 0: {
        T v = static_cast<T>(std::ldexp(near2(g), exps(g)));
        out.push_back(g() & 1 ? v : -v);
        break;
      }
      case 1:
        out.push_back(static_cast<T>(unit(g)));
        break;
      case 2:
        out.push_back(static_cast<T>((g() & 1 ? 1 : -1) * near2(g)));
        break;
      default: {
        T v = static_cast<T>(std::ldexp(1.0 + 0.0625 * unit(g), exps(g)));
        out.push_back(v == 0 ? T(-0.0) : v);
      }
    }
  }
  return out;
}

// ---- the scalar composition (geglu.hpp), written independently of the library's loops -------

// bfloat16 and float16 compute in float: the float composition of the inputs (converted by the
// types' own operators), each output rounded once to the 16-bit type.
template <class T>
using compute_t = std::conditional_t<sizeof(T) == 2, float, T>;
template <class T>
compute_t<T> widen(T v) {
  return static_cast<compute_t<T>>(v);
}

template <approximate A, accuracy P, class T>
T ref_y(T gate, T up) {
  return T(gelu::gelu<A, P>(widen(gate)) * widen(up));
}
template <approximate A, accuracy P, class T>
T ref_dup(T dy, T gate) {
  return T(widen(dy) * gelu::gelu<A, P>(widen(gate)));
}
/// dgate in T's compute type (the value a 16-bit output rounds).
template <approximate A, accuracy P, class C>
C ref_dgate_compute(C dy, C gate, C up) {
  C d = gelu::gelu_derivative<A, P>(gate);
  if constexpr (sizeof(C) == 4 && P == accuracy::precise)
    return static_cast<float>((static_cast<double>(dy) * static_cast<double>(up)) *
                              static_cast<double>(d));
  else
    return (dy * up) * d;
}
template <approximate A, accuracy P, class T>
T ref_dgate(T dy, T gate, T up) {
  return T(ref_dgate_compute<A, P>(widen(dy), widen(gate), widen(up)));
}

/// 16-bit values: the same bits (any two NaNs count as the same).
template <class S>
bool same_bits16(S a, S b) {
  if (std::isnan(static_cast<float>(a)) && std::isnan(static_cast<float>(b))) return true;
  return a.bits() == b.bits();
}
bool same_bits(gelu::bfloat16 a, gelu::bfloat16 b) { return same_bits16(a, b); }
bool same_bits(gelu::float16 a, gelu::float16 b) { return same_bits16(a, b); }

template <class T>
const char* type_name() {
  if constexpr (std::is_same<T, gelu::bfloat16>::value) return "bfloat16";
  if constexpr (std::is_same<T, gelu::float16>::value) return "float16";
  return sizeof(T) == 4 ? "float" : "double";
}

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
  INFO(type_name<T>() << ", approximate " << static_cast<int>(A) << ", "
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

template <class T>
void check_identity_type() {
  std::vector<T> gate = gelu_test::identity_inputs<T>(29);
  std::vector<T> up = factors<T>(gate.size(), 31), dy = factors<T>(gate.size(), 37);
  for (T s : {std::numeric_limits<T>::infinity(), -std::numeric_limits<T>::infinity(),
              std::numeric_limits<T>::quiet_NaN()}) {  // specials in every array
    up[up.size() / 3] = s;
    dy[dy.size() / 5] = s;
    std::rotate(up.begin(), up.begin() + 7, up.end());
    std::rotate(dy.begin(), dy.begin() + 11, dy.end());
  }
  gelu_test::for_each_tier([&](auto tier) {
    constexpr accuracy P = decltype(tier)::value;
    check_identity<approximate::none, P>(gate, up, dy);
    check_identity<approximate::tanh, P>(gate, up, dy);
    check_identity<approximate::sigmoid, P>(gate, up, dy);
  });
}

/// 16-bit: gate runs over every bit pattern (NaNs, infinities, subnormals included); up and dy
/// are random bit patterns.
template <class S>
void check_identity_type16() {
  std::vector<S> gate(65536), up(65536), dy(65536);
  std::mt19937 g(53);
  for (std::uint32_t h = 0; h < 65536; ++h) {
    gate[h] = S::from_bits(static_cast<std::uint16_t>(h));
    up[h] = S::from_bits(static_cast<std::uint16_t>(g()));
    dy[h] = S::from_bits(static_cast<std::uint16_t>(g()));
  }
  gelu_test::for_each_tier([&](auto tier) {
    constexpr accuracy P = decltype(tier)::value;
    check_identity<approximate::none, P>(gate, up, dy);
    check_identity<approximate::tanh, P>(gate, up, dy);
    check_identity<approximate::sigmoid, P>(gate, up, dy);
  });
}

// ---- special values -------------------------------------------------------------------------

template <class T>
void check_specials() {
  using lim = std::numeric_limits<T>;
  const T inf = lim::infinity(), nan = lim::quiet_NaN();
  const std::vector<T> vals = {nan, inf, -inf, T(0), -T(0), T(2), T(-2), T(-1e30)};
  for (approximate a : {approximate::none, approximate::tanh, approximate::sigmoid})
    for (accuracy p : gelu_test::tiers) {
      INFO((sizeof(T) == 4 ? "float" : "double")
           << ", approximate " << static_cast<int>(a) << ", " << gelu_test::tier_name(p));
      std::vector<T> gate, up;
      for (T g : vals)
        for (T u : vals) {
          gate.push_back(g);
          up.push_back(u);
        }
      const std::size_t n = gate.size();
      std::vector<T> y(n), dg(n), du(n), dy(up.rbegin(), up.rend());
      gelu::geglu_forward(gate.data(), up.data(), y.data(), n, a, p);
      gelu::geglu_backward(dy.data(), gate.data(), up.data(), dg.data(), du.data(), n, a, p);
      for (std::size_t i = 0; i < n; ++i) {
        const T g = gate[i], u = up[i], d = dy[i];
        // gelu's special values (gelu.hpp; the sign of gelu'(-inf) = 0 is the kernel's)
        T gv = 0, gd = 0;
        gelu::forward_and_derivative(&g, &gv, &gd, 1, a, p);
        if (g == T(2) || g == T(-2)) continue;  // finite: the identity and accuracy tests
        INFO("gate " << g << ", up " << u << ", dy " << d);
        CHECK(same_bits(y[i], gv * u));
        CHECK(same_bits(du[i], d * gv));
        const T dg_expected = p == accuracy::precise
                                  ? static_cast<T>((static_cast<double>(d) * u) * gd)
                                  : (d * u) * gd;
        CHECK(same_bits(dg[i], dg_expected));
      }
      // the documented cases, spelled out
      // indices into vals
      enum { NaN, Inf, NegInf, Zero, NegZero, Two, NegTwo };
      auto at = [&](int g, int u) {
        return static_cast<std::size_t>(g) * vals.size() + static_cast<std::size_t>(u);
      };
      CHECK(std::isnan(y[at(NegInf, Inf)]));                                 // -0 * inf
      CHECK((y[at(NegInf, Two)] == 0 && std::signbit(y[at(NegInf, Two)])));  // -0 * 2 = -0
      CHECK((y[at(NegInf, NegTwo)] == 0 && !std::signbit(y[at(NegInf, NegTwo)])));
      CHECK(std::isnan(y[at(Inf, Zero)]));  // inf * 0
      CHECK((y[at(NegZero, Two)] == 0 && std::signbit(y[at(NegZero, Two)])));
      CHECK((y[at(Zero, NegZero)] == 0 && std::signbit(y[at(Zero, NegZero)])));
      CHECK(std::isnan(y[at(NaN, Zero)]));
      CHECK(std::isnan(y[at(Two, NaN)]));
    }
}

// ---- accuracy against MPFR -------------------------------------------------------------------

/// ulp(v) in T's format for |v| = m 2^e (e the exponent of v's leading bit), as a long double.
template <class T>
long double ulp_at(long e) {
  constexpr int p = std::numeric_limits<T>::digits;
  constexpr int emin = std::numeric_limits<T>::min_exponent - 1;
  return std::ldexp(1.0L, static_cast<int>(std::max<long>(e, emin) - p + 1));
}
template <class T>
long double ulp_of(const mpfr_t r) {
  if (mpfr_zero_p(r)) return ulp_at<T>(std::numeric_limits<T>::min_exponent - 1);
  long e;
  mpfr_get_d_2exp(&e, r, MPFR_RNDN);
  return ulp_at<T>(e - 1);
}
template <class T>
long double ulp_of(T v) {
  if (v == 0) return ulp_at<T>(std::numeric_limits<T>::min_exponent - 1);
  int e;
  std::frexp(v, &e);
  return ulp_at<T>(e - 1);
}

/// |a - b| for a value a of any type and MPFR b, as a long double.
long double abs_diff(long double a, const mpfr_t b) {
  gelu_test::mpfr_value d;
  mpfr_set_ld(d.v, a, MPFR_RNDN);
  mpfr_sub(d.v, d.v, b, MPFR_RNDN);
  return std::fabs(mpfr_get_ld(d.v, MPFR_RNDN));
}

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
  const long double big = static_cast<long double>(std::numeric_limits<T>::max());
  if (std::isinf(o) && std::fabs(mpfr_get_ld(r, MPFR_RNDN)) >= big) return void(++t.overflow);
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
  const long double bound = ulp_of(o) / 2 + static_cast<long double>(b) * absc * uG + extra_bound;
  gelu_test::mpfr_value d;
  mpfr_sub(d.v, P, r, MPFR_RNDN);
  const long double p_err = std::fabs(mpfr_get_ld(d.v, MPFR_RNDN)) + extra_sharp + ur * 1e-9L;
  const long double sharp = ulp_of(o) / 2 + p_err;
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
      caught = caught || eq > ulp_of(q) / 2 + p_err;
    }
    ++t.perturbed;
    t.perturbed_caught += caught;
  }
}

const char* form_name(approximate a) {
  return a == approximate::none ? "none" : a == approximate::tanh ? "tanh" : "sigmoid";
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
        extra_bound = ulp_of(pd) / 2 * std::fabs(static_cast<long double>(gd));
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
  std::vector<T> ups = factors<T>(n, 41), dys = factors<T>(n, 43);
  std::printf("geglu accuracy, %s: %zu gates\n", is_float ? "float" : "double", n);
  check_accuracy_form<approximate::none>(gates_all, ups, dys);
  check_accuracy_form<approximate::tanh>(gates_all, ups, dys);
  check_accuracy_form<approximate::sigmoid>(gates_all, ups, dys);
  std::fflush(stdout);
}

// ---- accuracy against MPFR, bfloat16 and float16 ----------------------------------------------

/// Format of a 16-bit storage type: p significant bits, smallest normal exponent, largest value.
template <class S>
struct format16;
template <>
struct format16<gelu::bfloat16> {
  static constexpr int p = 8, emin = -126;
  static constexpr long double max = 0x1.fep127L;
};
template <>
struct format16<gelu::float16> {
  static constexpr int p = 11, emin = -14;
  static constexpr long double max = 65504.0L;
};
/// ulp of |v| (long double) in S's format; of a subnormal or zero, the smallest subnormal.
template <class S>
long double ulp16(long double v) {
  int e = format16<S>::emin + 1;
  if (v != 0) std::frexp(v, &e);
  return std::ldexp(1.0L, std::max(e - 1, format16<S>::emin) - format16<S>::p + 1);
}

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
  if (std::isinf(ov) && std::fabs(rv) >= format16<S>::max) return void(++t.overflow);
  ++t.n;
  const long double err =
      std::isnan(ov) ? std::numeric_limits<long double>::infinity() : abs_diff(ov, r);
  const long double f_err = abs_diff(static_cast<long double>(f), r);
  const bool g_normal = std::fabs(mpfr_get_ld(G, MPFR_RNDN)) >=
                        static_cast<long double>(std::numeric_limits<float>::min());
  const double e_ulp = static_cast<double>(err / ulp16<S>(rv));
  if (g_normal && !(e_ulp <= t.max_ulp)) {
    t.max_ulp = e_ulp;
    t.at_gate = gate;
  }
  const long double bound = ulp16<S>(ov) / 2 + float_bound;
  if (!(static_cast<double>(err / bound) <= t.max_ratio))
    t.max_ratio = static_cast<double>(err / bound);
  const long double sharp_allow = f_err + ulp16<S>(rv) * 1e-9L;
  const double sharp = static_cast<double>(err / (ulp16<S>(ov) / 2 + sharp_allow));
  if (!(sharp <= t.max_sharp)) t.max_sharp = sharp;
  if (g_normal && std::isfinite(ov) && ov != 0) {
    bool caught = false;
    for (int step : {-1, 1}) {
      const S q = S::from_bits(static_cast<std::uint16_t>(o.bits() + step));
      const long double qv = static_cast<float>(q);
      caught = caught || !std::isfinite(qv) || abs_diff(qv, r) > ulp16<S>(qv) / 2 + sharp_allow;
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
              ulp_of(yf) / 2 + b * std::fabs(static_cast<long double>(up)) * uG, gate);
      score16(t[k][1], du[k][i], duf, r2.v, G.v,
              ulp_of(duf) / 2 + b * std::fabs(static_cast<long double>(dy)) * uG, gate);
      const float pd = dy * up;
      const long double c3 = std::fabs(static_cast<long double>(dy) * up);
      long double extra = std::ldexp(c3 * std::fabs(static_cast<long double>(gd)), -53);
      if (p == accuracy::fast) {
        if (!std::isfinite(pd)) {  // dy * up overflows in float: not covered by the bound
          ++t[k][2].overflow;
          continue;
        }
        extra = ulp_of(pd) / 2 * std::fabs(static_cast<long double>(gd));
      }
      score16(t[k][2], dg[k][i], dgf, r3.v, D.v, ulp_of(dgf) / 2 + b * c3 * uD + extra, gate);
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
  check_accuracy_form16<approximate::none>(gates, ups, dys);
  check_accuracy_form16<approximate::tanh>(gates, ups, dys);
  check_accuracy_form16<approximate::sigmoid>(gates, ups, dys);
  std::fflush(stdout);
}

}  // namespace

TEST_CASE("geglu: the bits of the scalar composition, any length, offset, aliasing (float)",
          "[geglu]") {
  check_identity_type<float>();
}
TEST_CASE("geglu: the bits of the scalar composition, any length, offset, aliasing (double)",
          "[geglu]") {
  check_identity_type<double>();
}
TEST_CASE("geglu: the bits of the scalar composition, any length, offset, aliasing (bfloat16)",
          "[geglu]") {
  check_identity_type16<gelu::bfloat16>();
}
TEST_CASE("geglu: the bits of the scalar composition, any length, offset, aliasing (float16)",
          "[geglu]") {
  check_identity_type16<gelu::float16>();
}
TEST_CASE("geglu: special values", "[geglu]") {
  check_specials<float>();
  check_specials<double>();
}
TEST_CASE("geglu: error bounds against MPFR (float)", "[geglu][accuracy]") {
  check_accuracy_type<float>();
}
TEST_CASE("geglu: error bounds against MPFR (double)", "[geglu][accuracy]") {
  check_accuracy_type<double>();
}
TEST_CASE("geglu: error bounds against MPFR (bfloat16)", "[geglu][accuracy]") {
  check_accuracy_type16<gelu::bfloat16>();
}
TEST_CASE("geglu: error bounds against MPFR (float16)", "[geglu][accuracy]") {
  check_accuracy_type16<gelu::float16>();
}

namespace {
/// An invalid `approximate` or `accuracy`: the 16-bit pointer functions fill their outputs with
/// NaN (release builds; debug builds assert, as test_invalid_input checks for float).
template <class S>
void check_invalid16() {
  const std::size_t n = 37;  // full batches and a tail
  std::vector<S> x(n, S(0.5f)), u(n, S(2.0f)), y(n, S(7.0f)), dg(n, S(7.0f)), du(n, S(7.0f));
  std::size_t not_nan = 0;
  for (int k = 0; k < 2; ++k) {
    const approximate a = k == 0 ? static_cast<approximate>(3) : approximate::tanh;
    const accuracy p = k == 0 ? accuracy::fast : static_cast<accuracy>(2);
    gelu::geglu_forward(x.data(), u.data(), y.data(), n, a, p);
    gelu::geglu_backward(u.data(), x.data(), u.data(), dg.data(), du.data(), n, a, p);
    for (std::size_t i = 0; i < n; ++i)
      not_nan += !std::isnan(static_cast<float>(y[i])) + !std::isnan(static_cast<float>(dg[i])) +
                 !std::isnan(static_cast<float>(du[i]));
  }
  INFO(type_name<S>());
  CHECK(not_nan == 0);
}
}  // namespace

#ifdef NDEBUG
TEST_CASE("geglu: an invalid approximate or accuracy writes NaN (bfloat16, float16)",
          "[geglu][invalid]") {
  check_invalid16<gelu::bfloat16>();
  check_invalid16<gelu::float16>();
}
#endif

#if GELU_HAS_SPAN
namespace {
template <class F>
std::string message_of(F f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no exception)";
}
}  // namespace

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
