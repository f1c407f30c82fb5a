// gelu::dispatch, built with the compiler's default flags (no -march): for every variant this CPU
// runs, chosen with gelu::dispatch::detail::select, the dispatched functions give exactly the bits
// of gelu.hpp compiled statically for that instruction set (reference.cpp, built with the
// variant's flags: its array functions and, independently, its scalar functions element by
// element; NaN results there only as NaN), for the three forms, both tiers, float and double;
// special values pass through; the GELU_ARCH cap. The test case tagged [env] checks the choice made
// on the first call from the real environment; CTest runs it in processes of its own, once per
// GELU_ARCH value.
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <gelu/dispatch.hpp>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "catch.hpp"
#include "dispatch_variants.hpp"  // generated: GELU_TEST_DISPATCH_VARIANTS(X), GELU_TEST_HAS_NATIVE
#include "message_of.hpp"
#include "reference.hpp"

namespace gelu_test {
#define GELU_TEST_DECLARE(isa) extern const reference_unit GELU_TEST_REFERENCE(isa);
GELU_TEST_DISPATCH_VARIANTS(GELU_TEST_DECLARE)
#if GELU_TEST_HAS_NATIVE
GELU_TEST_DECLARE(native)
#endif
}  // namespace gelu_test

namespace {

using gelu::accuracy;
using gelu::approximate;
using gelu_test::reference_unit;

#define GELU_TEST_ADDRESS(isa) &gelu_test::GELU_TEST_REFERENCE(isa),
/// The variants of the library, lowest first, each with its reference unit.
const std::vector<const reference_unit*> variants = {
    GELU_TEST_DISPATCH_VARIANTS(GELU_TEST_ADDRESS)};

/// Whether this CPU runs the variant's code, found independently of the library (which also
/// uses xsimd's detection).
bool cpu_runs(const std::string& isa) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (isa == "avx2") return avx2;
  if (isa == "avx512")
    return avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl");
#else
  (void)isa;
#endif
  return true;  // sse2 on x86-64, neon on AArch64, default
}

bool same_name(std::string a, std::string b) {
  for (char& c : a) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (char& c : b) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return a == b;
}

/// The variant the documented rule gives for GELU_ARCH = cap (nullptr: unset).
std::string expected_choice(const char* cap) {
  std::size_t limit = variants.size() - 1;
  for (std::size_t i = 0; cap != nullptr && i < variants.size(); ++i)
    if (same_name(cap, variants[i]->isa)) limit = i;
  for (std::size_t i = limit + 1; i-- > 0;)
    if (cpu_runs(variants[i]->isa)) return variants[i]->isa;
  return variants[0]->isa;
}

std::string best() { return expected_choice(nullptr); }

// ---- inputs ---------------------------------------------------------------------------------

template <class T>
std::vector<T> inputs() {
  using lim = std::numeric_limits<T>;
  std::vector<T> x = {lim::quiet_NaN(),
                      -lim::quiet_NaN(),
                      lim::infinity(),
                      -lim::infinity(),
                      T(0),
                      -T(0),
                      lim::max(),
                      -lim::max(),
                      lim::min(),
                      -lim::min(),
                      lim::denorm_min(),
                      -lim::denorm_min(),
                      T(1),
                      T(-1),
                      T(-0.75),
                      T(-3.125),
                      T(4.875),
                      T(-3.75),
                      T(3.75)};
  std::mt19937_64 rng(20261123);
  std::normal_distribution<T> n01(T(0), T(1)), wide(T(0), T(3));
  std::uniform_real_distribution<T> span16(T(-16), T(16)), tail(T(-40), T(-5)),
      zero(T(-0.85), T(-0.65)), tiny(T(-1e-6), T(1e-6));
  for (int i = 0; i < 700; ++i) {
    x.push_back(n01(rng));
    x.push_back(wide(rng));
    x.push_back(span16(rng));
    x.push_back(tail(rng));
    x.push_back(zero(rng));
    x.push_back(tiny(rng));
  }
  using bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  for (int i = 0; i < 1500; ++i) {  // every binade, NaNs and infinities among them
    bits b = static_cast<bits>(rng());
    T v;
    std::memcpy(&v, &b, sizeof v);
    x.push_back(v);
  }
  x.push_back(T(0.5));  // an odd length: a tail for every register width
  return x;
}

