// gelu/detail/isa.hpp -- the only place with instruction-set intrinsics: the few batch
// operations that xsimd 8 lacks or that must give fixed results (hardware fma when the build has
// it, NaN-propagating min/max, register permutes as table lookups, float <-> double batches).
//
// Each operation is an overload set on xsimd's architecture tags, as xsimd's own kernels are:
// `op(args..., A{})` picks the most derived tag the build's architecture A inherits from
// (avx512bw -> ... -> avx512f, fma3<avx2> -> avx2 -> avx, sse4_2 -> ... -> sse2, neon64), and
// the `common_arch` overload is the portable fallback. An overload is only declared when the
// compiler targets its instructions.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "isa_namespace.hpp"
#include "kernel_choice.hpp"  // GELU_HAS_FMA

#if defined(__FAST_MATH__)
#error \
    "gelu: -ffast-math breaks the error-free transformations the kernels rely on; build gelu's translation units without it"
#endif

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {

/// 1.5 * 2^52: for |v| < 2^51, v + round_magic rounds v to an integer (ties to even) and holds
/// that integer, two's complement, in the low mantissa bits of the sum; subtracting it again
/// gives the rounded v as a double. Used for rounding, for 2^k through the exponent bits and for
/// table indices.
inline constexpr double round_magic = 0x1.8p52;

namespace isa {

/// The root of xsimd's architecture tags (renamed from `generic` to `common` in xsimd 14).
#if XSIMD_VERSION_MAJOR >= 14
using common_arch = xsimd::common;
#else
using common_arch = xsimd::generic;
#endif

template <class Tag>
using requires_arch = const Tag&;

template <class A>
using f64 = xsimd::batch<double, A>;
template <class A>
using u64 = xsimd::batch<std::uint64_t, A>;
template <class A>
using f32 = xsimd::batch<float, A>;
template <class A>
using u32 = xsimd::batch<std::uint32_t, A>;

/// A float batch as two double batches of the same architecture (lanes 0..n/2-1, n/2..n-1).
template <class A>
struct wide_pair {
  f64<A> lo, hi;
};

// ---- fma(a, b, c) = a * b + c, rounded once with GELU_HAS_FMA, else the product rounded first --
template <class T, class A>
inline xsimd::batch<T, A> fma(const xsimd::batch<T, A>& a, const xsimd::batch<T, A>& b,
                              const xsimd::batch<T, A>& c, requires_arch<common_arch>) noexcept {
  using B = xsimd::batch<T, A>;
#if GELU_HAS_FMA
  alignas(64) T ta[B::size], tb[B::size], tc[B::size];
  a.store_aligned(ta);
  b.store_aligned(tb);
  c.store_aligned(tc);
  for (std::size_t i = 0; i < B::size; ++i) ta[i] = std::fma(ta[i], tb[i], tc[i]);
  return B::load_aligned(ta);
#else
  B p = a * b;
  return p + c;
#endif
}
#if defined(__FMA__)
template <class A>
inline f64<A> fma(const f64<A>& a, const f64<A>& b, const f64<A>& c,
                  requires_arch<xsimd::sse2>) noexcept {
  return _mm_fmadd_pd(a, b, c);
}
template <class A>
inline f64<A> fma(const f64<A>& a, const f64<A>& b, const f64<A>& c,
                  requires_arch<xsimd::avx>) noexcept {
  return _mm256_fmadd_pd(a, b, c);
}
#endif
#if defined(__AVX512F__)
template <class A>
inline f64<A> fma(const f64<A>& a, const f64<A>& b, const f64<A>& c,
                  requires_arch<xsimd::avx512f>) noexcept {
  return _mm512_fmadd_pd(a, b, c);
}
#endif
#if defined(__aarch64__)
template <class A>
inline f64<A> fma(const f64<A>& a, const f64<A>& b, const f64<A>& c,
                  requires_arch<xsimd::neon64>) noexcept {
  return vfmaq_f64(c, a, b);
}
#endif

#if defined(__FMA__)
template <class A>
inline f32<A> fma(const f32<A>& a, const f32<A>& b, const f32<A>& c,
                  requires_arch<xsimd::sse2>) noexcept {
  return _mm_fmadd_ps(a, b, c);
}
template <class A>
inline f32<A> fma(const f32<A>& a, const f32<A>& b, const f32<A>& c,
                  requires_arch<xsimd::avx>) noexcept {
  return _mm256_fmadd_ps(a, b, c);
}
#endif
#if defined(__AVX512F__)
template <class A>
inline f32<A> fma(const f32<A>& a, const f32<A>& b, const f32<A>& c,
                  requires_arch<xsimd::avx512f>) noexcept {
  return _mm512_fmadd_ps(a, b, c);
}
#endif
#if defined(__aarch64__)
template <class A>
inline f32<A> fma(const f32<A>& a, const f32<A>& b, const f32<A>& c,
                  requires_arch<xsimd::neon64>) noexcept {
  return vfmaq_f32(c, a, b);
}
#endif

// ---- div(a, b) = a / b rounded once (IEEE). xsimd 8's NEON float division is a reciprocal
// estimate refined by Newton steps, not the correctly rounded quotient the scalar path computes.
template <class T, class A>
inline xsimd::batch<T, A> div(const xsimd::batch<T, A>& a, const xsimd::batch<T, A>& b,
                              requires_arch<common_arch>) noexcept {
  return a / b;
}
#if defined(__aarch64__)
template <class A>
inline f32<A> div(const f32<A>& a, const f32<A>& b, requires_arch<xsimd::neon64>) noexcept {
  return vdivq_f32(a, b);
}
#endif

// ---- min_keep_nan(bound, x) = bound < x ? bound : x, max_keep_nan(bound, x) = bound > x ? .. --
// A NaN x comes through. x86 minpd/maxpd return their second operand when one is NaN, so they
// are exactly these; NEON's fmin/fmax return NaN if either operand is, which for a non-NaN bound
// is the same.
template <class T, class A>
inline xsimd::batch<T, A> min_keep_nan(const xsimd::batch<T, A>& bound, const xsimd::batch<T, A>& x,
                                       requires_arch<common_arch>) noexcept {
  return xsimd::select(bound < x, bound, x);
}
template <class T, class A>
inline xsimd::batch<T, A> max_keep_nan(const xsimd::batch<T, A>& bound, const xsimd::batch<T, A>& x,
                                       requires_arch<common_arch>) noexcept {
  return xsimd::select(bound > x, bound, x);
}
#if defined(__SSE2__) || defined(_M_X64)
template <class A>
inline f64<A> min_keep_nan(const f64<A>& bound, const f64<A>& x,
                           requires_arch<xsimd::sse2>) noexcept {
  return _mm_min_pd(bound, x);
}
template <class A>
inline f64<A> max_keep_nan(const f64<A>& bound, const f64<A>& x,
                           requires_arch<xsimd::sse2>) noexcept {
  return _mm_max_pd(bound, x);
}
template <class A>
inline f32<A> min_keep_nan(const f32<A>& bound, const f32<A>& x,
                           requires_arch<xsimd::sse2>) noexcept {
  return _mm_min_ps(bound, x);
}
template <class A>
inline f32<A> max_keep_nan(const f32<A>& bound, const f32<A>& x,
                           requires_arch<xsimd::sse2>) noexcept {
  return _mm_max_ps(bound, x);
}
#endif
#if defined(__AVX__)
template <class A>
inline f64<A> min_keep_nan(const f64<A>& bound, const f64<A>& x,
                           requires_arch<xsimd::avx>) noexcept {
  return _mm256_min_pd(bound, x);
}
template <class A>
inline f64<A> max_keep_nan(const f64<A>& bound, const f64<A>& x,
                           requires_arch<xsimd::avx>) noexcept {
  return _mm256_max_pd(bound, x);
}
template <class A>
inline f32<A> min_keep_nan(const f32<A>& bound, const f32<A>& x,
                           requires_arch<xsimd::avx>) noexcept {
  return _mm256_min_ps(bound, x);
}
template <class A>
inline f32<A> max_keep_nan(const f32<A>& bound, const f32<A>& x,
                           requires_arch<xsimd::avx>) noexcept {
  return _mm256_max_ps(bound, x);
}
#endif
#if defined(__AVX512F__)
template <class A>
inline f64<A> min_keep_nan(const f64<A>& bound, const f64<A>& x,
                           requires_arch<xsimd::avx512f>) noexcept {
  return _mm512_min_pd(bound, x);
}
template <class A>
inline f64<A> max_keep_nan(const f64<A>& bound, const f64<A>& x,
                           requires_arch<xsimd::avx512f>) noexcept {
  return _mm512_max_pd(bound, x);
}
template <class A>
inline f32<A> min_keep_nan(const f32<A>& bound, const f32<A>& x,
                           requires_arch<xsimd::avx512f>) noexcept {
  return _mm512_min_ps(bound, x);
}
template <class A>
inline f32<A> max_keep_nan(const f32<A>& bound, const f32<A>& x,
                           requires_arch<xsimd::avx512f>) noexcept {
  return _mm512_max_ps(bound, x);
}
#endif
#if defined(__aarch64__)
template <class A>
inline f64<A> min_keep_nan(const f64<A>& bound, const f64<A>& x,
                           requires_arch<xsimd::neon64>) noexcept {
  return vminq_f64(bound, x);
}
template <class A>
inline f64<A> max_keep_nan(const f64<A>& bound, const f64<A>& x,
                           requires_arch<xsimd::neon64>) noexcept {
  return vmaxq_f64(bound, x);
}
template <class A>
inline f32<A> min_keep_nan(const f32<A>& bound, const f32<A>& x,
                           requires_arch<xsimd::neon64>) noexcept {
  return vminq_f32(bound, x);
}
template <class A>
inline f32<A> max_keep_nan(const f32<A>& bound, const f32<A>& x,
                           requires_arch<xsimd::neon64>) noexcept {
  return vmaxq_f32(bound, x);
}
#endif

// ---- lookup8(table, row_bits): table[row] for row in 0..7, given row_bits = row + round_magic:
// the low mantissa bits of row_bits hold the row, which is what the permute instructions read.
template <class A>
inline f64<A> lookup8(const double* table, const f64<A>& row_bits,
                      requires_arch<common_arch>) noexcept {
  alignas(64) double r[f64<A>::size];
  row_bits.store_aligned(r);
  for (std::size_t i = 0; i < f64<A>::size; ++i) r[i] = table[static_cast<int>(r[i] - round_magic)];
  return f64<A>::load_aligned(r);
}
#if defined(__AVX2__)
template <class A>
inline f64<A> lookup8(const double* table, const f64<A>& row_bits,
                      requires_arch<xsimd::avx2>) noexcept {
  __m256i idx = _mm256_and_si256(_mm256_castpd_si256(row_bits), _mm256_set1_epi64x(7));
  return _mm256_i64gather_pd(table, idx, 8);
}
#endif
#if defined(__AVX512F__)
template <class A>
inline f64<A> lookup8(const double* table, const f64<A>& row_bits,
                      requires_arch<xsimd::avx512f>) noexcept {
  // vpermpd reads the low 3 bits of each index lane
  return _mm512_permutexvar_pd(_mm512_castpd_si512(row_bits), _mm512_loadu_pd(table));
}
#endif

/// table[i & (Rows - 1)] lane by lane: the lookups' fallback where no register permute serves.
template <std::size_t Rows, class T, class U, class A>
inline xsimd::batch<T, A> lookup_per_lane(const T* table, const xsimd::batch<U, A>& i) noexcept {
  alignas(64) U r[xsimd::batch<U, A>::size];
  alignas(64) T out[xsimd::batch<T, A>::size];
  i.store_aligned(r);
  for (std::size_t k = 0; k < xsimd::batch<T, A>::size; ++k) out[k] = table[r[k] & (Rows - 1)];
  return xsimd::batch<T, A>::load_aligned(out);
}

// ---- lookup16(table, i): table[i & 15] for integer lanes i (any high bits) --------------------
template <class A>
inline f64<A> lookup16(const double* table, const u64<A>& i, requires_arch<common_arch>) noexcept {
  return lookup_per_lane<16>(table, i);
}
#if defined(__AVX2__)
template <class A>
inline f64<A> lookup16(const double* table, const u64<A>& i, requires_arch<xsimd::avx2>) noexcept {
  return _mm256_i64gather_pd(table, _mm256_and_si256(i, _mm256_set1_epi64x(15)), 8);
}
#endif

#if defined(__AVX512F__)
template <class A>
inline f64<A> lookup16(const double* table, const u64<A>& i,
                       requires_arch<xsimd::avx512f>) noexcept {
  // vpermt2pd reads the low 4 bits: bit 3 picks the table half, bits 0-2 the element
  return _mm512_permutex2var_pd(_mm512_loadu_pd(table), i, _mm512_loadu_pd(table + 8));
}
#endif

// ---- lookup16_rows(table, i): lookup16 for one of several reads with the same i (a table of
// polynomials, one per row): where a gather is the single read's cheapest form (AVX2), four
// vpermps and three blends whose index work the reads share.
template <class A>
inline f64<A> lookup16_rows(const double* table, const u64<A>& i,
                            requires_arch<common_arch>) noexcept {
  return lookup16(table, i, A{});
}
#if defined(__AVX2__)
template <class A>
inline f64<A> lookup16_rows(const double* table, const u64<A>& i,
                            requires_arch<xsimd::avx2>) noexcept {
  // each vpermps reads a quarter of the table (4 doubles as 8 floats) by the float pair
  // 2 (i & 3), 2 (i & 3) + 1; bits 2 and 3 of i pick the quarter
  const __m256i low2 = _mm256_slli_epi64(_mm256_and_si256(i, _mm256_set1_epi64x(3)), 1);
  const __m256i pair =
      _mm256_or_si256(low2, _mm256_slli_epi64(_mm256_add_epi64(low2, _mm256_set1_epi64x(1)), 32));
  const auto quarter = [&](int q) {
    return _mm256_castps_pd(
        _mm256_permutevar8x32_ps(_mm256_castpd_ps(_mm256_loadu_pd(table + 4 * q)), pair));
  };
  const __m256d bit2 = _mm256_castsi256_pd(_mm256_slli_epi64(i, 61));  // as the sign bits
  const __m256d bit3 = _mm256_castsi256_pd(_mm256_slli_epi64(i, 60));
  return _mm256_blendv_pd(_mm256_blendv_pd(quarter(0), quarter(1), bit2),
                          _mm256_blendv_pd(quarter(2), quarter(3), bit2), bit3);
}
#endif

// ---- lookup8(table, i) for float lanes: table[i & 7] for 32-bit integer lanes i; one vpermps
// on AVX2 (the mirrored body path of AVX2 builds; AVX-512 builds read 32-entry tables), per-lane
// loads elsewhere.
template <class A>
inline f32<A> lookup8(const float* table, const u32<A>& i, requires_arch<common_arch>) noexcept {
  return lookup_per_lane<8>(table, i);
}
#if defined(__AVX2__)
template <class A>
inline f32<A> lookup8(const float* table, const u32<A>& i, requires_arch<xsimd::avx2>) noexcept {
  return _mm256_permutevar8x32_ps(_mm256_loadu_ps(table), i);  // reads the low 3 bits
}
#endif

// ---- lookup16(table, i) for float lanes: table[i & 15] for 32-bit integer lanes i; one
// register permute where the ISA has one that reads 16 floats (AVX-512), two and a blend on
// AVX2, per-lane loads elsewhere.
template <class A>
inline f32<A> lookup16(const float* table, const u32<A>& i, requires_arch<common_arch>) noexcept {
  return lookup_per_lane<16>(table, i);
}
#if defined(__AVX2__)
template <class A>
inline f32<A> lookup16(const float* table, const u32<A>& i, requires_arch<xsimd::avx2>) noexcept {
  // vpermps reads the low 3 bits; bit 3, moved to the sign bit, picks the table half
  __m256 lo = _mm256_permutevar8x32_ps(_mm256_loadu_ps(table), i);
  __m256 hi = _mm256_permutevar8x32_ps(_mm256_loadu_ps(table + 8), i);
  return _mm256_blendv_ps(lo, hi, _mm256_castsi256_ps(_mm256_slli_epi32(i, 28)));
}
#endif
#if defined(__AVX512F__)
template <class A>
inline f32<A> lookup16(const float* table, const u32<A>& i,
                       requires_arch<xsimd::avx512f>) noexcept {
  return _mm512_permutexvar_ps(i, _mm512_loadu_ps(table));  // reads the low 4 bits
}
#endif

// ---- lookup32(table, i) for float lanes: table[i & 31]; one vpermt2ps on AVX-512 (the fast
// tier reads 32-entry float tables only in AVX-512 builds), per-lane loads elsewhere.
template <class A>
inline f32<A> lookup32(const float* table, const u32<A>& i, requires_arch<common_arch>) noexcept {
  return lookup_per_lane<32>(table, i);
}
#if defined(__AVX512F__)
template <class A>
inline f32<A> lookup32(const float* table, const u32<A>& i,
                       requires_arch<xsimd::avx512f>) noexcept {
  return _mm512_permutex2var_ps(_mm512_loadu_ps(table), i, _mm512_loadu_ps(table + 16));
}
#endif

// ---- lookup32(table, i) for double lanes: table[i & 31] for 64-bit integer lanes i ----------
/// Whether L is a batch of doubles that reads a row of 16 entries by register permutes and of 32
/// at a higher cost (AVX-512: one vpermt2pd against two and a blend; AVX2: lookup16_rows against
/// a gather), so that a kernel gains by reading only the first 16 rows of a 32-row table when
/// every lane's row is below 16.
template <class L>
struct cheaper_lookup16 : std::false_type {};
#if defined(__AVX2__)
template <class A>
struct cheaper_lookup16<xsimd::batch<double, A>>
    : std::integral_constant<bool, std::is_base_of<xsimd::avx2, A>::value ||
                                       std::is_base_of<xsimd::avx512f, A>::value> {};
#endif
template <class A>
inline f64<A> lookup32(const double* table, const u64<A>& i, requires_arch<common_arch>) noexcept {
  return lookup_per_lane<32>(table, i);
}
#if defined(__AVX2__)
template <class A>
inline f64<A> lookup32(const double* table, const u64<A>& i, requires_arch<xsimd::avx2>) noexcept {
  return _mm256_i64gather_pd(table, _mm256_and_si256(i, _mm256_set1_epi64x(31)), 8);
}
#endif
#if defined(__AVX512F__)
template <class A>
inline f64<A> lookup32(const double* table, const u64<A>& i,
                       requires_arch<xsimd::avx512f>) noexcept {
  // each vpermt2pd reads 16 entries by the low 4 bits; bit 4 picks between the two
  __m512d lo = _mm512_permutex2var_pd(_mm512_loadu_pd(table), i, _mm512_loadu_pd(table + 8));
  __m512d hi = _mm512_permutex2var_pd(_mm512_loadu_pd(table + 16), i, _mm512_loadu_pd(table + 24));
  return _mm512_mask_blend_pd(_mm512_test_epi64_mask(i, _mm512_set1_epi64(16)), lo, hi);
}
#endif

// ---- scale_exp2(y, k) = y * 2^k for an integer-valued k, rounded once (onto the subnormal grid
// when the result is that small): AVX-512's vscalefps/pd, declared only there; other ISAs get
// the same bits from two products (fast_kernels.hpp, scaled()). has_scale_exp2<A> says which
// batches of an AVX-512 build have it (not the narrower ones: sse2 batches, for instance).
#if defined(__AVX512F__)
template <class A>
inline constexpr bool has_scale_exp2 = std::is_base_of<xsimd::avx512f, A>::value;
template <class A>
inline f32<A> scale_exp2(const f32<A>& y, const f32<A>& k, requires_arch<xsimd::avx512f>) noexcept {
  return _mm512_scalef_ps(y, k);
}
template <class A>
inline f64<A> scale_exp2(const f64<A>& y, const f64<A>& k, requires_arch<xsimd::avx512f>) noexcept {
  return _mm512_scalef_pd(y, k);
}
#endif

// ---- compress_store(v, m, p) = the lanes of v where m holds, written to p[0..count) in lane
// order; returns count. p must have room for a whole batch: the register form of vcompressps
// and one full store (the memory form is microcoded on Zen 4); on AVX2 one vpermps with the
// lane order looked up by the mask. For the compacting array loops (compacting_loops.hpp),
// which exist in AVX2 and AVX-512 builds.
#if defined(__AVX2__) && !defined(__AVX512F__)
/// Per 8-lane mask: the vpermps indices (one per byte) that move its lanes to the front in lane
/// order (compress) and that send the front's elements back to its lanes (expand).
struct lane_orders {
  std::uint64_t compress[256];
  std::uint64_t expand[256];
};
constexpr lane_orders make_lane_orders() {
  lane_orders t{};
  for (unsigned m = 0; m < 256; ++m) {
    unsigned n = 0;
    for (unsigned j = 0; j < 8; ++j)
      if (m >> j & 1u) {
        t.compress[m] |= std::uint64_t{j} << (8 * n);
        t.expand[m] |= std::uint64_t{n} << (8 * j);
        ++n;
      }
  }
  return t;
}
inline constexpr lane_orders lane_order_tables = make_lane_orders();
inline __m256i lane_order(std::uint64_t bytes) noexcept {
  return _mm256_cvtepu8_epi32(_mm_cvtsi64_si128(static_cast<long long>(bytes)));
}
template <class A>
inline std::size_t compress_store(const f32<A>& v, const xsimd::batch_bool<float, A>& m, float* p,
                                  requires_arch<xsimd::avx2>) noexcept {
  const auto k = static_cast<unsigned>(_mm256_movemask_ps(m));
  _mm256_storeu_ps(p, _mm256_permutevar8x32_ps(v, lane_order(lane_order_tables.compress[k])));
  return static_cast<std::size_t>(__builtin_popcount(k));
}
template <class A>
inline f32<A> expand(const f32<A>& v, const xsimd::batch_bool<float, A>& m, const float* p,
                     requires_arch<xsimd::avx2>) noexcept {
  const auto k = static_cast<unsigned>(_mm256_movemask_ps(m));
  const __m256i order = lane_order(lane_order_tables.expand[k]);
  return _mm256_blendv_ps(v, _mm256_permutevar8x32_ps(_mm256_loadu_ps(p), order), m);
}
#endif
#if defined(__AVX512F__)
template <class A>
inline std::size_t compress_store(const f32<A>& v, const xsimd::batch_bool<float, A>& m, float* p,
                                  requires_arch<xsimd::avx512f>) noexcept {
  const __mmask16 k = m;
  _mm512_storeu_ps(p, _mm512_maskz_compress_ps(k, v));
  return static_cast<std::size_t>(__builtin_popcount(k));
}
/// expand(v, m, p): v with its lanes where m holds replaced, in lane order, by p[0], p[1], ...
/// (p readable for a whole batch): the inverse of compress_store; register form, as above.
template <class A>
inline f32<A> expand(const f32<A>& v, const xsimd::batch_bool<float, A>& m, const float* p,
                     requires_arch<xsimd::avx512f>) noexcept {
  return _mm512_mask_expand_ps(v, m, _mm512_loadu_ps(p));
}
#endif

// ---- widen (exact) and narrow (rounded to nearest once, as a scalar cast) --------------------
template <class A>
inline wide_pair<A> widen(const f32<A>& v, requires_arch<common_arch>) noexcept {
  constexpr std::size_t n = f64<A>::size;
  alignas(64) float f[2 * n];
  alignas(64) double d[2 * n];
  v.store_aligned(f);
  for (std::size_t i = 0; i < 2 * n; ++i) d[i] = static_cast<double>(f[i]);
  return {f64<A>::load_aligned(d), f64<A>::load_aligned(d + n)};
}
template <class A>
inline f32<A> narrow(const wide_pair<A>& w, requires_arch<common_arch>) noexcept {
  constexpr std::size_t n = f64<A>::size;
  alignas(64) double d[2 * n];
  alignas(64) float f[2 * n];
  w.lo.store_aligned(d);
  w.hi.store_aligned(d + n);
  for (std::size_t i = 0; i < 2 * n; ++i) f[i] = static_cast<float>(d[i]);
  return f32<A>::load_aligned(f);
}
#if defined(__SSE2__) || defined(_M_X64)
template <class A>
inline wide_pair<A> widen(const f32<A>& v, requires_arch<xsimd::sse2>) noexcept {
  return {_mm_cvtps_pd(v), _mm_cvtps_pd(_mm_movehl_ps(v, v))};
}
template <class A>
inline f32<A> narrow(const wide_pair<A>& w, requires_arch<xsimd::sse2>) noexcept {
  return _mm_movelh_ps(_mm_cvtpd_ps(w.lo), _mm_cvtpd_ps(w.hi));
}
#endif
#if defined(__AVX__)
template <class A>
inline wide_pair<A> widen(const f32<A>& v, requires_arch<xsimd::avx>) noexcept {
  return {_mm256_cvtps_pd(_mm256_castps256_ps128(v)), _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1))};
}
template <class A>
inline f32<A> narrow(const wide_pair<A>& w, requires_arch<xsimd::avx>) noexcept {
  return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(w.lo)), _mm256_cvtpd_ps(w.hi),
                              1);
}
#endif
#if defined(__AVX512F__)
template <class A>
inline wide_pair<A> widen(const f32<A>& v, requires_arch<xsimd::avx512f>) noexcept {
  __m256 h = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1));
  return {_mm512_cvtps_pd(_mm512_castps512_ps256(v)), _mm512_cvtps_pd(h)};
}
template <class A>
inline f32<A> narrow(const wide_pair<A>& w, requires_arch<xsimd::avx512f>) noexcept {
  __m512d lo = _mm512_castps_pd(_mm512_castps256_ps512(_mm512_cvtpd_ps(w.lo)));
  return _mm512_castpd_ps(_mm512_insertf64x4(lo, _mm256_castps_pd(_mm512_cvtpd_ps(w.hi)), 1));
}
#endif
#if defined(__aarch64__)
template <class A>
inline wide_pair<A> widen(const f32<A>& v, requires_arch<xsimd::neon64>) noexcept {
  return {vcvt_f64_f32(vget_low_f32(v)), vcvt_high_f64_f32(v)};
}
template <class A>
inline f32<A> narrow(const wide_pair<A>& w, requires_arch<xsimd::neon64>) noexcept {
  return vcvt_high_f32_f64(vcvt_f32_f64(w.lo), w.hi);
}
#endif

