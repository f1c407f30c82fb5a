// libtorch (ATen) at::gelu / at::gelu_backward, approximate "none" and "tanh", into
// preallocated tensors over the caller's arrays, one intra-op thread.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/version.h>

#include <cstdlib>
#include <string>

#include "registry.hpp"

namespace gelu_bench {
namespace {

template <class T>
at::Tensor wrap(const T* p, std::size_t n) {
  auto type = sizeof(T) == 4 ? at::kFloat : at::kDouble;
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

/// Caps ATen's kernel dispatch at the build's instruction set (read once, at the first dispatch;
/// a value set by the user wins); the description.
std::string configure() {
  const std::string isa = build_isa();
  const char* capability = isa == "avx512" ? "avx512" : isa == "avx2" ? "avx2" : "default";
  setenv("ATEN_CPU_CAPABILITY", capability, 0);
  return std::string("libtorch " TORCH_VERSION
                     " at::gelu / at::gelu_backward, 1 thread, ATEN_CPU_CAPABILITY=") +
         std::getenv("ATEN_CPU_CAPABILITY");
}

const registrar add{{"torch", configure(), torch_kernels<float>(), torch_kernels<double>()}};

}  // namespace
}  // namespace gelu_bench