template <class T>
std::string hex(T v) {
  char buf[32];
  if constexpr (sizeof(T) == 4) {
    std::uint32_t u;
    std::memcpy(&u, &v, 4);
    std::snprintf(buf, sizeof buf, "0x%08x", static_cast<unsigned>(u));
  } else {
    std::uint64_t u;
    std::memcpy(&u, &v, 8);
    std::snprintf(buf, sizeof buf, "0x%016llx", static_cast<unsigned long long>(u));
  }
  return buf;
}

/// "" when a and b hold the same bits, else the first difference. With any_nan, two NaNs count
/// as equal whatever their sign and payload (gelu's scalar and batch paths may give a NaN input's
/// result another sign).
template <class T>
std::string first_difference(const std::vector<T>& x, const std::vector<T>& a,
                             const std::vector<T>& b, bool any_nan = false) {
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::memcmp(&a[i], &b[i], sizeof(T)) != 0 &&
        !(any_nan && std::isnan(a[i]) && std::isnan(b[i])))
      return "element " + std::to_string(i) + " (x = " + hex(x[i]) + "): " + hex(a[i]) + " vs " +
             hex(b[i]);
  return "";
}

const approximate forms[] = {approximate::none, approximate::tanh, approximate::sigmoid};
const accuracy tiers[] = {accuracy::fast, accuracy::precise};
const char* form_name(approximate a) {
  return a == approximate::none ? "none" : a == approximate::tanh ? "tanh" : "sigmoid";
}
const char* tier_name(accuracy p) { return p == accuracy::fast ? "fast" : "precise"; }

/// The unit's float or double functions: its array functions, or with `scalar` its scalar ones.
template <class T>
const gelu_test::reference_functions<T>& api(const reference_unit& r, bool scalar) {
  if constexpr (sizeof(T) == 4)
    return scalar ? r.scalar_f32 : r.array_f32;
  else
    return scalar ? r.scalar_f64 : r.array_f64;
}

/// The dispatched functions (as now selected) against the functions of one reference set.
template <class T>
void check_against(const gelu_test::reference_functions<T>& ref, const char* what,
                   bool any_nan = false) {
  const std::vector<T> x = inputs<T>();
  const std::size_t n = x.size();
  std::vector<T> dy(n);
  std::mt19937 rng(7);
  std::uniform_real_distribution<T> u(T(-2), T(2));
  for (T& v : dy) v = u(rng);
  for (approximate a : forms) {
    for (accuracy p : tiers) {
      INFO(what << ", " << (sizeof(T) == 4 ? "float" : "double")
                << ", approximate::" << form_name(a) << ", accuracy::" << tier_name(p));
      std::vector<T> y(n), y_ref(n), d(n), d_ref(n);
      gelu::dispatch::forward(x.data(), y.data(), n, a, p);
      ref.forward(x.data(), y_ref.data(), n, a, p);
      CHECK(first_difference(x, y, y_ref, any_nan) == "");

      gelu::dispatch::backward(dy.data(), x.data(), d.data(), n, a, p);
      ref.backward(dy.data(), x.data(), d_ref.data(), n, a, p);
      CHECK(first_difference(x, d, d_ref, any_nan) == "");

      gelu::dispatch::forward_and_derivative(x.data(), y.data(), d.data(), n, a, p);
      ref.forward_and_derivative(x.data(), y_ref.data(), d_ref.data(), n, a, p);
      CHECK(first_difference(x, y, y_ref, any_nan) == "");
      CHECK(first_difference(x, d, d_ref, any_nan) == "");

      // GeGLU: gate = x, up = dy, and dy reversed as the incoming gradient
      std::vector<T> g(dy.rbegin(), dy.rend()), y2(n), y2_ref(n);
      gelu::dispatch::geglu_forward(x.data(), dy.data(), y.data(), n, a, p);
      ref.geglu_forward(x.data(), dy.data(), y_ref.data(), n, a, p);
      CHECK(first_difference(x, y, y_ref, any_nan) == "");
      gelu::dispatch::geglu_backward(g.data(), x.data(), dy.data(), d.data(), y2.data(), n, a, p);
      ref.geglu_backward(g.data(), x.data(), dy.data(), d_ref.data(), y2_ref.data(), n, a, p);
      CHECK(first_difference(x, d, d_ref, any_nan) == "");
      CHECK(first_difference(x, y2, y2_ref, any_nan) == "");

      std::vector<T> in_place = x;  // y aliasing x
      gelu::dispatch::forward(in_place.data(), in_place.data(), n, a, p);
      ref.forward(x.data(), y_ref.data(), n, a, p);
      CHECK(first_difference(x, in_place, y_ref, any_nan) == "");
    }
  }
}