// ---- 16-bit storage (bfloat16, float16; storage.hpp) -----------------------------------------
/// load_u16(p): the f32<A>::size 16-bit values at p, zero-extended to 32-bit lanes.
template <class A>
inline u32<A> load_u16(const std::uint16_t* p, requires_arch<common_arch>) noexcept {
  alignas(64) std::uint32_t r[u32<A>::size];
  for (std::size_t i = 0; i < u32<A>::size; ++i) r[i] = p[i];
  return u32<A>::load_aligned(r);
}
/// store_u16(v, p): the low 16 bits of each lane of v to p[0 .. size-1].
template <class A>
inline void store_u16(const u32<A>& v, std::uint16_t* p, requires_arch<common_arch>) noexcept {
  alignas(64) std::uint32_t r[u32<A>::size];
  v.store_aligned(r);
  for (std::size_t i = 0; i < u32<A>::size; ++i) p[i] = static_cast<std::uint16_t>(r[i]);
}
#if defined(__SSE2__) || defined(_M_X64)
template <class A>
inline u32<A> load_u16(const std::uint16_t* p, requires_arch<xsimd::sse2>) noexcept {
  return _mm_unpacklo_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)),
                            _mm_setzero_si128());
}
template <class A>
inline void store_u16(const u32<A>& v, std::uint16_t* p, requires_arch<xsimd::sse2>) noexcept {
  // sign-extend the low halves so that the saturating signed pack keeps them
  __m128i s = _mm_srai_epi32(_mm_slli_epi32(v, 16), 16);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_packs_epi32(s, s));
}
#endif
#if defined(__AVX2__)
template <class A>
inline u32<A> load_u16(const std::uint16_t* p, requires_arch<xsimd::avx2>) noexcept {
  return _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
template <class A>
inline void store_u16(const u32<A>& v, std::uint16_t* p, requires_arch<xsimd::avx2>) noexcept {
  // packus works per 128-bit half: quads [v0-3, v0-3, v4-7, v4-7]; keep quads 0 and 2
  __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi32(v, v), 0x08);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm256_castsi256_si128(packed));
}
#endif
#if defined(__AVX512F__)
template <class A>
inline u32<A> load_u16(const std::uint16_t* p, requires_arch<xsimd::avx512f>) noexcept {
  return _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}
