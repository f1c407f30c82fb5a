// gelu/detail/lanes.hpp -- the lane operations the kernels are written with, for plain `float`
// and `double` and for `xsimd::batch<float|double, A>`, so that every kernel is written once.
// The batch versions that need instructions of their own forward to isa.hpp.
//
// Bit identity between the scalar and SIMD paths rests on two rules kept by every kernel:
//  * every multiply-add is written as lanes::fma: a real fused multiply-add when the build
//    targets hardware FMA (GELU_HAS_FMA), otherwise a rounded multiply followed by an add, in
//    both paths alike;
//  * no other product feeds an addition directly (see mul_uncontracted), so the compiler's
//    contraction choices cannot differ between the paths.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "isa.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {
namespace lanes {

template <class A>
using f64 = xsimd::batch<double, A>;
template <class A>
using f32 = xsimd::batch<float, A>;
template <class T, class A>
using batch = xsimd::batch<T, A>;

/// The element type of a lane type: float for float and xsimd::batch<float, A>, etc.
template <class L>
struct element {
  using type = L;
};
template <class T, class A>
struct element<xsimd::batch<T, A>> {
  using type = T;
};
template <class L>
using element_t = typename element<L>::type;

// ---- fused multiply-add -------------------------------------------------------------------
/// a * b + c for a float or a double: rounded once with GELU_HAS_FMA, else the product first.
template <class T, class = std::enable_if_t<std::is_floating_point<T>::value>>
inline T fma(T a, T b, T c) noexcept {
#if GELU_HAS_FMA
  return std::fma(a, b, c);
#else
  T p = a * b;
  return p + c;
#endif
}
// (one overload per element type: more specialised than xsimd's own templates, which ADL finds)
template <class A>
inline f64<A> fma(const f64<A>& a, const f64<A>& b, const f64<A>& c) noexcept {
  return isa::fma(a, b, c, A{});
}
template <class A>
inline f32<A> fma(const f32<A>& a, const f32<A>& b, const f32<A>& c) noexcept {
  return isa::fma(a, b, c, A{});
}

/// a / b, correctly rounded in every path (see isa::div).
inline double div(double a, double b) noexcept { return a / b; }
inline float div(float a, float b) noexcept { return a / b; }
template <class T, class A>
inline batch<T, A> div(const batch<T, A>& a, const batch<T, A>& b) noexcept {
  return isa::div(a, b, A{});
}

/// a * b rounded, as a value the compiler cannot fuse into a following addition (GCC's default
/// -ffp-contract=fast would do so in one path and not the other, breaking bit identity). With
/// hardware FMA it is fma(a, b, +0); without, no contraction exists. (A -0 product becomes +0.)
template <class D>
inline D mul_uncontracted(const D& a, const D& b) noexcept {
  return fma(a, b, D(0.0));
}

// ---- selection, comparisons, small helpers ------------------------------------------------
inline double select(bool m, double a, double b) noexcept { return m ? a : b; }
inline float select(bool m, float a, float b) noexcept { return m ? a : b; }
template <class A>
inline f64<A> select(const xsimd::batch_bool<double, A>& m, const f64<A>& a,
                     const f64<A>& b) noexcept {
  return xsimd::select(m, a, b);
}
template <class A>
inline f32<A> select(const xsimd::batch_bool<float, A>& m, const f32<A>& a,
                     const f32<A>& b) noexcept {
  return xsimd::select(m, a, b);
}

inline bool any(bool m) noexcept { return m; }
template <class T, class A>
inline bool any(const xsimd::batch_bool<T, A>& m) noexcept {
  return xsimd::any(m);
}
inline bool all(bool m) noexcept { return m; }
template <class T, class A>
inline bool all(const xsimd::batch_bool<T, A>& m) noexcept {
  return xsimd::all(m);
}

/// -x by flipping the sign bit, zeros included (xsimd 8's AVX-512 unary minus is 0 - x, which
/// maps +0 to +0).
inline double negate(double x) noexcept { return -x; }
inline float negate(float x) noexcept { return -x; }
template <class T, class A>
inline batch<T, A> negate(const batch<T, A>& x) noexcept {
  return x ^ batch<T, A>(T(-0.0));
}

inline double abs(double x) noexcept { return std::fabs(x); }
inline float abs(float x) noexcept { return std::fabs(x); }
template <class T, class A>
inline batch<T, A> abs(const batch<T, A>& x) noexcept {
  return xsimd::abs(x);
}

inline bool is_nan(double x) noexcept { return x != x; }
template <class A>
inline xsimd::batch_bool<double, A> is_nan(const f64<A>& x) noexcept {
  return xsimd::isnan(x);  // not x != x: some xsimd versions compare NEQ ordered (false for NaN)
}

/// x clamped to [lo, hi] with a fixed rule (a NaN x becomes lo); callers restore NaN at the end.
template <class D>
inline D clamp(const D& x, double lo, double hi) noexcept {
  D y = select(x < D(hi), x, D(hi));
  return select(y > D(lo), y, D(lo));
}

/// bound < x ? bound : x, and bound > x ? bound : x: a NaN x comes through.
inline double min_keep_nan(double bound, double x) noexcept { return bound < x ? bound : x; }
inline double max_keep_nan(double bound, double x) noexcept { return bound > x ? bound : x; }
inline float min_keep_nan(float bound, float x) noexcept { return bound < x ? bound : x; }
inline float max_keep_nan(float bound, float x) noexcept { return bound > x ? bound : x; }
/// (For float lanes the bound is converted to float: pass bounds that are floats.)
template <class T, class A>
inline batch<T, A> min_keep_nan(double bound, const batch<T, A>& x) noexcept {
  return isa::min_keep_nan(batch<T, A>(static_cast<T>(bound)), x, A{});
}
template <class T, class A>
inline batch<T, A> max_keep_nan(double bound, const batch<T, A>& x) noexcept {
  return isa::max_keep_nan(batch<T, A>(static_cast<T>(bound)), x, A{});
}

// ---- bit casts (xsimd 8 takes the batch type, xsimd >= 9 the element type) -----------------
/// The unsigned integer of the same width as T, and the float or double of the same width as U.
template <class T>
using uint_of = typename std::conditional<sizeof(T) == 8, std::uint64_t, std::uint32_t>::type;
template <class U>
using float_of = typename std::conditional<sizeof(U) == 8, double, float>::type;
template <class T, class = std::enable_if_t<std::is_floating_point<T>::value>>
inline uint_of<T> to_bits(T x) noexcept {
  uint_of<T> u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
template <class U, class = std::enable_if_t<std::is_unsigned<U>::value>>
inline float_of<U> from_bits(U u) noexcept {
  float_of<U> x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
template <class T, class A>
inline batch<uint_of<T>, A> to_bits(const batch<T, A>& x) noexcept {
#if XSIMD_VERSION_MAJOR >= 9
  return xsimd::bitwise_cast<uint_of<T>>(x);
#else
  return xsimd::bitwise_cast<batch<uint_of<T>, A>>(x);
#endif
}
template <class U, class A>
inline auto from_bits(const batch<U, A>& u) noexcept {
#if XSIMD_VERSION_MAJOR >= 9
  return xsimd::bitwise_cast<float_of<U>>(u);
#else
  return xsimd::bitwise_cast<batch<float_of<U>, A>>(u);
#endif
}

// ---- integers in floating-point lanes (round_magic: isa.hpp) ------------------------------
/// The bit layout of T: mantissa bits, exponent bias, and round_magic's counterpart, 1.5 * 2^p
/// (for |v| < 2^(p-1), v + round_magic holds round(v) in the low mantissa bits).
template <class T>
struct bit_layout;
template <>
struct bit_layout<double> {
  static constexpr double round_magic = detail::round_magic;
  static constexpr int mantissa_bits = 52;
  static constexpr int exponent_bias = 1023;
};
template <>
struct bit_layout<float> {
  static constexpr float round_magic = 0x1.8p23f;
  static constexpr int mantissa_bits = 23;
  static constexpr int exponent_bias = 127;
};

/// 2^k for an integer-valued k of lane type L, k in [1 - bias, bias] (double: [-1022, 1023]),
/// through the exponent bits.
template <class L>
inline L exp2_int(const L& k) noexcept {
  using layout = bit_layout<element_t<L>>;
  auto u = to_bits(k + L(layout::round_magic));  // k in the low mantissa bits
  u = u + decltype(u)(layout::exponent_bias);
  u = u << layout::mantissa_bits;  // shifts the magic's own bits out
  return from_bits(u);
}

/// round-to-nearest-integer of |x| < 2^51 (ties to even), as a double.
template <class D>
inline D round_int(const D& x) noexcept {
  D t = x + D(round_magic);
  return t - D(round_magic);
}

/// floor of 0 <= x < 2^51.
template <class D>
inline D floor_nonnegative(const D& x) noexcept {
  D r = round_int(x);
  return select(r > x, r - D(1.0), r);
}

// ---- table lookups ------------------------------------------------------------------------
/// table[row] for an integer-valued double row in 0..7 (the precise double kernels' M rows).
inline double lookup8(const double* table, double row) noexcept {
  return table[static_cast<int>(row)];
}
template <class A>
inline f64<A> lookup8(const double* table, const f64<A>& row) noexcept {
  return isa::lookup8(table, row + f64<A>(round_magic), A{});
}

/// table[i & (Rows - 1)] for integer lanes i of T's width (any high bits), Rows = 8, 16 or 32:
/// one register permute per lookup where the ISA has one that reads Rows entries (isa.hpp).
template <int Rows, class T>
inline T lookup(const T* table, uint_of<T> i) noexcept {
  static_assert(Rows == 8 || Rows == 16 || Rows == 32, "lookup: 8, 16 or 32 rows");
  return table[i & (Rows - 1)];
}
template <int Rows, class T, class A>
inline batch<T, A> lookup(const T* table, const batch<uint_of<T>, A>& i) noexcept {
  static_assert(Rows == 8 || Rows == 16 || Rows == 32, "lookup: 8, 16 or 32 rows");
  if constexpr (Rows == 8)
    return isa::lookup8(table, i, A{});
  else if constexpr (Rows == 16)
    return isa::lookup16(table, i, A{});
  else
    return isa::lookup32(table, i, A{});
}

/// lookup<Rows> for one of several reads with the same i (a table of polynomials, one per row):
/// where a gather is a single read's cheapest form (16 doubles on AVX2), register permutes whose
/// index work the reads share (isa::lookup16_rows). The same entries, so the same bits.
template <int Rows, class T>
inline T lookup_row(const T* table, uint_of<T> i) noexcept {
  return lookup<Rows>(table, i);
}
template <int Rows, class T, class A>
inline batch<T, A> lookup_row(const T* table, const batch<uint_of<T>, A>& i) noexcept {
  if constexpr (Rows == 16 && std::is_same<T, double>::value)
    return isa::lookup16_rows(table, i, A{});
  else
    return lookup<Rows>(table, i);
}

// ---- the 32-bit lane operations of the 16-bit conversions (storage_types.hpp) on batches ------
/// As storage_bits::scalar_bit_ops, on batches of std::uint32_t; `less` compares values below
/// 2^31 (as signed integers: xsimd 8 has no unsigned SSE comparison).
template <class A>
struct batch_bit_ops {
  using u32 = batch<std::uint32_t, A>;
  using i32 = batch<std::int32_t, A>;
  static i32 as_signed(const u32& u) noexcept {
#if XSIMD_VERSION_MAJOR >= 9
    return xsimd::bitwise_cast<std::int32_t>(u);
#else
    return xsimd::bitwise_cast<i32>(u);
#endif
  }
  static xsimd::batch_bool<std::int32_t, A> less(const u32& a, const u32& b) noexcept {
    return as_signed(a) < as_signed(b);
  }
  static u32 select(const xsimd::batch_bool<std::int32_t, A>& m, const u32& a,
                    const u32& b) noexcept {
    return isa::select_u32(m, a, b, A{});
  }
  static f32<A> as_float(const u32& u) noexcept { return from_bits(u); }
  static u32 as_bits(const f32<A>& f) noexcept { return to_bits(f); }
};

}  // namespace lanes
}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