/// bfloat16 / float16 arrays: every one of the 65 536 inputs (dy: the inputs reversed), the
/// dispatched functions (GeGLU included) against the reference's array functions (bits; NaN
/// results only as NaN).
template <class S>
void check_16bit(const gelu_test::reference_functions<S>& ref, const char* what) {
  std::vector<S> x(65536), dy(65536);
  for (std::uint32_t h = 0; h < 65536; ++h) {
    x[h] = S::from_bits(static_cast<std::uint16_t>(h));
    dy[h] = S::from_bits(static_cast<std::uint16_t>(h ^ 0xffffu));
  }
  const std::size_t n = x.size();
  auto differences = [](const std::vector<S>& a, const std::vector<S>& b) {
    std::size_t k = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
      k += a[i].bits() != b[i].bits() &&
           !(std::isnan(static_cast<float>(a[i])) && std::isnan(static_cast<float>(b[i])));
    return k;
  };
  for (approximate a : forms)
    for (accuracy p : tiers) {
      INFO(what << ", " << (std::is_same<S, gelu::bfloat16>::value ? "bfloat16" : "float16")
                << ", approximate::" << form_name(a) << ", accuracy::" << tier_name(p));
      std::vector<S> y(n), y_ref(n), d(n), d_ref(n);
      gelu::dispatch::forward(x.data(), y.data(), n, a, p);
      ref.forward(x.data(), y_ref.data(), n, a, p);
      CHECK(differences(y, y_ref) == 0);
      gelu::dispatch::backward(dy.data(), x.data(), d.data(), n, a, p);
      ref.backward(dy.data(), x.data(), d_ref.data(), n, a, p);
      CHECK(differences(d, d_ref) == 0);
      gelu::dispatch::forward_and_derivative(x.data(), y.data(), d.data(), n, a, p);
      ref.forward_and_derivative(x.data(), y_ref.data(), d_ref.data(), n, a, p);
      CHECK(differences(y, y_ref) == 0);
      CHECK(differences(d, d_ref) == 0);
      // GeGLU: gate = x, up = dy, and x rotated by 12345 as the incoming gradient
      std::vector<S> g(n), y2(n), y2_ref(n);
      for (std::size_t i = 0; i < n; ++i) g[i] = x[(i + 12345) % n];
      gelu::dispatch::geglu_forward(x.data(), dy.data(), y.data(), n, a, p);
      ref.geglu_forward(x.data(), dy.data(), y_ref.data(), n, a, p);
      CHECK(differences(y, y_ref) == 0);
      gelu::dispatch::geglu_backward(g.data(), x.data(), dy.data(), d.data(), y2.data(), n, a, p);
      ref.geglu_backward(g.data(), x.data(), dy.data(), d_ref.data(), y2_ref.data(), n, a, p);
      CHECK(differences(d, d_ref) == 0);
      CHECK(differences(y2, y2_ref) == 0);
    }
}

