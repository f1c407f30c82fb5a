// What each per-ISA reference unit (reference.cpp, compiled with a gelu::dispatch variant's
// flags) provides to test_dispatch.cpp: gelu.hpp's array functions as a static build for that
// instruction set has them, and the same computed element by element through the scalar API
// (forced inline into this unit's own functions, so independent of any out-of-line copy).
#pragma once

#include <cstddef>
#include <gelu/storage_types.hpp>
#include <gelu/types.hpp>

namespace gelu_test {

template <class T>
struct reference_functions {
  void (*forward)(const T*, T*, std::size_t, gelu::approximate, gelu::accuracy) noexcept;
  void (*backward)(const T*, const T*, T*, std::size_t, gelu::approximate, gelu::accuracy) noexcept;
  void (*forward_and_derivative)(const T*, T*, T*, std::size_t, gelu::approximate,
                                 gelu::accuracy) noexcept;
  void (*geglu_forward)(const T*, const T*, T*, std::size_t, gelu::approximate,
                        gelu::accuracy) noexcept;
  void (*geglu_backward)(const T*, const T*, const T*, T*, T*, std::size_t, gelu::approximate,
                         gelu::accuracy) noexcept;
};

struct reference_unit {
  const char* isa;            ///< the variant's name ("sse2", ...; "native" for -march=native)
  const char* isa_namespace;  ///< GELU_ISA_NAMESPACE_STRING of the unit
  reference_functions<float> array_f32, scalar_f32;
  reference_functions<double> array_f64, scalar_f64;
  reference_functions<gelu::bfloat16> array_bf16;  ///< (arrays only: no scalar API for these)
  reference_functions<gelu::float16> array_f16;
};

}  // namespace gelu_test

#define GELU_TEST_CAT_(a, b) a##b
#define GELU_TEST_CAT(a, b) GELU_TEST_CAT_(a, b)
/// The reference unit of ISA <isa>: gelu_test::reference_<isa>.
#define GELU_TEST_REFERENCE(isa) GELU_TEST_CAT(reference_, isa)
