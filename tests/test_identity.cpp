// One source, same bits: batch lanes and array elements equal the scalar result bit for bit,
// whatever n, offset, alignment, position or aliasing.
#include <cstring>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "bounds.hpp"
#include "catch.hpp"
#include "inputs.hpp"

namespace {

using gelu_test::same_bits;

template <gelu::accuracy P, class T, class Arch>
void check_batches(int f, const std::vector<T>& xs, const std::vector<T>& scalar) {
  using batch = xsimd::batch<T, Arch>;
  constexpr std::size_t w = batch::size;
  alignas(64) T buf[w];
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i + w <= xs.size(); i += w) {
    gelu_test::call<P>(f, batch::load_unaligned(xs.data() + i)).store_aligned(buf);
    for (std::size_t j = 0; j < w; ++j) mismatches += !same_bits(buf[j], scalar[i + j]);
  }
  INFO(gelu_test::function_names[f] << " " << gelu_test::tier_name(P) << " arch " << Arch::name());
  CHECK(mismatches == 0);
}

template <gelu::accuracy P, class T>
void check_type() {
  const std::vector<T> xs = gelu_test::identity_inputs<T>(7);
  for (int f = 0; f < 6; ++f) {
    std::vector<T> scalar(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) scalar[i] = gelu_test::call<P>(f, xs[i]);
    check_batches<P, T, xsimd::default_arch>(f, xs, scalar);
#if XSIMD_WITH_SSE2
    check_batches<P, T, xsimd::sse2>(f, xs, scalar);
#endif
#if XSIMD_WITH_AVX2
    check_batches<P, T, xsimd::avx2>(f, xs, scalar);
#endif
    const gelu::approximate a = gelu_test::variant_of(f);
    const bool d = (f & 1) != 0;
    // every n in 0..70 and a large one, every offset 0..7: element i equals scalar(xs[i])
    std::vector<T> in(xs.size() + 8), out(xs.size() + 8), dy(xs.size() + 8, T(1));
    std::size_t bad = 0;
    std::vector<std::size_t> sizes;
    for (std::size_t n = 0; n <= 70; ++n) sizes.push_back(n);
    sizes.push_back(1000);
    for (std::size_t off = 0; off < 8; ++off)
      for (std::size_t n : sizes) {
        std::copy(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(n),
                  in.begin() + static_cast<std::ptrdiff_t>(off));
        if (d)
          gelu::backward(dy.data() + off, in.data() + off, out.data() + off, n, a, P);
        else
          gelu::forward(in.data() + off, out.data() + off, n, a, P);
        for (std::size_t i = 0; i < n; ++i) bad += !same_bits(out[off + i], scalar[i]);
      }
    // the whole set at once, and position independence: shifted by 3
    std::vector<T> all(xs.size()), shifted(xs.size() + 3);
    std::vector<T> ones(xs.size() + 3, T(1)), xs3(xs.size() + 3, T(0));
    std::copy(xs.begin(), xs.end(), xs3.begin() + 3);
    if (d) {
      gelu::backward(ones.data(), xs.data(), all.data(), xs.size(), a, P);
      gelu::backward(ones.data(), xs3.data(), shifted.data(), xs3.size(), a, P);
    } else {
      gelu::forward(xs.data(), all.data(), xs.size(), a, P);
      gelu::forward(xs3.data(), shifted.data(), xs3.size(), a, P);
    }
    for (std::size_t i = 0; i < xs.size(); ++i)
      bad += !same_bits(all[i], scalar[i]) + !same_bits(shifted[i + 3], scalar[i]);
    INFO(gelu_test::function_names[f] << " " << gelu_test::tier_name(P)
                                      << ": array elements differing from the scalar result");
    CHECK(bad == 0);
  }
}

/// backward's element as the scalar path forms it: the derivative rounded to T, then the product
/// rounded; except where the precise float kernels run, where dy times their double derivative
/// is rounded once (detail::derivative_times).
template <gelu::accuracy P, class T>
T scalar_backward(gelu::approximate a, T dy, T x) {
  if constexpr (std::is_same<T, float>::value) {
    using gelu::approximate;
    namespace d = gelu::detail;
    if (a == approximate::none) return d::derivative_times<approximate::none, P, float>(x, dy);
    if (a == approximate::tanh) return d::derivative_times<approximate::tanh, P, float>(x, dy);
    return d::derivative_times<approximate::sigmoid, P, float>(x, dy);
  }
  return dy * gelu_test::call<P>(2 * static_cast<int>(a) + 1, x);
}