template <class T>
void check_special_values(const std::string& isa) {
  using lim = std::numeric_limits<T>;
  const std::vector<T> x = {lim::quiet_NaN(), lim::infinity(), -lim::infinity(), T(0), -T(0)};
  const std::vector<T> ones(x.size(), T(1));
  for (approximate a : forms) {
    for (accuracy p : tiers) {
      INFO(isa << ", " << (sizeof(T) == 4 ? "float" : "double") << ", approximate::" << form_name(a)
               << ", accuracy::" << tier_name(p));
      std::vector<T> y(x.size()), d(x.size()), y2(x.size()), d2(x.size());
      gelu::dispatch::forward(x.data(), y.data(), x.size(), a, p);
      gelu::dispatch::backward(ones.data(), x.data(), d.data(), x.size(), a, p);
      gelu::dispatch::forward_and_derivative(x.data(), y2.data(), d2.data(), x.size(), a, p);
      for (const std::vector<T>* v : {&y, &y2}) {
        const std::vector<T>& r = *v;
        CHECK(std::isnan(r[0]));
        CHECK(r[1] == lim::infinity());
        CHECK((r[2] == T(0) && std::signbit(r[2])));   // gelu(-inf) = -0
        CHECK((r[3] == T(0) && !std::signbit(r[3])));  // gelu(+0) = +0
        CHECK((r[4] == T(0) && std::signbit(r[4])));   // gelu(-0) = -0
      }
      for (const std::vector<T>* v : {&d, &d2}) {
        const std::vector<T>& r = *v;
        CHECK(std::isnan(r[0]));
        CHECK(r[1] == T(1));
        CHECK(r[2] == T(0));
        CHECK(r[3] == T(0.5));
        CHECK(r[4] == T(0.5));
      }
    }
  }
}

struct restore_choice {  // the test cases leave the choice GELU_ARCH gives
  ~restore_choice() { gelu::dispatch::detail::select(std::getenv("GELU_ARCH")); }
};

}  // namespace

TEST_CASE("dispatch: the first choice is the best variant this CPU runs, capped by GELU_ARCH",
          "[env]") {
  // Several threads make the first call at once: one choice, the same for all.
  const char* cap = std::getenv("GELU_ARCH");
  std::vector<std::string> seen(4);
  std::vector<std::thread> threads;
  for (std::string& s : seen) threads.emplace_back([&s] { s = gelu::dispatch::active_isa(); });
  for (std::thread& t : threads) t.join();
  INFO("GELU_ARCH=" << (cap ? cap : "(unset)") << ", best here " << best());
  for (const std::string& s : seen) CHECK(s == expected_choice(cap));
  std::printf("GELU_ARCH=%s: gelu::dispatch runs %s (%s)\n", cap ? cap : "(unset)",
              gelu::dispatch::active_isa(), gelu::dispatch::detail::active_isa_namespace());
}

TEST_CASE("dispatch: every variant this CPU runs computes the bits of its static build") {
  restore_choice restore;
  for (const reference_unit* v : variants) {
    if (!cpu_runs(v->isa)) {
      WARN("this CPU does not run the " << v->isa << " variant: not tested");
      continue;
    }
    std::printf("variant %s (%s)\n", v->isa, v->isa_namespace);
    REQUIRE(std::string(gelu::dispatch::detail::select(v->isa)) == v->isa);
    CHECK(std::string(gelu::dispatch::active_isa()) == v->isa);
    // The variant runs the functions of the ISA namespace a static build with its flags has.
    CHECK(std::string(gelu::dispatch::detail::active_isa_namespace()) == v->isa_namespace);
    const std::string array = std::string(v->isa) + " static build, array functions";
    const std::string scalar = std::string(v->isa) + " static build, scalar functions";
    check_against(api<float>(*v, false), array.c_str());
    check_against(api<float>(*v, true), scalar.c_str(), true);
    check_against(api<double>(*v, false), array.c_str());
    check_against(api<double>(*v, true), scalar.c_str(), true);
    check_16bit(v->array_bf16, array.c_str());
    check_16bit(v->array_f16, array.c_str());
  }
}

