// gelu/detail/attributes.hpp -- GELU_FORCE_INLINE and GELU_LAMBDA_INLINE (no other content, so
// that the storage types' header can use them without the kernels).
#pragma once

/// On the kernels and their entry points: GCC otherwise keeps the larger ones out of line and
/// calls them once per batch, through memory and with a vzeroupper, which costs as much as a
/// cheap kernel itself.
/// GELU_LAMBDA_INLINE does the same for the lambdas the array loops call twice (full batches and
/// the tail), which GCC otherwise calls out of line once per batch.
#if defined(__GNUC__) || defined(__clang__)
#define GELU_FORCE_INLINE inline __attribute__((always_inline))
#define GELU_LAMBDA_INLINE __attribute__((always_inline))
#else
#define GELU_FORCE_INLINE inline
#define GELU_LAMBDA_INLINE
#endif
