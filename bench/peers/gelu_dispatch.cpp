// gelu::dispatch: gelu's array functions with the instruction set chosen at run time (the best
// this CPU runs, or GELU_ARCH's cap), whatever flags this benchmark is built with. Beside the
// static build ("gelu", compiled with GELU_BENCH_ARCH_FLAGS) it shows what a program built with
// default flags gets, e.g. GELU_BENCH_ARCH_FLAGS='' scripts/bench.sh.
#include <gelu/dispatch.hpp>
#include <gelu/version.hpp>
#include <string>

#include "gelu_kernels.hpp"

namespace gelu_bench {
namespace {

struct dispatch_api {
  template <class... Args>
  static void forward(Args... args) {
    gelu::dispatch::forward(args...);
  }
  template <class... Args>
  static void backward(Args... args) {
    gelu::dispatch::backward(args...);
  }
  template <class... Args>
  static void forward_and_derivative(Args... args) {
    gelu::dispatch::forward_and_derivative(args...);
  }
};

const registrar add{{"gelu_dispatch",
                     std::string("gelu " GELU_VERSION_STRING
                                 " (this library), fast tier through gelu::dispatch (instruction "
                                 "set chosen at run time): ") +
                         gelu::dispatch::active_isa() + " (" +
                         gelu::dispatch::detail::active_isa_namespace() + ")",
                     gelu_kernels<float, dispatch_api>(), gelu_kernels<double, dispatch_api>()}};

}  // namespace
}  // namespace gelu_bench
