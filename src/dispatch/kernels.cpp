// src/dispatch/kernels.cpp -- one instruction-set variant of gelu::dispatch. CMake compiles this
// file once per variant (cmake/gelu-dispatch.cmake) with that variant's flags and
// -DGELU_DISPATCH_VARIANT=<name> (sse2, avx2, avx512, neon or default), which names the table
// defined here: gelu::dispatch::detail::kernels_<name>. The table holds the addresses of
// gelu.hpp's own array functions as compiled here, i.e. those of the ISA namespace of these
// flags (gelu::isa_avx2_fma::forward, ...): the variant computes exactly what a static build of
// gelu.hpp with the same flags computes.
//
// Nothing here runs before the dispatcher has checked that the CPU runs this variant: the table
// is constant-initialized data (no constructor, no table-filling code), and the dispatcher only
// calls through the tables of variants the CPU supports.
#include <gelu/gelu.hpp>

#include "kernel_table.hpp"

#ifndef GELU_DISPATCH_VARIANT
#error \
    "gelu dispatch: compile kernels.cpp with -DGELU_DISPATCH_VARIANT=<sse2|avx2|avx512|neon|default>"
#endif

// The flags must give the variant at least the instructions its name promises (the dispatcher
// assumes them when it compares CPUs); a mismatch means the variant's flags were not applied.
#define GELU_DISPATCH_ID_sse2 1
#define GELU_DISPATCH_ID_avx2 2
#define GELU_DISPATCH_ID_avx512 3
#define GELU_DISPATCH_ID_neon 4
#define GELU_DISPATCH_ID_default 5
#define GELU_DISPATCH_ID GELU_DISPATCH_CAT(GELU_DISPATCH_ID_, GELU_DISPATCH_VARIANT)
#if GELU_DISPATCH_ID == 1 && !defined(__SSE2__) && !defined(_M_X64)
#error "gelu dispatch: the sse2 variant is compiled without SSE2"
#elif GELU_DISPATCH_ID == 2 && !(defined(__AVX2__) && defined(__FMA__))
#error "gelu dispatch: the avx2 variant is compiled without AVX2 and FMA"
#elif GELU_DISPATCH_ID == 3 &&                                                  \
    !(defined(__AVX512F__) && defined(__AVX512CD__) && defined(__AVX512BW__) && \
      defined(__AVX512DQ__) && defined(__AVX512VL__) && defined(__FMA__))
#error "gelu dispatch: the avx512 variant is compiled without AVX-512 F/CD/BW/DQ/VL and FMA"
#elif GELU_DISPATCH_ID == 4 && !defined(__aarch64__) && !defined(_M_ARM64)
#error "gelu dispatch: the neon variant is for AArch64"
#elif !(GELU_DISPATCH_ID >= 1 && GELU_DISPATCH_ID <= 5)
#error "gelu dispatch: GELU_DISPATCH_VARIANT is not one of sse2, avx2, avx512, neon, default"
#endif

#define GELU_DISPATCH_STR_(x) #x
#define GELU_DISPATCH_STR(x) GELU_DISPATCH_STR_(x)

#if defined(__cpp_constinit)
#define GELU_DISPATCH_CONSTINIT constinit
#else
#define GELU_DISPATCH_CONSTINIT
#endif

namespace gelu {
namespace dispatch {
namespace detail {

/// gelu.hpp's and geglu.hpp's array functions of element type T, as compiled here.
template <class T>
constexpr typed_kernels<T> kernels_of() noexcept {
  return {&gelu::forward, &gelu::backward, &gelu::forward_and_derivative, &gelu::geglu_forward,
          &gelu::geglu_backward};
}

extern const kernel_table GELU_DISPATCH_TABLE(GELU_DISPATCH_VARIANT);
GELU_DISPATCH_CONSTINIT const kernel_table GELU_DISPATCH_TABLE(GELU_DISPATCH_VARIANT) = {
    GELU_DISPATCH_STR(GELU_DISPATCH_VARIANT),
    GELU_ISA_NAMESPACE_STRING,
    kernels_of<float>(),
    kernels_of<double>(),
    kernels_of<bfloat16>(),
    kernels_of<float16>(),
};

}  // namespace detail
}  // namespace dispatch
}  // namespace gelu
