// libtorch (ATen) at::gelu / at::gelu_backward, approximate "none" and "tanh", into
// preallocated tensors over the caller's arrays, one intra-op thread; float, double, and
// bfloat16 / half tensors over gelu::bfloat16 / gelu::float16 arrays (the same bit layouts), where
// this libtorch has CPU kernels for them (probed once; none: no rows).
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/version.h>

#include <cstdlib>
#include <exception>
#include <string>
#include <type_traits>

#include "registry.hpp"

namespace gelu_bench {
namespace {

template <class T>
at::ScalarType dtype() {
  if constexpr (std::is_same<T, float>::value) return at::kFloat;
  if constexpr (std::is_same<T, double>::value) return at::kDouble;
  if constexpr (std::is_same<T, gelu::bfloat16>::value) return at::kBFloat16;
  return at::kHalf;
}

template <class T>
at::Tensor wrap(const T* p, std::size_t n) {
  auto type = dtype<T>();
  return at::from_blob(const_cast<T*>(p), {static_cast<int64_t>(n)},
                       at::TensorOptions().dtype(type));
}

template <class T>
void forward(const T* x, T* y, std::size_t n, const char* approximate) {
  at::Tensor out = wrap(y, n);
  at::gelu_out(out, wrap(x, n), approximate);
}
template <class T>
void backward(const T* dy, const T* x, T* dx, std::size_t n, const char* approximate) {
  at::Tensor out = wrap(dx, n);
  at::gelu_backward_out(out, wrap(dy, n), wrap(x, n), approximate);
}

template <class T>
kernel_set<T> torch_kernels() {
  at::set_num_threads(1);
  kernel_set<T> k;
  if constexpr (sizeof(T) == 2) {  // does this libtorch have the CPU kernels?
    T x[4] = {}, y[4] = {};
    try {
      forward(x, y, 4, "none");
      forward(x, y, 4, "tanh");
      backward(x, x, y, 4, "none");
      backward(x, x, y, 4, "tanh");
    } catch (const std::exception&) {
      return k;
    }
  }
  k.forward[exact] = [](const T* x, T* y, std::size_t n) { forward(x, y, n, "none"); };
  k.forward[tanh_form] = [](const T* x, T* y, std::size_t n) { forward(x, y, n, "tanh"); };
  k.backward[exact] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    backward(dy, x, dx, n, "none");
  };
  k.backward[tanh_form] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    backward(dy, x, dx, n, "tanh");
  };
  return k;
}

/// Sets ATen's kernel dispatch to the build's instruction set in an AVX2 or AVX-512 build, and
/// leaves it to ATen in an sse2 build (read once, at the first dispatch; a value set by the user
/// wins; see build_isa()); the description.
std::string configure() {
  const std::string isa = build_isa();
  if (isa != "sse2") setenv("ATEN_CPU_CAPABILITY", isa.c_str(), 0);
  const char* capability = std::getenv("ATEN_CPU_CAPABILITY");
  return std::string("libtorch " TORCH_VERSION
                     " at::gelu / at::gelu_backward, 1 thread, ATEN_CPU_CAPABILITY=") +
         (capability ? capability : "unset (its own run-time choice)");
}

implementation make() {
  implementation impl{"torch", configure(), torch_kernels<float>(), torch_kernels<double>()};
  impl.bf16 = torch_kernels<gelu::bfloat16>();
  impl.f16 = torch_kernels<gelu::float16>();
  return impl;
}

const registrar add{make()};

}  // namespace
}  // namespace gelu_bench