template <gelu::accuracy P, class T>
void check_backward_and_aliasing() {
  const std::vector<T> xs = gelu_test::identity_inputs<T>(7);
  std::vector<T> dy(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i)
    dy[i] = static_cast<T>(0.37 + 0.01 * static_cast<double>(i % 101)) * (i % 3 ? T(1) : T(-3));
  for (gelu::approximate a :
       {gelu::approximate::none, gelu::approximate::tanh, gelu::approximate::sigmoid}) {
    int fd = 2 * static_cast<int>(a) + 1;
    std::vector<T> expect(xs.size()), expect_fwd(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
      expect[i] = scalar_backward<P>(a, dy[i], xs[i]);
      expect_fwd[i] = gelu_test::call<P>(fd - 1, xs[i]);
    }
    std::vector<T> dx(xs.size());
    gelu::backward(dy.data(), xs.data(), dx.data(), xs.size(), a, P);
    std::vector<T> in_dy = dy, in_x = xs, y = xs;
    gelu::backward(in_dy.data(), xs.data(), in_dy.data(), xs.size(), a, P);  // dx aliases dy
    gelu::backward(dy.data(), in_x.data(), in_x.data(), xs.size(), a, P);    // dx aliases x
    gelu::forward(y.data(), y.data(), y.size(), a, P);                       // y aliases x
    std::size_t bad = 0;
    for (std::size_t i = 0; i < xs.size(); ++i)
      bad += !same_bits(dx[i], expect[i]) + !same_bits(in_dy[i], expect[i]) +
             !same_bits(in_x[i], expect[i]) + !same_bits(y[i], expect_fwd[i]);
    INFO("variant " << static_cast<int>(a) << " " << gelu_test::tier_name(P));
    CHECK(bad == 0);
  }
}

}  // namespace

// The kernel table (detail/kernel_choice.hpp) for every kind of build, whatever this one is.
namespace table {
using gelu::accuracy;
using gelu::approximate;
using namespace gelu::detail;
using fma_avx512 = build_traits<true, table_path::rows32>;
using fma_avx2 = build_traits<true, table_path::mirror8>;
using nofma_avx2 = build_traits<false, table_path::mirror8>;
using fma_neon = build_traits<true, table_path::none>;
using nofma_sse = build_traits<false, table_path::none>;
template <approximate A, accuracy P, class E, class B>
using row = kernel_choice<A, P, E, B>;
template <approximate A, accuracy P, class E, class B>
constexpr bool is(accuracy kernels, table_path tables, array_loop loop) {
  return row<A, P, E, B>::kernels == kernels && row<A, P, E, B>::tables == tables &&
         row<A, P, E, B>::loop == loop;
}
constexpr auto fast = accuracy::fast, precise = accuracy::precise;
constexpr auto per_batch = array_loop::per_batch, compacting = array_loop::compacting;
// the fast float kernels, with their build's table path and the compacting loop
static_assert(is<approximate::tanh, fast, float, fma_avx512>(fast, table_path::rows32, compacting));
static_assert(is<approximate::none, fast, float, fma_avx2>(fast, table_path::mirror8, compacting));
static_assert(is<approximate::sigmoid, fast, float, fma_neon>(fast, table_path::none, per_batch));
// without FMA: exact GELU keeps its fast kernel; tanh and sigmoid run the precise ones, per batch
static_assert(is<approximate::none, fast, float, nofma_avx2>(fast, table_path::mirror8,
                                                             compacting));
static_assert(is<approximate::tanh, fast, float, nofma_avx2>(precise, table_path::none, per_batch));
static_assert(is<approximate::sigmoid, fast, float, nofma_sse>(precise, table_path::none,
                                                               per_batch));
static_assert(is<approximate::none, fast, float, nofma_sse>(fast, table_path::none, per_batch));
// double: the tier asked for, never a table; the precise tier: its kernels, per batch
static_assert(is<approximate::tanh, fast, double, nofma_avx2>(fast, table_path::none, per_batch));
static_assert(is<approximate::none, fast, double, fma_avx512>(fast, table_path::none, per_batch));
static_assert(is<approximate::none, precise, float, fma_avx512>(precise, table_path::none,
                                                                per_batch));
static_assert(is<approximate::sigmoid, precise, double, fma_avx2>(precise, table_path::none,
                                                                  per_batch));
// this build: FMA wherever the instruction set has it (AVX-512F has it without -mfma)
#if defined(__FMA__) || defined(__AVX512F__) || defined(__aarch64__)
static_assert(this_build::fma);
#endif
}  // namespace table

