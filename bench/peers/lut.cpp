// A 65 536-entry table per function for the 16-bit types, indexed by the input's bits: y =
// T[bits(x)], as ggml computes fp16 GELU (ggml_table_gelu_f16). The tables hold each function
// of gelu's precise tier rounded once to the storage type (the value), and in float (the
// derivative: dx = dy * D[bits(x)] in float, rounded once). They are filled once, before any
// timing; the loops are plain scalar lookups, as ggml's.
#include <cstdint>
#include <gelu/gelu.hpp>
#include <vector>

#include "registry.hpp"

namespace gelu_bench {
namespace {

template <class S>
struct tables {
  std::vector<S> value[3];
  std::vector<float> derivative[3];
  tables() {
    fill<gelu::approximate::none>(exact);
    fill<gelu::approximate::tanh>(tanh_form);
    fill<gelu::approximate::sigmoid>(sigmoid_form);
  }
  /// Variant v's two tables from form A of the precise tier, at every bit pattern of S.
  template <gelu::approximate A>
  void fill(int v) {
    value[v].resize(65536);
    derivative[v].resize(65536);
    for (std::uint32_t b = 0; b < 65536; ++b) {
      const float x = static_cast<float>(S::from_bits(static_cast<std::uint16_t>(b)));
      value[v][b] = S(gelu::gelu<A, gelu::accuracy::precise>(x));
      derivative[v][b] = gelu::gelu_derivative<A, gelu::accuracy::precise>(x);
    }
  }
};

template <class S>
const tables<S>& the_tables() {
  static const tables<S> t;
  return t;
}

template <class S, int V>
kernel_set<S> add_form(kernel_set<S> k) {
  k.forward[V] = [](const S* x, S* y, std::size_t n) {
    const S* t = the_tables<S>().value[V].data();
    for (std::size_t i = 0; i < n; ++i) y[i] = t[x[i].bits()];
  };
  k.backward[V] = [](const S* dy, const S* x, S* dx, std::size_t n) {
    const float* d = the_tables<S>().derivative[V].data();
    for (std::size_t i = 0; i < n; ++i) dx[i] = S(static_cast<float>(dy[i]) * d[x[i].bits()]);
  };
  k.fused[V] = [](const S* x, S* y, S* dydx, std::size_t n) {
    const S* t = the_tables<S>().value[V].data();
    const float* d = the_tables<S>().derivative[V].data();
    for (std::size_t i = 0; i < n; ++i) {
      y[i] = t[x[i].bits()];
      dydx[i] = S(d[x[i].bits()]);
    }
  };
  return k;
}

template <class S>
kernel_set<S> lookups() {
  return add_form<S, sigmoid_form>(add_form<S, tanh_form>(add_form<S, exact>(kernel_set<S>{})));
}

implementation make() {
  the_tables<gelu::bfloat16>();  // filled at start-up, outside every timed loop
  the_tables<gelu::float16>();
  implementation impl{"lut",
                      "65 536-entry table per function, y = T[bits(x)] (as ggml's fp16 GELU); "
                      "bf16/fp16 only; entries from gelu's precise tier",
                      {},
                      {}};
  impl.bf16 = lookups<gelu::bfloat16>();
  impl.f16 = lookups<gelu::float16>();
  return impl;
}

const registrar add{make()};

}  // namespace
}  // namespace gelu_bench