template <class A>
inline void store_u16(const u32<A>& v, std::uint16_t* p, requires_arch<xsimd::avx512f>) noexcept {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm512_cvtepi32_epi16(v));
}
#endif
#if defined(__aarch64__)
template <class A>
inline u32<A> load_u16(const std::uint16_t* p, requires_arch<xsimd::neon64>) noexcept {
  return vmovl_u16(vld1_u16(p));
}
template <class A>
inline void store_u16(const u32<A>& v, std::uint16_t* p, requires_arch<xsimd::neon64>) noexcept {
  vst1_u16(p, vmovn_u32(v));
}
#endif

// ---- select_u32(m, a, b) = m ? a : b on 32-bit integer lanes (the mask from a signed compare).
// xsimd 8's own AVX-512BW integer select does not compile at GCC's -O0 (its unused 8- and 16-bit
// branches cast a 32-bit batch to their vector types): one blend instruction instead.
template <class A>
inline u32<A> select_u32(const xsimd::batch_bool<std::int32_t, A>& m, const u32<A>& a,
                         const u32<A>& b, requires_arch<common_arch>) noexcept {
#if XSIMD_VERSION_MAJOR >= 9
  return xsimd::bitwise_cast<std::uint32_t>(
      xsimd::select(m, xsimd::bitwise_cast<std::int32_t>(a), xsimd::bitwise_cast<std::int32_t>(b)));
#else
  using i32 = xsimd::batch<std::int32_t, A>;
  return xsimd::bitwise_cast<u32<A>>(
      xsimd::select(m, xsimd::bitwise_cast<i32>(a), xsimd::bitwise_cast<i32>(b)));
#endif
}
#if defined(__AVX512F__)
template <class A>
inline u32<A> select_u32(const xsimd::batch_bool<std::int32_t, A>& m, const u32<A>& a,
                         const u32<A>& b, requires_arch<xsimd::avx512f>) noexcept {
  return _mm512_mask_blend_epi32(static_cast<__mmask16>(m), b, a);
}
#endif