#if GELU_TEST_HAS_NATIVE
TEST_CASE("dispatch: the best variant computes the bits of a -march=native build") {
  restore_choice restore;
  const reference_unit& native = gelu_test::reference_native;
  const std::string chosen = gelu::dispatch::detail::select(nullptr);
  // Only when the native build is of the same family (its ISA namespace starts with the one of
  // the variant's base, e.g. isa_avx512): then the kernels are the same. NaN results only as NaN:
  // with xsimd 14, a -march=native build (e.g. xsimd's avx512vnni arch) may give a NaN input's
  // result another sign than the avx512 variant (xsimd's avx512bw arch).
  const std::string family = chosen == "neon" ? "isa_neon" : "isa_" + chosen;
  if (std::string(native.isa_namespace).rfind(family, 0) != 0) {
    WARN("-march=native (" << native.isa_namespace << ") is not of the family of " << chosen);
    return;
  }
  std::printf("best variant %s against -march=native (%s)\n", chosen.c_str(), native.isa_namespace);
  check_against(native.array_f32, "-march=native build", true);
  check_against(native.array_f64, "-march=native build", true);
  check_16bit(native.array_bf16, "-march=native build");
  check_16bit(native.array_f16, "-march=native build");
}
#endif

TEST_CASE("dispatch: special values in every variant this CPU runs") {
  restore_choice restore;
  for (const reference_unit* v : variants) {
    if (!cpu_runs(v->isa)) continue;
    REQUIRE(std::string(gelu::dispatch::detail::select(v->isa)) == v->isa);
    check_special_values<float>(v->isa);
    check_special_values<double>(v->isa);
  }
}

TEST_CASE("dispatch: GELU_ARCH caps the choice; empty, unknown or foreign values are ignored") {
  restore_choice restore;
  using gelu::dispatch::detail::select;
  CHECK(select(nullptr) == best());
  CHECK(select("") == best());
  CHECK(select("bogus") == best());
  CHECK(select("avx5120") == best());
  CHECK(select(variants.front()->isa) == std::string(variants.front()->isa));
  for (const reference_unit* v : variants) {
    INFO("GELU_ARCH=" << v->isa);
    const std::string got = select(v->isa);
    CHECK(got == expected_choice(v->isa));
    CHECK(std::string(gelu::dispatch::active_isa()) == got);
    std::string upper = v->isa;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(select(upper.c_str()) == got);
  }
  // Another platform's name is no cap.
#if defined(__x86_64__)
  CHECK(select("neon") == best());
#elif defined(__aarch64__)
  CHECK(select("sse2") == best());
#endif
}

TEST_CASE("dispatch: an invalid approximate or accuracy fills the output with NaN (NDEBUG)") {
#ifdef NDEBUG
  const std::vector<float> x = {1.0f, -2.0f, 0.0f};
  std::vector<float> y(x.size(), 0.0f);
  gelu::dispatch::forward(x.data(), y.data(), x.size(), static_cast<approximate>(7));
  for (float v : y) CHECK(std::isnan(v));
  std::vector<double> xd = {1.0, -2.0, 0.0}, yd(3, 0.0), dd(3, 0.0);
  gelu::dispatch::forward_and_derivative(xd.data(), yd.data(), dd.data(), xd.size(),
                                         approximate::none, static_cast<accuracy>(2));
  for (double v : yd) CHECK(std::isnan(v));
  for (double v : dd) CHECK(std::isnan(v));
#else
  SUCCEED("assertions on: the pointer functions assert (tests/test_invalid_input.cpp)");
#endif
}

