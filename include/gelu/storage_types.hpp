// gelu/storage_types.hpp -- the 16-bit storage types of the array functions: gelu::bfloat16
// (the bit layout of bfloat16: float's sign and 8-bit exponent, 7 mantissa bits) and
// gelu::float16 (IEEE 754 binary16: 5-bit exponent, 10 mantissa bits). Storage only: the array
// functions compute in float and round each result once to the storage type; there is no
// arithmetic on these types.
//
// Conversions (the one definition of their bits; the SIMD loads and stores of
// detail/storage.hpp give the same bits, with or without F16C / AVX-512 BF16 instructions):
//  * to float: exact. bfloat16 -> float is the 16-bit shift (a NaN keeps its payload, a
//    signaling NaN stays signaling); float16 -> float quiets a signaling NaN (sets the top
//    mantissa bit, as F16C's vcvtph2ps does) and keeps the payload;
//  * from float: rounded to nearest, ties to even, subnormals included (never flushed to
//    zero); beyond the largest finite value, by IEEE's rule, +-inf (bfloat16 from 0x1.ff8p127,
//    float16 from 65520); a NaN becomes a quiet NaN with the sign and the top mantissa bits of
//    the float (bfloat16: bits 31-16 with bit 6 set, as vcvtneps2bf16; float16: sign | 0x7e00 |
//    the top 9 payload bits, as vcvtps2ph).
#pragma once

#include <cstdint>
#include <cstring>

#include "detail/attributes.hpp"

namespace gelu {

// Not `detail`: gelu::<isa namespace>::detail holds the ISA-dependent code (isa_namespace.hpp); a
// `namespace detail` opened here would reopen that one or make `gelu::detail` ambiguous, by include
// order.
namespace storage_bits {

/// The lane operations the conversions are written with, for one std::uint32_t; detail/lanes.hpp
/// has the same for SIMD batches, so that both run the same source. `less` compares values below
/// 2^31.
struct scalar_bit_ops {
  static GELU_FORCE_INLINE bool less(std::uint32_t a, std::uint32_t b) noexcept { return a < b; }
  static GELU_FORCE_INLINE std::uint32_t select(bool m, std::uint32_t a, std::uint32_t b) noexcept {
    return m ? a : b;
  }
  static GELU_FORCE_INLINE float as_float(std::uint32_t u) noexcept {
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
  }
  static GELU_FORCE_INLINE std::uint32_t as_bits(float f) noexcept {
    std::uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
  }
};

// The conversions of each format, on 32-bit lanes U (std::uint32_t or a batch of them) with
// operations Ops; a 16-bit pattern lives in the low half of its lane. The scalar conversions
// (storage16) and the batch ones (detail/storage.hpp) both call these.

/// bfloat16: float's top 16 bits.
struct bfloat16_format {
  /// bfloat16 bits -> float bits (exact).
  template <class Ops, class U>
  static GELU_FORCE_INLINE U to_float_bits(const U& h) noexcept {
    return h << 16;
  }

  /// float bits -> bfloat16 bits, rounded to nearest even; NaN: the top 16 bits with bit 6 set.
  template <class Ops, class U>
  static GELU_FORCE_INLINE U from_float_bits(const U& u) noexcept {
    U magnitude = u & U(0x7fffffffu);
    // adding 0x7fff plus the kept lowest bit rounds to nearest even, carrying into the exponent
    // (up to +-inf) where needed; subnormals lie on the same grid and round alike
    U rounded = (u + U(0x7fffu) + ((u >> 16) & U(1u))) >> 16;
    U quiet_nan = (u >> 16) | U(0x40u);
    return Ops::select(Ops::less(U(0x7f800000u), magnitude), quiet_nan, rounded);
  }
};

/// float16: IEEE 754 binary16.
struct float16_format {
  /// float16 bits -> float bits (exact; a signaling NaN quieted).
  template <class Ops, class U>
  static GELU_FORCE_INLINE U to_float_bits(const U& h) noexcept {
    U magnitude = h & U(0x7fffu);
    U sign = (h & U(0x8000u)) << 16;
    U shifted = magnitude << 13;
    U normal = shifted + U(112u << 23);  // exponent bias 15 -> 127
    U special = (shifted + U(224u << 23)) |
                Ops::select(Ops::less(U(0x7c00u), magnitude), U(0x00400000u), U(0u));
    // subnormal (or zero) m * 2^-24: 2^-14 * (1 + m/1024) - 2^-14, exact
    U subnormal =
        Ops::as_bits(Ops::as_float(shifted + U(113u << 23)) - Ops::as_float(U(113u << 23)));
    U r = Ops::select(Ops::less(magnitude, U(0x0400u)), subnormal, normal);
    return Ops::select(Ops::less(magnitude, U(0x7c00u)), r, special) | sign;
  }