// ---- float16 <-> float by instruction: F16C (vcvtph2ps, vcvtps2ph with round-to-nearest-even)
// on 128- and 256-bit registers, AVX-512F on 512-bit ones. has_float16_instructions<A> says
// where; elsewhere storage.hpp converts with integer operations (the same bits: the NaN rules
// of storage_types.hpp are these instructions').
template <class A>
inline constexpr bool has_float16_instructions =
#if defined(__AVX512F__)
    std::is_base_of<xsimd::avx512f, A>::value ||
#endif
#if defined(__F16C__)
    std::is_base_of<xsimd::sse2, A>::value || std::is_base_of<xsimd::avx, A>::value ||
#endif
    false;
// (declared for every A so that the name exists; called only where has_float16_instructions<A>)
template <class A>
f32<A> load_float16(const std::uint16_t* p, requires_arch<common_arch>) noexcept;
template <class A>
void store_float16(const f32<A>& v, std::uint16_t* p, requires_arch<common_arch>) noexcept;
#if defined(__F16C__)
template <class A>
inline f32<A> load_float16(const std::uint16_t* p, requires_arch<xsimd::sse2>) noexcept {
  return _mm_cvtph_ps(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
}
template <class A>
inline void store_float16(const f32<A>& v, std::uint16_t* p, requires_arch<xsimd::sse2>) noexcept {
  _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT));
}
template <class A>
inline f32<A> load_float16(const std::uint16_t* p, requires_arch<xsimd::avx>) noexcept {
  return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
template <class A>
inline void store_float16(const f32<A>& v, std::uint16_t* p, requires_arch<xsimd::avx>) noexcept {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT));
}
#endif
#if defined(__AVX512F__)
template <class A>
inline f32<A> load_float16(const std::uint16_t* p, requires_arch<xsimd::avx512f>) noexcept {
  return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}
