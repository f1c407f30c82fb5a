// gelu itself, the static header compiled with the bench's flags: forward, backward and the
// fused forward_and_derivative, in both tiers. bench/CMakeLists.txt compiles this file again
// with -march=native and GELU_BENCH_NATIVE_ROW (the row gelu_native) in builds with other flags.
#include <gelu/gelu.hpp>
#include <gelu/version.hpp>

#include "gelu_kernels.hpp"

namespace gelu_bench {
namespace {

struct static_api {
  template <class... Args>
  static void forward(Args... args) {
    gelu::forward(args...);
  }
  template <class... Args>
  static void backward(Args... args) {
    gelu::backward(args...);
  }
  template <class... Args>
  static void forward_and_derivative(Args... args) {
    gelu::forward_and_derivative(args...);
  }
};

#if !defined(GELU_BENCH_NATIVE_ROW)
// gelu's two tiers: "gelu" is the default (fast) tier, "gelu_precise" the precise one; the report
// shows both against the peers.
template <gelu::accuracy P>
implementation tier(const char* name, const char* what) {
  implementation impl{name, what, gelu_kernels<float, static_api, P>(),
                      gelu_kernels<double, static_api, P>()};
  impl.bf16 = gelu_kernels<gelu::bfloat16, static_api, P>();
  impl.f16 = gelu_kernels<gelu::float16, static_api, P>();
  return impl;
}

const registrar add_fast{tier<gelu::accuracy::fast>(
    "gelu", "gelu " GELU_VERSION_STRING
            " (this library), fast tier (the default): float lanes, erfc form, x*sigma(z), "
            "derivatives through their zero; bf16/fp16 computed in float, rounded once")};
const registrar add_precise{tier<gelu::accuracy::precise>(
    "gelu_precise", "gelu " GELU_VERSION_STRING
                    " (this library), precise tier: float through double, double through "
                    "double-double steps; bf16/fp16 computed in float, rounded once")};
#else
// The fast tier of a -march=native unit in the same program (gelu's ISA namespaces keep its
// code apart from the other units'): what gelu::dispatch is measured against.
const registrar add_native{{"gelu_native",
                            "gelu " GELU_VERSION_STRING
                            " (this library), fast tier, static, from a unit compiled with "
                            "-march=native in the same program",
                            gelu_kernels<float, static_api>(), gelu_kernels<double, static_api>()}};
#endif

}  // namespace
}  // namespace gelu_bench
