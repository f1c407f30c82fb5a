// gelu/detail/narrowing.hpp -- how a double result of the precise float kernels becomes a float:
// rounded to nearest (even), for float results; for results then rounded once more, to bfloat16
// or float16 (storage.hpp), a float whose rounding to that type is the rounding of the double.
//
// Why round to odd: rounding the double d to nearest float and that float to nearest 16-bit value
// is a double rounding. It goes wrong where the float lands exactly on a 16-bit midpoint
// that d is not on: the second rounding then breaks a tie that d did not have. Round to odd
// (Boldo and Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms using
// rounding to odd", IEEE TC 2008) keeps that information: d itself where d is a float, else of
// the two floats around d the one with an odd last bit. A 16-bit midpoint has an even last float
// bit (float has at least 13 more bits than float16 and 16 more than bfloat16, subnormals
// included), so an odd float is never one, and the odd float lies on d's side of every 16-bit
// midpoint: rounding it to nearest 16-bit value gives exactly the nearest 16-bit value to d.
#pragma once

#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "../storage_types.hpp"
#include "attributes.hpp"
#include "isa.hpp"
#include "lanes.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {

/// f = d rounded to nearest, dir a float with the sign of d - f, nonzero exactly where d != f
/// (NaN where d is infinite or NaN): d rounded to odd. Where d != f and f's last bit is even, the
/// float next to f towards d (bits + 1 if that is away from zero, - 1 if towards it): d lies
/// strictly between the two, so that one is odd. A d beyond the largest float gives it (odd),
/// never infinity; +-0 from a tiny d gives the smallest subnormal of d's sign.
template <class L>
GELU_FORCE_INLINE L adjust_to_odd(const L& f, const L& dir) noexcept {
  const auto bits = lanes::to_bits(f);
  using U = typename std::decay<decltype(bits)>::type;
  const L last_bit_marker = lanes::from_bits((bits & U(1)) | U(0x3f800000));  // 1: f even
  const U towards_d = U(1) - (((bits ^ lanes::to_bits(dir)) >> 31) << 1);     // +1 or -1 (wraps)
  const L next = lanes::from_bits(bits + towards_d);
  return lanes::select((lanes::abs(dir) > L(0.0f)) & (last_bit_marker == L(1.0f)), next, f);
}

// d - f is exact (f = d rounded; Sterbenz's lemma, or f = 0) and, when nonzero, at least 2^-53 |d|
// (d normal); the factor 2^100 keeps it from vanishing as a float wherever |d| > 2^-197. Below
// that f = +-0, and the 16-bit rounding of f or of the odd float (+-2^-149) is the same +-0.
// Overflow to +-inf keeps the sign.
constexpr double dir_scale = 0x1p100;

/// d rounded to odd, for every double (float subnormals included): the general method, which
/// bfloat16 results take where rounding to nearest gives a bfloat16 midpoint (evaluate.hpp's
/// narrow_result).
GELU_FORCE_INLINE float narrow_to_odd(double d) noexcept {
  const float f = static_cast<float>(d);
  return adjust_to_odd(f, static_cast<float>((d - static_cast<double>(f)) * dir_scale));
}
template <class A>
GELU_FORCE_INLINE xsimd::batch<float, A> narrow_to_odd(const isa::wide_pair<A>& d) noexcept {
  using isa::narrow;
  using isa::widen;
  using wide = isa::wide_pair<A>;
  const xsimd::batch<float, A> f = narrow(d, A{});
  const wide back = widen(f, A{});
  const xsimd::batch<double, A> s(dir_scale);
  return adjust_to_odd(f, narrow(wide{(d.lo - back.lo) * s, (d.hi - back.hi) * s}, A{}));
}

/// d rounded to odd at float's 24 bits, as a double: the 29 bits below them cleared, and if any
/// was set, the last of the 24 set. Exact conversion to float follows wherever |d| >= 2^-126;
/// below, float16 rounds the float to +-0 whatever it is (its smallest subnormal is 2^-24).
template <class D>
GELU_FORCE_INLINE D round_to_odd_24(const D& d) noexcept {
  const auto bits = lanes::to_bits(d);
  using U = typename std::decay<decltype(bits)>::type;
  const U low = U(0x1fffffff);
  return lanes::from_bits((bits & ~low) | (((bits & low) + low) & U(0x20000000)));
}

/// Whether f lies exactly halfway between two bfloat16 values (bfloat16 is float's top 16 bits,
/// subnormals included).
template <class L>
GELU_FORCE_INLINE auto is_bfloat16_midpoint(const L& f) noexcept {
  const auto bits = lanes::to_bits(f);
  using U = typename std::decay<decltype(bits)>::type;
  return (bits & U(0xffff)) == U(0x8000);
}

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