#if GELU_DISPATCH_HAS_SPAN
TEST_CASE("dispatch: span overloads (C++20)") {
  using gelu_test::message_of;
  std::vector<float> x = inputs<float>();
  std::vector<float> y(x.size()), y_ptr(x.size()), d(x.size()), d_ptr(x.size());
  gelu::dispatch::forward(std::span<const float>(x), std::span<float>(y), approximate::tanh);
  gelu::dispatch::forward(x.data(), y_ptr.data(), x.size(), approximate::tanh);
  CHECK(first_difference(x, y, y_ptr) == "");
  gelu::dispatch::forward_and_derivative(std::span<const float>(x), std::span<float>(y),
                                         std::span<float>(d), approximate::none, accuracy::precise);
  gelu::dispatch::forward_and_derivative(x.data(), y_ptr.data(), d_ptr.data(), x.size(),
                                         approximate::none, accuracy::precise);
  CHECK(first_difference(x, y, y_ptr) == "");
  CHECK(first_difference(x, d, d_ptr) == "");
  std::vector<double> xd = {-1.0, 0.5, 2.0}, dyd = {1.0, 1.0, 1.0}, dxd(3), dxd_ptr(3);
  gelu::dispatch::backward(std::span<const double>(dyd), std::span<const double>(xd),
                           std::span<double>(dxd), approximate::sigmoid);
  gelu::dispatch::backward(dyd.data(), xd.data(), dxd_ptr.data(), 3, approximate::sigmoid);
  CHECK(first_difference(xd, dxd, dxd_ptr) == "");

  CHECK(message_of([] {
          std::vector<float> a(3), b(3), c(4);
          gelu::dispatch::geglu_forward(std::span<const float>(a), std::span<const float>(b),
                                        std::span<float>(c));
        }) == "gelu::dispatch::geglu_forward: size mismatch (3 vs 4)");
  CHECK(message_of([] {
          std::vector<double> a(3), b(2);
          gelu::dispatch::geglu_backward(std::span<const double>(a), std::span<const double>(a),
                                         std::span<const double>(a), std::span<double>(a),
                                         std::span<double>(b), approximate::tanh);
        }) == "gelu::dispatch::geglu_backward: size mismatch (3 vs 2)");
  CHECK(message_of([] {
          std::vector<gelu::bfloat16> a(3), b(4);
          gelu::dispatch::geglu_forward(std::span<const gelu::bfloat16>(a),
                                        std::span<const gelu::bfloat16>(a),
                                        std::span<gelu::bfloat16>(b));
        }) == "gelu::dispatch::geglu_forward: size mismatch (3 vs 4)");
  CHECK(message_of([] {
          std::vector<gelu::float16> a(3);
          gelu::dispatch::geglu_backward(
              std::span<const gelu::float16>(a), std::span<const gelu::float16>(a),
              std::span<const gelu::float16>(a), std::span<gelu::float16>(a),
              std::span<gelu::float16>(a), approximate::none, static_cast<accuracy>(2));
        }) ==
        "gelu::dispatch::geglu_backward: accuracy has the value 2, not one of fast (0), "
        "precise (1)");
  CHECK(message_of([] {
          std::vector<float> a(3), b(4);
          gelu::dispatch::forward(std::span<const float>(a), std::span<float>(b));
        }) == "gelu::dispatch::forward: size mismatch (3 vs 4)");
  CHECK(message_of([] {
          std::vector<double> a(3), b(3), c(2);
          gelu::dispatch::backward(std::span<const double>(a), std::span<const double>(b),
                                   std::span<double>(c));
        }) == "gelu::dispatch::backward: size mismatch (3 vs 2)");
  CHECK(message_of([] {
          std::vector<float> a(3), b(3), c(3);
          gelu::dispatch::forward_and_derivative(std::span<const float>(a), std::span<float>(b),
                                                 std::span<float>(c), static_cast<approximate>(7));
        }) ==
        "gelu::dispatch::forward_and_derivative: approximate has the value 7, not one of "
        "none (0), tanh (1), sigmoid (2)");
  CHECK(message_of([] {
          std::vector<double> a(3), b(3);
          gelu::dispatch::forward(std::span<const double>(a), std::span<double>(b),
                                  approximate::none, static_cast<accuracy>(2));
        }) ==
        "gelu::dispatch::forward: accuracy has the value 2, not one of fast (0), precise (1)");
}
#endif
