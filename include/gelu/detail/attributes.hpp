// gelu/detail/attributes.hpp -- GELU_FORCE_INLINE, GELU_LAMBDA_INLINE and GELU_LOOP (no other
// content, so that the storage types' header can use them without the kernels).
#pragma once

/// On the kernels and their entry points: GCC otherwise keeps the larger ones out of line and
/// calls them once per batch, through memory and with a vzeroupper, which costs as much as a
/// cheap kernel itself.
/// GELU_LAMBDA_INLINE does the same for the lambdas the array loops call twice (full batches and
/// the tail), which GCC otherwise calls out of line once per batch.
/// GELU_LOOP, on the one function per array operation that holds its loop, does the opposite:
/// the loop stays out of line in the caller (one call per array). Inlined into a caller whose
/// own arrays are std::vectors, the loop's stores (through xsimd's may_alias vector types) made
/// GCC 12 report false -Wfree-nonheap-object warnings on those vectors.
#if defined(__GNUC__) || defined(__clang__)
#define GELU_FORCE_INLINE inline __attribute__((always_inline))
#define GELU_LAMBDA_INLINE __attribute__((always_inline))
#define GELU_LOOP inline __attribute__((noinline))
#else
#define GELU_FORCE_INLINE inline
#define GELU_LAMBDA_INLINE
#define GELU_LOOP inline
#endif
