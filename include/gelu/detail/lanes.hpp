// gelu/detail/lanes.hpp -- the few lane operations the kernels need, for a plain
// `double` and for `xsimd::batch<double, Arch>`, so that every kernel is written once.
//
// Bit identity between the scalar and SIMD paths rests on two rules kept by every kernel:
//  * every multiply-add is written as lanes::fma: a real fused multiply-add when the build
//    targets hardware FMA (GELU_HAS_FMA), otherwise a rounded multiply followed by an add, in
//    both paths alike;
//  * no other product feeds an addition directly, so the compiler's contraction choices cannot
//    differ between the paths.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#if defined(__FMA__) || defined(__aarch64__) || defined(_M_ARM64) || defined(__ARM_FEATURE_FMA)
#define GELU_HAS_FMA 1
#else
#define GELU_HAS_FMA 0
#endif

#if defined(__FAST_MATH__)
#error \
    "gelu: -ffast-math breaks the error-free transformations the kernels rely on; build gelu's translation units without it"
#endif

namespace gelu {
namespace detail {
namespace lanes {

template <class D>
struct traits;  // D: double or xsimd::batch<double, A>

template <>
struct traits<double> {
  using mask = bool;
  using bits = std::uint64_t;
};

template <class A>
struct traits<xsimd::batch<double, A>> {
  using mask = xsimd::batch_bool<double, A>;
  using bits = xsimd::batch<std::uint64_t, A>;
};

template <class D>
using mask_t = typename traits<D>::mask;

// ---- fused multiply-add -------------------------------------------------------------------
inline double fma(double a, double b, double c) noexcept {
#if GELU_HAS_FMA
  return std::fma(a, b, c);
#else
  double p = a * b;
  return p + c;
#endif
}

template <class A>
inline xsimd::batch<double, A> fma(const xsimd::batch<double, A>& a,
                                   const xsimd::batch<double, A>& b,
                                   const xsimd::batch<double, A>& c) noexcept {
#if GELU_HAS_FMA
  using reg = typename xsimd::batch<double, A>::register_type;
#if defined(__AVX512F__)
  if constexpr (sizeof(reg) == 64) return _mm512_fmadd_pd(a, b, c);
#endif
#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
  if constexpr (sizeof(reg) == 32) return _mm256_fmadd_pd(a, b, c);
  if constexpr (sizeof(reg) == 16) return _mm_fmadd_pd(a, b, c);
#endif
#if defined(__aarch64__)
  if constexpr (sizeof(reg) == 16) return vfmaq_f64(c, a, b);
#endif
  // any other register type: lane by lane, through the scalar fma (same bits)
  alignas(64) double ta[xsimd::batch<double, A>::size], tb[xsimd::batch<double, A>::size],
      tc[xsimd::batch<double, A>::size];
  a.store_aligned(ta);
  b.store_aligned(tb);
  c.store_aligned(tc);
  for (std::size_t i = 0; i < xsimd::batch<double, A>::size; ++i)
    ta[i] = std::fma(ta[i], tb[i], tc[i]);
  return xsimd::batch<double, A>::load_aligned(ta);
#else
  xsimd::batch<double, A> p = a * b;
  return p + c;
#endif
}

/// c - a*b, exact when the result is representable and c is close to a*b (a residual):
/// one fma with hardware FMA, else Dekker's exact product then two exact subtractions.
template <class D>
inline D residual(const D& a, const D& b, const D& c) noexcept;

/// a * b rounded, as a value the compiler cannot fuse into a following addition (GCC's default
/// -ffp-contract=fast would do so in one path and not the other, breaking bit identity). With
/// hardware FMA it is fma(a, b, +0); without, no contraction exists. (A -0 product becomes +0.)
template <class D>
inline D mul_uncontracted(const D& a, const D& b) noexcept {
  return fma(a, b, D(0.0));
}

// ---- selection, comparisons, small helpers ------------------------------------------------
inline double select(bool m, double a, double b) noexcept { return m ? a : b; }
template <class A>
inline xsimd::batch<double, A> select(const xsimd::batch_bool<double, A>& m,
                                      const xsimd::batch<double, A>& a,
                                      const xsimd::batch<double, A>& b) noexcept {
  return xsimd::select(m, a, b);
}

inline bool any(bool m) noexcept { return m; }
template <class A>
inline bool any(const xsimd::batch_bool<double, A>& m) noexcept {
  return xsimd::any(m);
}

/// -x by flipping the sign bit, zeros included (xsimd 8's AVX-512 unary minus is 0 - x, which
/// maps +0 to +0).
inline double negate(double x) noexcept { return -x; }
template <class A>
inline xsimd::batch<double, A> negate(const xsimd::batch<double, A>& x) noexcept {
  return x ^ xsimd::batch<double, A>(-0.0);
}

inline double abs(double x) noexcept { return std::fabs(x); }
template <class A>
inline xsimd::batch<double, A> abs(const xsimd::batch<double, A>& x) noexcept {
  return xsimd::abs(x);
}

inline bool is_nan(double x) noexcept { return x != x; }
template <class A>
inline xsimd::batch_bool<double, A> is_nan(const xsimd::batch<double, A>& x) noexcept {
  return xsimd::isnan(x);  // not x != x: some xsimd versions compare NEQ ordered (false for NaN)
}

/// min/max with a fixed rule (the bound wins when x is NaN); callers restore NaN at the end.
template <class D>
inline D clamp(const D& x, double lo, double hi) noexcept {
  D y = select(x < D(hi), x, D(hi));
  return select(y > D(lo), y, D(lo));
}

/// bound < x ? bound : x, and bound > x ? bound : x: a NaN x comes through (x86 minpd/maxpd
/// return their second operand when one is NaN, so the batch versions are one instruction).
inline double min_keep_nan(double bound, double x) noexcept { return bound < x ? bound : x; }
inline double max_keep_nan(double bound, double x) noexcept { return bound > x ? bound : x; }
template <class A>
inline xsimd::batch<double, A> min_keep_nan(double bound,
                                            const xsimd::batch<double, A>& x) noexcept {
  using batch = xsimd::batch<double, A>;
  using reg = typename batch::register_type;
  static_assert(sizeof(reg) >= 16, "register");
#if defined(__AVX512F__)
  if constexpr (sizeof(reg) == 64) return _mm512_min_pd(batch(bound), x);
#endif
#if defined(__AVX__)
  if constexpr (sizeof(reg) == 32) return _mm256_min_pd(batch(bound), x);
#endif
#if defined(__SSE2__) || defined(_M_X64)
  if constexpr (sizeof(reg) == 16) return _mm_min_pd(batch(bound), x);
#endif
  return xsimd::select(batch(bound) < x, batch(bound), x);
}
template <class A>
inline xsimd::batch<double, A> max_keep_nan(double bound,
                                            const xsimd::batch<double, A>& x) noexcept {
  using batch = xsimd::batch<double, A>;
  using reg = typename batch::register_type;
  static_assert(sizeof(reg) >= 16, "register");
#if defined(__AVX512F__)
  if constexpr (sizeof(reg) == 64) return _mm512_max_pd(batch(bound), x);
#endif
#if defined(__AVX__)
  if constexpr (sizeof(reg) == 32) return _mm256_max_pd(batch(bound), x);
#endif
#if defined(__SSE2__) || defined(_M_X64)
  if constexpr (sizeof(reg) == 16) return _mm_max_pd(batch(bound), x);
#endif
  return xsimd::select(batch(bound) > x, batch(bound), x);
}

// ---- bit casts (xsimd 8 takes the batch type, xsimd >= 9 the element type) -----------------
inline std::uint64_t to_bits(double x) noexcept {
  std::uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
inline double from_bits(std::uint64_t u) noexcept {
  double x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
template <class A>
inline xsimd::batch<std::uint64_t, A> to_bits(const xsimd::batch<double, A>& x) noexcept {
#if XSIMD_VERSION_MAJOR >= 9
  return xsimd::bitwise_cast<std::uint64_t>(x);
#else
  return xsimd::bitwise_cast<xsimd::batch<std::uint64_t, A>>(x);
#endif
}
template <class A>
inline xsimd::batch<double, A> from_bits(const xsimd::batch<std::uint64_t, A>& u) noexcept {
#if XSIMD_VERSION_MAJOR >= 9
  return xsimd::bitwise_cast<double>(u);
#else
  return xsimd::bitwise_cast<xsimd::batch<double, A>>(u);
#endif
}

/// 2^k for an integer-valued k in [-1022, 1023], through the exponent bits.
template <class D>
inline D exp2_int(const D& k) noexcept {
  constexpr double magic = 0x1.8p52;  // k + magic holds k in its low mantissa bits
  D t = k + D(magic);
  auto u = to_bits(t);
  u = u + decltype(u)(1023);
  u = u << 52;
  return from_bits(u);
}

/// round-to-nearest-integer of |x| < 2^51 (ties to even), as a double.
template <class D>
inline D round_int(const D& x) noexcept {
  constexpr double magic = 0x1.8p52;
  D t = x + D(magic);
  return t - D(magic);
}

/// floor of 0 <= x < 2^51.
template <class D>
inline D floor_nonnegative(const D& x) noexcept {
  D r = round_int(x);
  return select(r > x, r - D(1.0), r);
}

// ---- per-lane table lookup: table[row] for row in 0..7 (integer-valued double) ------------
inline double lookup8(const double* table, double row) noexcept {
  return table[static_cast<int>(row)];
}

template <class A>
inline xsimd::batch<double, A> lookup8(const double* table,
                                       const xsimd::batch<double, A>& row) noexcept {
  using batch = xsimd::batch<double, A>;
  using reg = typename batch::register_type;
  static_assert(sizeof(reg) >= 16, "register");
#if defined(__AVX512F__)
  if constexpr (sizeof(reg) == 64) {
    // the low 3 bits of (row + 2^52 + 2^51) are row: exactly what vpermpd reads
    __m512i idx = _mm512_castpd_si512(row + batch(0x1.8p52));
    __m512d t = _mm512_loadu_pd(table);
    return _mm512_mask_permutexvar_pd(t, 0xFF, idx, t);
  }
#endif
#if defined(__AVX2__)
  if constexpr (sizeof(reg) == 32) {
    __m256i idx =
        _mm256_and_si256(_mm256_castpd_si256(row + batch(0x1.8p52)), _mm256_set1_epi64x(7));
    return _mm256_i64gather_pd(table, idx, 8);
  }
#endif
  alignas(64) double r[batch::size];
  row.store_aligned(r);
  for (std::size_t i = 0; i < batch::size; ++i) r[i] = table[static_cast<int>(r[i])];
  return batch::load_aligned(r);
}

// ---- per-lane table lookup: table[i & 15] for integer lanes i (any high bits) ----------------
inline double lookup16(const double* table, std::uint64_t i) noexcept { return table[i & 15]; }

template <class A>
inline xsimd::batch<double, A> lookup16(const double* table,
                                        const xsimd::batch<std::uint64_t, A>& i) noexcept {
  using batch = xsimd::batch<double, A>;
  using reg = typename batch::register_type;
  static_assert(sizeof(reg) >= 16, "register");
#if defined(__AVX512F__)
  if constexpr (sizeof(reg) == 64) {
    // vpermt2pd reads the low 4 bits: bit 3 picks the table half, bits 0-2 the element
    return _mm512_permutex2var_pd(_mm512_loadu_pd(table), i, _mm512_loadu_pd(table + 8));
  }
#endif
#if defined(__AVX2__)
  if constexpr (sizeof(reg) == 32)
    return _mm256_i64gather_pd(table, _mm256_and_si256(i, _mm256_set1_epi64x(15)), 8);
#endif
  alignas(64) std::uint64_t r[batch::size];
  alignas(64) double out[batch::size];
  i.store_aligned(r);
  for (std::size_t k = 0; k < batch::size; ++k) out[k] = table[r[k] & 15];
  return batch::load_aligned(out);
}

}  // namespace lanes
}  // namespace detail
}  // namespace gelu
