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

const registrar add{{"torch", configure(), torch_kernels<float>(), torch_kernels<double>()}};

}  // namespace
}  // namespace gelu_bench