template <class A>
inline void store_float16(const f32<A>& v, std::uint16_t* p,
                          requires_arch<xsimd::avx512f>) noexcept {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm512_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT));
}
#endif

// ---- float -> bfloat16 by instruction: AVX-512 BF16's vcvtneps2bf16 (round to nearest even,
// NaN as storage_types.hpp says) on 512-bit registers. It flushes float subnormals to +-0, so
// store_bfloat16_unless_subnormal stores nothing and returns false when a lane is one (found by
// one vfpclassps); storage.hpp then converts the batch with integer operations.
template <class A>
inline constexpr bool has_bfloat16_instructions =
#if defined(__AVX512BF16__) && defined(__AVX512DQ__)
    std::is_base_of<xsimd::avx512f, A>::value ||
#endif
    false;
// (declared for every A so that the name exists; called only where has_bfloat16_instructions<A>)
template <class A>
bool store_bfloat16_unless_subnormal(const f32<A>& v, std::uint16_t* p,
                                     requires_arch<common_arch>) noexcept;
#if defined(__AVX512BF16__) && defined(__AVX512DQ__)
template <class A>
inline bool store_bfloat16_unless_subnormal(const f32<A>& v, std::uint16_t* p,
                                            requires_arch<xsimd::avx512f>) noexcept {
  if (_mm512_fpclass_ps_mask(v, 0x20) != 0) return false;  // 0x20: denormal
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), (__m256i)_mm512_cvtneps_pbh(v));
  return true;
}
#endif

}  // namespace isa
}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