// Where the table gives the fast tier the precise kernels, its results are theirs, bit for bit.
template <gelu::approximate A, class T>
void check_fast_tier_kernels() {
  if constexpr (gelu::detail::kernel_choice<A, gelu::accuracy::fast, T>::kernels ==
                gelu::accuracy::precise) {
    const std::vector<T> xs = gelu_test::identity_inputs<T>(11);
    std::size_t bad = 0;
    for (T x : xs) {
      bad += !same_bits(gelu::gelu<A, gelu::accuracy::fast>(x),
                        gelu::gelu<A, gelu::accuracy::precise>(x));
      bad += !same_bits(gelu::gelu_derivative<A, gelu::accuracy::fast>(x),
                        gelu::gelu_derivative<A, gelu::accuracy::precise>(x));
    }
    INFO("form " << static_cast<int>(A) << ": fast-tier results that are not the precise kernels'");
    CHECK(bad == 0);
  }
}

TEST_CASE("the fast tier runs the kernels the table names", "[identity]") {
  check_fast_tier_kernels<gelu::approximate::none, float>();
  check_fast_tier_kernels<gelu::approximate::tanh, float>();
  check_fast_tier_kernels<gelu::approximate::sigmoid, float>();
}

TEST_CASE("same bits: float batches and arrays equal the scalar kernel", "[identity]") {
  check_type<gelu::accuracy::fast, float>();
  check_type<gelu::accuracy::precise, float>();
}
TEST_CASE("same bits: double batches and arrays equal the scalar kernel", "[identity]") {
  check_type<gelu::accuracy::fast, double>();
  check_type<gelu::accuracy::precise, double>();
}
TEST_CASE("backward is dy * derivative, in place too", "[identity]") {
  gelu_test::for_each_tier([](auto tier) {
    check_backward_and_aliasing<decltype(tier)::value, float>();
    check_backward_and_aliasing<decltype(tier)::value, double>();
  });
}

/// backward in the far negative tail, where the precise kernels' derivative falls below 2^-149
/// and large |dy| takes the product as +-0 (evaluate.hpp's derivative_times): every element has
/// the bits it has alone (n = 1), whatever the dy of the other lanes of its batch. dy alternates
/// between just below the storage type's threshold (float 16, bfloat16 2^20), where the product
/// can still be a nonzero subnormal, and above it.
template <class S>
void check_backward_tail(float small_dy, float large_dy) {
  std::vector<S> x, dy;
  for (float lo : {-15.0f, -11.5f, -66.0f})  // past each form's derivative underflow
    for (int k = 0; k < 1536; ++k) {
      x.push_back(S(lo + static_cast<float>(k) / 256.0f));
      dy.push_back(S(k % 3 == 0 ? large_dy : (k % 2 ? small_dy : -small_dy)));
    }
  std::vector<S> dx(x.size()), one(1);
  for (gelu::approximate a :
       {gelu::approximate::none, gelu::approximate::tanh, gelu::approximate::sigmoid})
    for (gelu::accuracy p : gelu_test::tiers) {
      gelu::backward(dy.data(), x.data(), dx.data(), x.size(), a, p);
      std::size_t bad = 0;
      for (std::size_t i = 0; i < x.size(); ++i) {
        gelu::backward(&dy[i], &x[i], one.data(), 1, a, p);
        bad += !same_bits(dx[i], one[0]);
      }
      INFO(gelu_test::form_name(a) << " " << gelu_test::tier_name(p));
      CHECK(bad == 0);
    }
}

TEST_CASE("backward in the tail: an element's bits do not depend on its neighbours' dy",
          "[identity]") {
  check_backward_tail<float>(8.0f, 0x1p21f);
  check_backward_tail<gelu::bfloat16>(0x1p19f, 0x1p21f);
}

// A C++20 test build (GELU_TEST_CXX_STANDARD from tests/CMakeLists.txt) must test the spans.
#if defined(GELU_TEST_CXX_STANDARD) && GELU_TEST_CXX_STANDARD >= 20 && !GELU_HAS_SPAN
#error "built as C++20 but gelu has no std::span overloads (GELU_HAS_SPAN is 0)"
#endif

#if GELU_HAS_SPAN
TEST_CASE("span overloads check sizes", "[span]") {
  std::vector<float> x(5, 1.0f), y(5), z(4);
  gelu::forward(x, y);
  CHECK(y[0] == gelu::gelu(1.0f));
  try {
    gelu::forward(x, z);
    FAIL("no exception on a size mismatch");
  } catch (const std::invalid_argument& e) {
    std::string m = e.what();
    CHECK(m.find('5') != std::string::npos);
    CHECK(m.find('4') != std::string::npos);
  }
  CHECK_THROWS_AS(gelu::backward(x, x, z), std::invalid_argument);
}
#endif
