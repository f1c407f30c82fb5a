// gelu/detail/narrowing.hpp -- how a double result of the precise float kernels becomes a float:
// rounded to nearest (even), for float results; or rounded to odd, for results that are rounded
// once more, to bfloat16 or float16 (storage.hpp).
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

#include <xsimd/xsimd.hpp>

#include "attributes.hpp"
#include "isa.hpp"
#include "lanes.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {

/// How a double result becomes a float (the precise tier's float kernels; the fast tier computes
/// in float and has no such step).
enum class float_rounding { nearest, to_odd };

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
  const U towards_d = U(1) - (((bits ^ lanes::to_bits(dir)) >> 31) << 1);   // +1 or -1 (wraps)
  const L next = lanes::from_bits(bits + towards_d);
  return lanes::select((lanes::abs(dir) > L(0.0f)) & (last_bit_marker == L(1.0f)), next, f);
}

// d - f is exact (f = d rounded; Sterbenz's lemma, or f = 0) and, when nonzero, at least 2^-53 |d|
// (d normal); the factor 2^100 keeps it from vanishing as a float wherever |d| > 2^-197. Below
// that f = +-0, and the 16-bit rounding of f or of the odd float (+-2^-149) is the same +-0.
// Overflow to +-inf keeps the sign.
constexpr double dir_scale = 0x1p100;

/// d rounded to float: to nearest (N = nearest) or to odd (N = to_odd, see the top of the file).
template <float_rounding N>
GELU_FORCE_INLINE float narrow_to(double d) noexcept {
  const float f = static_cast<float>(d);
  if constexpr (N == float_rounding::nearest) return f;
  return adjust_to_odd(f, static_cast<float>((d - static_cast<double>(f)) * dir_scale));
}
template <float_rounding N, class A>
GELU_FORCE_INLINE xsimd::batch<float, A> narrow_to(const isa::wide_pair<A>& d) noexcept {
  using isa::narrow;
  using isa::widen;
  using wide = isa::wide_pair<A>;
  const xsimd::batch<float, A> f = narrow(d, A{});
  if constexpr (N == float_rounding::nearest) return f;
  const wide back = widen(f, A{});
  const xsimd::batch<double, A> s(dir_scale);
  return adjust_to_odd(f, narrow(wide{(d.lo - back.lo) * s, (d.hi - back.hi) * s}, A{}));
}

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
