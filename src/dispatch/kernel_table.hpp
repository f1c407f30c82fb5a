// src/dispatch/kernel_table.hpp -- private to gelu::dispatch: the table of array functions that
// each instruction-set variant provides (kernels.cpp, compiled once per variant) and that the
// dispatcher (dispatch.cpp) chooses from.
#pragma once

#include <cstddef>
#include <gelu/storage_types.hpp>
#include <gelu/types.hpp>

namespace gelu {
namespace dispatch {
namespace detail {

struct kernel_table {
  const char* isa;            ///< the variant's name: "avx512", "avx2", "sse2", "neon", "default"
  const char* isa_namespace;  ///< GELU_ISA_NAMESPACE_STRING of the variant's translation unit
  void (*forward_f32)(const float*, float*, std::size_t, approximate, accuracy) noexcept;
  void (*forward_f64)(const double*, double*, std::size_t, approximate, accuracy) noexcept;
  void (*backward_f32)(const float*, const float*, float*, std::size_t, approximate,
                       accuracy) noexcept;
  void (*backward_f64)(const double*, const double*, double*, std::size_t, approximate,
                       accuracy) noexcept;
  void (*forward_and_derivative_f32)(const float*, float*, float*, std::size_t, approximate,
                                     accuracy) noexcept;
  void (*forward_and_derivative_f64)(const double*, double*, double*, std::size_t, approximate,
                                     accuracy) noexcept;
  void (*geglu_forward_f32)(const float*, const float*, float*, std::size_t, approximate,
                            accuracy) noexcept;
  void (*geglu_forward_f64)(const double*, const double*, double*, std::size_t, approximate,
                            accuracy) noexcept;
  void (*geglu_backward_f32)(const float*, const float*, const float*, float*, float*, std::size_t,
                             approximate, accuracy) noexcept;
  void (*geglu_backward_f64)(const double*, const double*, const double*, double*, double*,
                             std::size_t, approximate, accuracy) noexcept;
  void (*forward_bf16)(const bfloat16*, bfloat16*, std::size_t, approximate, accuracy) noexcept;
  void (*forward_f16)(const float16*, float16*, std::size_t, approximate, accuracy) noexcept;
  void (*backward_bf16)(const bfloat16*, const bfloat16*, bfloat16*, std::size_t, approximate,
                        accuracy) noexcept;
  void (*backward_f16)(const float16*, const float16*, float16*, std::size_t, approximate,
                       accuracy) noexcept;
  void (*forward_and_derivative_bf16)(const bfloat16*, bfloat16*, bfloat16*, std::size_t,
                                      approximate, accuracy) noexcept;
  void (*forward_and_derivative_f16)(const float16*, float16*, float16*, std::size_t, approximate,
                                     accuracy) noexcept;
  void (*geglu_forward_bf16)(const bfloat16*, const bfloat16*, bfloat16*, std::size_t, approximate,
                             accuracy) noexcept;
  void (*geglu_forward_f16)(const float16*, const float16*, float16*, std::size_t, approximate,
                            accuracy) noexcept;
  void (*geglu_backward_bf16)(const bfloat16*, const bfloat16*, const bfloat16*, bfloat16*,
                              bfloat16*, std::size_t, approximate, accuracy) noexcept;
  void (*geglu_backward_f16)(const float16*, const float16*, const float16*, float16*, float16*,
                             std::size_t, approximate, accuracy) noexcept;
};

}  // namespace detail
}  // namespace dispatch
}  // namespace gelu

/// The table of variant <isa>: gelu::dispatch::detail::kernels_<isa> (kernels.cpp defines it).
#define GELU_DISPATCH_TABLE(isa) GELU_DISPATCH_CAT(kernels_, isa)
#define GELU_DISPATCH_CAT_(a, b) a##b
#define GELU_DISPATCH_CAT(a, b) GELU_DISPATCH_CAT_(a, b)
