// gelu/detail/widen.hpp -- float batch <-> two double batches of the same architecture.
// Conversions are exact (widen) and rounded once to nearest (narrow), as a scalar cast.
#pragma once

#include <cstddef>
#include <type_traits>
#include <xsimd/xsimd.hpp>

namespace gelu {
namespace detail {

template <class A>
struct wide_pair {
  xsimd::batch<double, A> lo, hi;
};

template <class A>
inline wide_pair<A> widen(const xsimd::batch<float, A>& v) noexcept {
  using reg = typename xsimd::batch<float, A>::register_type;
  static_assert(xsimd::batch<float, A>::size == 2 * xsimd::batch<double, A>::size, "lane counts");
#if defined(__AVX512F__)
  if constexpr (sizeof(reg) == 64) {
    __m256 h = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1));
    return {_mm512_cvtps_pd(_mm512_castps512_ps256(v)), _mm512_cvtps_pd(h)};
  }
#endif
#if defined(__AVX__)
  if constexpr (sizeof(reg) == 32)
    return {_mm256_cvtps_pd(_mm256_castps256_ps128(v)),
            _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1))};
#endif
#if defined(__SSE2__) || defined(_M_X64)
  if constexpr (sizeof(reg) == 16) return {_mm_cvtps_pd(v), _mm_cvtps_pd(_mm_movehl_ps(v, v))};
#endif
#if defined(__aarch64__)
  if constexpr (sizeof(reg) == 16) return {vcvt_f64_f32(vget_low_f32(v)), vcvt_high_f64_f32(v)};
#endif
  constexpr std::size_t n = xsimd::batch<double, A>::size;
  alignas(64) float f[2 * n];
  alignas(64) double d[2 * n];
  v.store_aligned(f);
  for (std::size_t i = 0; i < 2 * n; ++i) d[i] = static_cast<double>(f[i]);
  return {xsimd::batch<double, A>::load_aligned(d), xsimd::batch<double, A>::load_aligned(d + n)};
}

template <class A>
inline xsimd::batch<float, A> narrow(const wide_pair<A>& w) noexcept {
  using reg = typename xsimd::batch<float, A>::register_type;
#if defined(__AVX512F__)
  if constexpr (sizeof(reg) == 64) {
    __m512d lo = _mm512_castps_pd(_mm512_castps256_ps512(_mm512_cvtpd_ps(w.lo)));
    return _mm512_castpd_ps(_mm512_insertf64x4(lo, _mm256_castps_pd(_mm512_cvtpd_ps(w.hi)), 1));
  }
#endif
#if defined(__AVX__)
  if constexpr (sizeof(reg) == 32)
    return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(w.lo)),
                                _mm256_cvtpd_ps(w.hi), 1);
#endif
#if defined(__SSE2__) || defined(_M_X64)
  if constexpr (sizeof(reg) == 16) return _mm_movelh_ps(_mm_cvtpd_ps(w.lo), _mm_cvtpd_ps(w.hi));
#endif
#if defined(__aarch64__)
  if constexpr (sizeof(reg) == 16) return vcvt_high_f32_f64(vcvt_f32_f64(w.lo), w.hi);
#endif
  constexpr std::size_t n = xsimd::batch<double, A>::size;
  alignas(64) double d[2 * n];
  alignas(64) float f[2 * n];
  w.lo.store_aligned(d);
  w.hi.store_aligned(d + n);
  for (std::size_t i = 0; i < 2 * n; ++i) f[i] = static_cast<float>(d[i]);
  return xsimd::batch<float, A>::load_aligned(f);
}

}  // namespace detail
}  // namespace gelu
