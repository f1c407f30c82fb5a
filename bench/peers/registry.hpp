// The implementations the benchmark and the accuracy tool compare: gelu itself and every peer
// found at configure time. Each peer lives in its own translation unit (peers/*.cpp) and adds
// itself to the registry at static-initialisation time; a missing function pointer means the
// peer has no such kernel (e.g. oneDNN has no double, nobody but gelu has a fused kernel).
#pragma once

#include <cstddef>
#include <gelu/storage_types.hpp>
#include <string>
#include <type_traits>
#include <vector>

namespace gelu_bench {

enum variant : int { exact, tanh_form, sigmoid_form };
inline constexpr const char* variant_names[3] = {"exact", "tanh", "sigmoid"};

template <class T>
struct kernel_set {
  /// y = GELU(x)
  void (*forward[3])(const T* x, T* y, std::size_t n) = {};
  /// dx = dy * GELU'(x)
  void (*backward[3])(const T* dy, const T* x, T* dx, std::size_t n) = {};
  /// y = GELU(x), dydx = GELU'(x) in one pass
  void (*fused[3])(const T* x, T* y, T* dydx, std::size_t n) = {};
};

struct implementation {
  std::string name;  ///< benchmark prefix, e.g. "eigen"
  std::string what;  ///< one line: library, version, how GELU is formed
  kernel_set<float> f32;
  kernel_set<double> f64;
  /// Optional: called before the timed loop for arrays of n elements (e.g. oneDNN creates its
  /// primitives for that size here, outside the timing).
  void (*prepare)(std::size_t n) = nullptr;
  /// 16-bit storage (gelu::bfloat16 / gelu::float16 arrays; peers: their bf16 / fp16 tensors of
  /// the same bit layout).
  kernel_set<gelu::bfloat16> bf16;
  kernel_set<gelu::float16> f16;
};

/// The widest instruction set this build targets: "avx512", "avx2" or "sse2". Peers that choose
/// their code at run time (oneDNN's JIT, ATen's dispatch) are capped to AVX2 in an AVX2 build, so
/// that GELU_BENCH_ARCH_FLAGS='-mavx2 -mfma' compares everyone on AVX2. In an sse2 build (the
/// compiler's default on x86-64) they keep their own run-time choice: that is what a program
/// built with default flags gets from them (and gelu's counterpart is gelu::dispatch).
constexpr const char* build_isa() {
#if defined(__AVX512F__)
  return "avx512";
#elif defined(__AVX2__)
  return "avx2";
#else
  return "sse2";
#endif
}

/// All implementations, gelu and gelu_precise first (registration order otherwise).
std::vector<implementation>& registry();

struct registrar {
  explicit registrar(implementation impl);
};

template <class T>
const kernel_set<T>& kernels_of(const implementation& impl) {
  if constexpr (std::is_same<T, float>::value)
    return impl.f32;
  else if constexpr (std::is_same<T, double>::value)
    return impl.f64;
  else if constexpr (std::is_same<T, gelu::bfloat16>::value)
    return impl.bf16;
  else
    return impl.f16;
}

}  // namespace gelu_bench
