// gelu/detail/storage.hpp -- storage<S>: how the array loops read and write an element type S.
// A loop computes in storage<S>::compute_type (S itself for float and double; float for
// bfloat16 and float16) and converts once on the way in and once on the way out:
//
//   storage<S>::compute_type                      the lanes' element type
//   storage<S>::load(const S* p)                  -> xsimd::batch<compute_type, A>, the batch's
//                                                    size elements at p (no alignment needed)
//   storage<S>::store(const batch<compute_type, A>& v, S* p)   rounds v to S, writes size elements
//   storage<S>::load(S s)                          -> compute_type (the scalar conversion)
//   storage<S>::store(compute_type v, S* p)        *p = v rounded to S
//
// A defaults to xsimd::default_arch. The batch conversions of bfloat16 and float16 give exactly
// the bits of the scalar ones (storage_types.hpp), whichever instructions they use:
//  * bfloat16 -> float: a 16-bit shift;
//  * float -> bfloat16: vcvtneps2bf16 where the build has AVX-512 BF16 (and DQ) and no lane of
//    the batch is a float subnormal (the instruction flushes those), else integer operations;
//  * float16 <-> float: F16C / AVX-512F vcvtph2ps and vcvtps2ph where the build has them,
//    else integer operations.
#pragma once

#include <cstdint>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "../storage_types.hpp"
#include "attributes.hpp"
#include "isa.hpp"
#include "lanes.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {

/// float and double: stored as computed.
template <class S>
struct storage {
  using compute_type = S;
  template <class A = xsimd::default_arch>
  static GELU_FORCE_INLINE xsimd::batch<S, A> load(const S* p) noexcept {
    return xsimd::batch<S, A>::load_unaligned(p);
  }
  template <class A>
  static GELU_FORCE_INLINE void store(const xsimd::batch<S, A>& v, S* p) noexcept {
    v.store_unaligned(p);
  }
  static GELU_FORCE_INLINE S load(S s) noexcept { return s; }
  static GELU_FORCE_INLINE void store(S v, S* p) noexcept { *p = v; }
};

/// bfloat16 and float16: compute type float; scalar conversions by the type's own operators;
/// batch conversions by the instructions the build has (top of this file), else by integer
/// operations (S::format's, the scalar conversions' source, so the same bits). The integer ones
/// are also callable by name (load_by_integers, store_by_integers), so that the tests can
/// compare them with the instructions' bits.
template <class S>
struct storage16_io {
  using compute_type = float;
  static GELU_FORCE_INLINE float load(S s) noexcept { return static_cast<float>(s); }
  static GELU_FORCE_INLINE void store(float v, S* p) noexcept { *p = S(v); }

  template <class A = xsimd::default_arch>
  static GELU_FORCE_INLINE xsimd::batch<float, A> load(const S* p) noexcept {
    if constexpr (std::is_same<S, float16>::value && isa::has_float16_instructions<A>)
      return isa::load_float16<A>(raw(p), A{});
    else
      return load_by_integers<A>(p);
  }
  template <class A>
  static GELU_FORCE_INLINE void store(const xsimd::batch<float, A>& v, S* p) noexcept {
    if constexpr (std::is_same<S, float16>::value && isa::has_float16_instructions<A>) {
      isa::store_float16(v, raw(p), A{});
    } else {
      if constexpr (std::is_same<S, bfloat16>::value && isa::has_bfloat16_instructions<A>)
        if (isa::store_bfloat16_unless_subnormal(v, raw(p), A{})) return;
      store_by_integers(v, p);
    }
  }

  template <class A = xsimd::default_arch>
  static GELU_FORCE_INLINE xsimd::batch<float, A> load_by_integers(const S* p) noexcept {
    using ops = lanes::batch_bit_ops<A>;
    return ops::as_float(S::format::template to_float_bits<ops>(isa::load_u16<A>(raw(p), A{})));
  }
  template <class A>
  static GELU_FORCE_INLINE void store_by_integers(const xsimd::batch<float, A>& v, S* p) noexcept {
    using ops = lanes::batch_bit_ops<A>;
    isa::store_u16(S::format::template from_float_bits<ops>(ops::as_bits(v)), raw(p), A{});
  }

  static GELU_FORCE_INLINE const std::uint16_t* raw(const S* p) noexcept {
    return reinterpret_cast<const std::uint16_t*>(p);
  }
  static GELU_FORCE_INLINE std::uint16_t* raw(S* p) noexcept {
    return reinterpret_cast<std::uint16_t*>(p);
  }
};

template <>
struct storage<bfloat16> : storage16_io<bfloat16> {};
template <>
struct storage<float16> : storage16_io<float16> {};

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