  /// float bits -> float16 bits, rounded to nearest even; NaN: sign | 0x7e00 | top payload bits.
  template <class Ops, class U>
  static GELU_FORCE_INLINE U from_float_bits(const U& u) noexcept {
    U magnitude = u & U(0x7fffffffu);
    U sign = (u >> 16) & U(0x8000u);
    // normal results: rebias, then round the 13 dropped bits to nearest even (a carry may reach
    // the exponent, up to inf from 65520 on)
    U normal = (magnitude - U(112u << 23) + U(0xfffu) + ((magnitude >> 13) & U(1u))) >> 13;
    // below 2^-14: 0.5f + |x| rounds |x| to a multiple of 2^-24 (the float16 subnormal step) in
    // the float adder, to nearest even; the low bits of the sum are the float16 bits
    U subnormal = Ops::as_bits(Ops::as_float(magnitude) + 0.5f) - U(126u << 23);
    U quiet_nan = U(0x7e00u) | ((magnitude >> 13) & U(0x3ffu));
    U r = Ops::select(Ops::less(magnitude, U(113u << 23)), subnormal, normal);
    r = Ops::select(Ops::less(magnitude, U(143u << 23)), r, U(0x7c00u));  // >= 2^16: inf
    return Ops::select(Ops::less(U(0x7f800000u), magnitude), quiet_nan, r) | sign;
  }
};

/// What bfloat16 and float16 share: 16 bits of Format, trivially copyable, converted to and
/// from float as at the top of this file.
template <class Derived, class Format>
class storage16 {
 public:
  using format = Format;
  /// The value as a float (exact; float16: a signaling NaN quieted).
  GELU_FORCE_INLINE explicit operator float() const noexcept {
    return scalar_bit_ops::as_float(
        Format::template to_float_bits<scalar_bit_ops>(std::uint32_t{bits_}));
  }
  /// The value with this bit pattern.
  static GELU_FORCE_INLINE Derived from_bits(std::uint16_t bits) noexcept {
    Derived d;
    d.bits_ = bits;
    return d;
  }
  /// The bit pattern.
  GELU_FORCE_INLINE std::uint16_t bits() const noexcept { return bits_; }

 protected:
  storage16() = default;
  /// f rounded to nearest even (subnormals kept, +-inf beyond the range, NaN quiet).
  GELU_FORCE_INLINE explicit storage16(float f) noexcept
      : bits_(static_cast<std::uint16_t>(
            Format::template from_float_bits<scalar_bit_ops>(scalar_bit_ops::as_bits(f)))) {}

  std::uint16_t bits_;
};

}  // namespace storage_bits

/// bfloat16: float's sign and exponent with 7 mantissa bits (range as float, 2-3 significant
/// digits). Trivially copyable, 2 bytes. See the top of this file for the conversions.
class bfloat16 : public storage_bits::storage16<bfloat16, storage_bits::bfloat16_format> {
 public:
  /// Uninitialised, as a float (a value-initialised bfloat16{} is +0).
  bfloat16() = default;
  /// f rounded to nearest even (subnormals kept, +-inf from 0x1.ff8p127 on, NaN quiet).
  GELU_FORCE_INLINE explicit bfloat16(float f) noexcept : storage16(f) {}
};

/// IEEE 754 binary16 ("half"): 5-bit exponent, 10 mantissa bits, largest finite 65504, smallest
/// subnormal 2^-24. Trivially copyable, 2 bytes. See the top of this file for the conversions.
class float16 : public storage_bits::storage16<float16, storage_bits::float16_format> {
 public:
  /// Uninitialised, as a float (a value-initialised float16{} is +0).
  float16() = default;
  /// f rounded to nearest even (subnormals kept, +-inf from 65520 on, NaN quiet).
  GELU_FORCE_INLINE explicit float16(float f) noexcept : storage16(f) {}
};

}  // namespace gelu
