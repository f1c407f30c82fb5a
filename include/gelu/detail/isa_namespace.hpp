// gelu/detail/isa_namespace.hpp -- GELU_ISA_NAMESPACE: the name of the inline namespace that
// holds every function of gelu whose machine code depends on the instruction set the translation
// unit is compiled for (the kernels, the array loops, the public functions; not the types).
//
// Why: gelu's functions are inline, so each translation unit that uses one emits a weak copy and
// the linker keeps one of them. Were the names the same in a unit built with -march=native and
// one built for baseline x86-64, the baseline unit could end up running AVX-512 code (SIGILL on
// a CPU without it) or the native one the SSE2 code. With the instruction set in the namespace,
// the two units call different functions: `gelu::forward` is `gelu::isa_sse2::forward` in one
// and `gelu::isa_avx512_fma_..::forward` in the other (tests/mixed_isa checks this).
//
// The name is built from the compiler's target macros: the widest vector extension, then every
// further extension the compiler may use on its own (FMA, F16C, BMI, the AVX-512 subsets, ...),
// so that two sets of flags that allow different instructions give different names.
#pragma once

#define GELU_PP_CAT_(a, b) a##b
#define GELU_PP_CAT(a, b) GELU_PP_CAT_(a, b)

#if defined(__AVX512F__)
#define GELU_ISA_BASE avx512
#elif defined(__AVX2__)
#define GELU_ISA_BASE avx2
#elif defined(__AVX__)
#define GELU_ISA_BASE avx
#elif defined(__SSE4_2__)
#define GELU_ISA_BASE sse4_2
#elif defined(__SSE4_1__)
#define GELU_ISA_BASE sse4_1
#elif defined(__SSSE3__)
#define GELU_ISA_BASE ssse3
#elif defined(__SSE3__)
#define GELU_ISA_BASE sse3
#elif defined(__SSE2__) || defined(_M_X64)
#define GELU_ISA_BASE sse2
#elif defined(__aarch64__) || defined(_M_ARM64)
#define GELU_ISA_BASE neon64
#elif defined(__ARM_NEON)
#define GELU_ISA_BASE neon
#else
#define GELU_ISA_BASE generic
#endif

// One token per further extension: `_name` when the compiler targets it, else empty.
#if defined(__FMA__)
#define GELU_ISA_X1 _fma
#else
#define GELU_ISA_X1
#endif
#if defined(__F16C__)
#define GELU_ISA_X2 _f16c
#else
#define GELU_ISA_X2
#endif
#if defined(__BMI2__)
#define GELU_ISA_X3 _bmi2
#else
#define GELU_ISA_X3
#endif
#if defined(__AVX512CD__)
#define GELU_ISA_X4 _cd
#else
#define GELU_ISA_X4
#endif
#if defined(__AVX512VL__)
#define GELU_ISA_X5 _vl
#else
#define GELU_ISA_X5
#endif
#if defined(__AVX512DQ__)
#define GELU_ISA_X6 _dq
#else
#define GELU_ISA_X6
#endif
#if defined(__AVX512BW__)
#define GELU_ISA_X7 _bw
#else
#define GELU_ISA_X7
#endif
#if defined(__AVX512VBMI__) || defined(__AVX512VBMI2__)
#define GELU_ISA_X8 _vbmi
#else
#define GELU_ISA_X8
#endif
#if defined(__AVX512VNNI__) || defined(__AVXVNNI__)
#define GELU_ISA_X9 _vnni
#else
#define GELU_ISA_X9
#endif
#if defined(__AVX512BF16__)
#define GELU_ISA_X10 _bf16
#else
#define GELU_ISA_X10
#endif
#if defined(__AVX512FP16__)
#define GELU_ISA_X11 _fp16
#else
#define GELU_ISA_X11
#endif
#if defined(__AVX512IFMA__) || defined(__AVX512BITALG__) || defined(__AVX512VPOPCNTDQ__)
#define GELU_ISA_X12 _bitalg
#else
#define GELU_ISA_X12
#endif
#if defined(__GFNI__) || defined(__VAES__) || defined(__VPCLMULQDQ__)
#define GELU_ISA_X13 _gfni
#else
#define GELU_ISA_X13
#endif
#if defined(__ARM_FEATURE_FMA) && !defined(__aarch64__)
#define GELU_ISA_X14 _vfpv4
#else
#define GELU_ISA_X14
#endif

#define GELU_ISA_PART1 GELU_PP_CAT(GELU_PP_CAT(isa_, GELU_ISA_BASE), GELU_ISA_X1)
#define GELU_ISA_PART2 GELU_PP_CAT(GELU_PP_CAT(GELU_ISA_X2, GELU_ISA_X3), GELU_ISA_X4)
#define GELU_ISA_PART3 GELU_PP_CAT(GELU_PP_CAT(GELU_ISA_X5, GELU_ISA_X6), GELU_ISA_X7)
#define GELU_ISA_PART4 GELU_PP_CAT(GELU_PP_CAT(GELU_ISA_X8, GELU_ISA_X9), GELU_ISA_X10)
#define GELU_ISA_PART5 GELU_PP_CAT(GELU_PP_CAT(GELU_ISA_X11, GELU_ISA_X12), GELU_ISA_X13)
#define GELU_ISA_PART6 GELU_PP_CAT(GELU_ISA_PART5, GELU_ISA_X14)
#define GELU_ISA_NAMESPACE                                              \
  GELU_PP_CAT(GELU_PP_CAT(GELU_PP_CAT(GELU_ISA_PART1, GELU_ISA_PART2),  \
                          GELU_PP_CAT(GELU_ISA_PART3, GELU_ISA_PART4)), \
              GELU_ISA_PART6)

#define GELU_PP_STR_(x) #x
#define GELU_PP_STR(x) GELU_PP_STR_(x)
/// The namespace's name as a string, e.g. "isa_avx512_fma_f16c_bmi2_cd_vl_dq_bw" (for tests and
/// diagnostics).
#define GELU_ISA_NAMESPACE_STRING GELU_PP_STR(GELU_ISA_NAMESPACE)
