// src/dispatch/kernel_table.hpp -- private to gelu::dispatch: the table of array functions that
// each instruction-set variant provides (kernels.cpp, compiled once per variant) and that the
// dispatcher (dispatch.cpp) chooses from.
#pragma once

#include <cstddef>
#include <gelu/storage_types.hpp>
#include <gelu/types.hpp>
#include <type_traits>

namespace gelu {
namespace dispatch {
namespace detail {

/// The array functions of one element type T, as gelu.hpp and geglu.hpp declare them.
template <class T>
struct typed_kernels {
  void (*forward)(const T*, T*, std::size_t, approximate, accuracy) noexcept;
  void (*backward)(const T*, const T*, T*, std::size_t, approximate, accuracy) noexcept;
  void (*forward_and_derivative)(const T*, T*, T*, std::size_t, approximate, accuracy) noexcept;
  void (*geglu_forward)(const T*, const T*, T*, std::size_t, approximate, accuracy) noexcept;
  void (*geglu_backward)(const T*, const T*, const T*, T*, T*, std::size_t, approximate,
                         accuracy) noexcept;
};

struct kernel_table {
  const char* isa;            ///< the variant's name: "avx512", "avx2", "sse2", "neon", "default"
  const char* isa_namespace;  ///< GELU_ISA_NAMESPACE_STRING of the variant's translation unit
  typed_kernels<float> f32;
  typed_kernels<double> f64;
  typed_kernels<bfloat16> bf16;
  typed_kernels<float16> f16;

  /// The functions of element type T.
  template <class T>
  const typed_kernels<T>& of() const noexcept {
    if constexpr (std::is_same<T, float>::value) return f32;
    if constexpr (std::is_same<T, double>::value) return f64;
    if constexpr (std::is_same<T, bfloat16>::value) return bf16;
    if constexpr (std::is_same<T, float16>::value) return f16;
  }
};

}  // namespace detail
}  // namespace dispatch
}  // namespace gelu

/// The table of variant <isa>: gelu::dispatch::detail::kernels_<isa> (kernels.cpp defines it).
#define GELU_DISPATCH_TABLE(isa) GELU_DISPATCH_CAT(kernels_, isa)
#define GELU_DISPATCH_CAT_(a, b) a##b
#define GELU_DISPATCH_CAT(a, b) GELU_DISPATCH_CAT_(a, b)
