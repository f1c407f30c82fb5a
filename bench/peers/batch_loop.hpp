// Array loops over xsimd batches with a zero-padded tail batch, for peers that give a batch
// function (xsimd's own math, SLEEF through its register types).
#pragma once

#include <cstddef>
#include <xsimd/xsimd.hpp>

namespace gelu_bench {

template <class T, class F>
void map_batches(const T* x, T* y, std::size_t n, F f) {
  using batch = xsimd::batch<T>;
  constexpr std::size_t w = batch::size;
  std::size_t i = 0;
  for (; i + w <= n; i += w) f(batch::load_unaligned(x + i)).store_unaligned(y + i);
  if (i < n) {
    alignas(64) T buf[w] = {};
    for (std::size_t j = 0; i + j < n; ++j) buf[j] = x[i + j];
    f(batch::load_aligned(buf)).store_aligned(buf);
    for (std::size_t j = 0; i + j < n; ++j) y[i + j] = buf[j];
  }
}

template <class T, class F>
void map_batches_scaled(const T* dy, const T* x, T* dx, std::size_t n, F f) {
  using batch = xsimd::batch<T>;
  constexpr std::size_t w = batch::size;
  std::size_t i = 0;
  for (; i + w <= n; i += w)
    (batch::load_unaligned(dy + i) * f(batch::load_unaligned(x + i))).store_unaligned(dx + i);
  if (i < n) {
    alignas(64) T bx[w] = {};
    alignas(64) T bd[w] = {};
    for (std::size_t j = 0; i + j < n; ++j) {
      bx[j] = x[i + j];
      bd[j] = dy[i + j];
    }
    (batch::load_aligned(bd) * f(batch::load_aligned(bx))).store_aligned(bd);
    for (std::size_t j = 0; i + j < n; ++j) dx[i + j] = bd[j];
  }
}

}  // namespace gelu_bench
