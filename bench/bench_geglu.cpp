// GeGLU throughput: gelu's fused geglu_forward / geglu_backward against the two-pass composition
// of gelu's own array functions and, when libtorch is found, ATen's `gelu(gate) * up` and the ops
// its autograd runs for the backward pass. Float, one thread.
//
// Benchmark names: <impl>/<form>/<direction>/f32/<n>; impl: geglu (fused, fast tier),
// geglu_precise (fused, precise tier), twopass (fast tier), twopass_precise, torch,
// torch_autograd; direction: fwd, bwd, fwdbwd (torch_autograd: forward and backward through
// autograd in one timed step). Inputs: gate, up and dy normal(0, 3) (fixed seeds). Counters as
// bench_gelu.cpp's (items_per_second = elements per second).
//   twopass fwd: gelu::forward(gate -> g), then y = g * up.
//   twopass bwd: gelu::forward_and_derivative(gate -> g, g'), then dgate = dy * up * g' and
//     dup = dy * g in one multiply loop (the best two-pass composition of gelu's API).
//   torch fwd:   at::gelu(gate) then at::mul_out(y, g, up).
//   torch bwd:   what autograd runs for y = gelu(gate) * up, without the graph:
//     dup = dy * gelu(gate) (the saved forward result, recomputed here: autograd saves it),
//     at::gelu_backward_out(dgate, dy * up, gate).
//   torch_autograd fwdbwd: y = at::gelu(gate) * up on tensors that require grad, y.backward(dy).
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <gelu/gelu.hpp>
#include <random>
#include <string>
#include <vector>

#if GELU_BENCH_HAS_TORCH
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#endif

namespace {

using gelu::accuracy;
using gelu::approximate;

struct arrays {
  std::vector<float> gate, up, dy, y, dgate, dup, g, d;
  explicit arrays(std::size_t n) : gate(n), up(n), dy(n), y(n), dgate(n), dup(n), g(n), d(n) {
    std::mt19937_64 rng(0x6e1u);
    std::normal_distribution<float> dist(0.0f, 3.0f);
    for (std::size_t i = 0; i < n; ++i) {
      gate[i] = dist(rng);
      up[i] = dist(rng);
      dy[i] = dist(rng);
    }
  }
};

arrays& data(std::size_t n) {
  static std::vector<std::pair<std::size_t, arrays*>> cache;
  for (auto& c : cache)
    if (c.first == n) return *c.second;
  cache.emplace_back(n, new arrays(n));
  return *cache.back().second;
}

void finish(benchmark::State& state, std::size_t n) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(n));
}

template <approximate A, accuracy P>
void fused_fwd(benchmark::State& state, std::size_t n) {
  arrays& a = data(n);
  for (auto _ : state) {
    gelu::geglu_forward(a.gate.data(), a.up.data(), a.y.data(), n, A, P);
    benchmark::ClobberMemory();
  }
  finish(state, n);
}
template <approximate A, accuracy P>
void fused_bwd(benchmark::State& state, std::size_t n) {
  arrays& a = data(n);
  for (auto _ : state) {
    gelu::geglu_backward(a.dy.data(), a.gate.data(), a.up.data(), a.dgate.data(), a.dup.data(), n,
                         A, P);
    benchmark::ClobberMemory();
  }
  finish(state, n);
}
template <approximate A, accuracy P>
void twopass_fwd(benchmark::State& state, std::size_t n) {
  arrays& a = data(n);
  for (auto _ : state) {
    gelu::forward(a.gate.data(), a.g.data(), n, A, P);
    float* y = a.y.data();
    const float *g = a.g.data(), *u = a.up.data();
    for (std::size_t i = 0; i < n; ++i) y[i] = g[i] * u[i];
    benchmark::ClobberMemory();
  }
  finish(state, n);
}
template <approximate A, accuracy P>
void twopass_bwd(benchmark::State& state, std::size_t n) {
  arrays& a = data(n);
  for (auto _ : state) {
    gelu::forward_and_derivative(a.gate.data(), a.g.data(), a.d.data(), n, A, P);
    float *dg = a.dgate.data(), *du = a.dup.data();
    const float *g = a.g.data(), *d = a.d.data(), *u = a.up.data(), *dy = a.dy.data();
    for (std::size_t i = 0; i < n; ++i) {
      dg[i] = (dy[i] * u[i]) * d[i];
      du[i] = dy[i] * g[i];
    }
    benchmark::ClobberMemory();
  }
  finish(state, n);
}

#if GELU_BENCH_HAS_TORCH
at::Tensor wrap(std::vector<float>& v) {
  return at::from_blob(v.data(), {static_cast<int64_t>(v.size())},
                       at::TensorOptions().dtype(at::kFloat));
}
void torch_fwd(benchmark::State& state, std::size_t n, const char* form) {
  arrays& a = data(n);
  at::Tensor gate = wrap(a.gate), up = wrap(a.up), y = wrap(a.y);
  for (auto _ : state) {
    at::mul_out(y, at::gelu(gate, form), up);
    benchmark::ClobberMemory();
  }
  finish(state, n);
}
void torch_bwd(benchmark::State& state, std::size_t n, const char* form) {
  arrays& a = data(n);
  at::Tensor gate = wrap(a.gate), up = wrap(a.up), dy = wrap(a.dy), dgate = wrap(a.dgate),
             dup = wrap(a.dup);
  at::Tensor saved = at::gelu(gate, form);  // autograd keeps the forward result
  for (auto _ : state) {
    at::mul_out(dup, dy, saved);
    at::gelu_backward_out(dgate, dy * up, gate, form);
    benchmark::ClobberMemory();
  }
  finish(state, n);
}
/// Forward and backward through autograd: y = gelu(gate) * up, y.backward(dy), the gradients
/// left in gate.grad() and up.grad() (reset before each iteration, so none accumulates).
void torch_autograd(benchmark::State& state, std::size_t n, const char* form) {
  arrays& a = data(n);
  at::Tensor gate = wrap(a.gate).set_requires_grad(true), up = wrap(a.up).set_requires_grad(true),
             dy = wrap(a.dy);
  for (auto _ : state) {
    gate.mutable_grad() = at::Tensor();
    up.mutable_grad() = at::Tensor();
    at::Tensor y = at::gelu(gate, form) * up;
    y.backward(dy);
    benchmark::DoNotOptimize(gate.grad().data_ptr());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}
#endif

template <class F>
void add(const std::string& name, F f, std::size_t n) {
  benchmark::RegisterBenchmark((name + "/f32/" + std::to_string(n)).c_str(),
                               [f, n](benchmark::State& s) { f(s, n); })
      ->Unit(benchmark::kMicrosecond);
}

}  // namespace

int main(int argc, char** argv) {
#if GELU_BENCH_HAS_TORCH
  at::set_num_threads(1);
#endif
  constexpr approximate none = approximate::none, tanh = approximate::tanh;
  constexpr accuracy fast = accuracy::fast, precise = accuracy::precise;
  for (std::size_t n : {std::size_t{4096}, std::size_t{1} << 24}) {
    add("geglu/exact/fwd", fused_fwd<none, fast>, n);
    add("twopass/exact/fwd", twopass_fwd<none, fast>, n);
    add("geglu_precise/exact/fwd", fused_fwd<none, precise>, n);
    add("twopass_precise/exact/fwd", twopass_fwd<none, precise>, n);
    add("geglu/tanh/fwd", fused_fwd<tanh, fast>, n);
    add("twopass/tanh/fwd", twopass_fwd<tanh, fast>, n);
    add("geglu/exact/bwd", fused_bwd<none, fast>, n);
    add("twopass/exact/bwd", twopass_bwd<none, fast>, n);
    add("geglu_precise/exact/bwd", fused_bwd<none, precise>, n);
    add("twopass_precise/exact/bwd", twopass_bwd<none, precise>, n);
    add("geglu/tanh/bwd", fused_bwd<tanh, fast>, n);
    add("twopass/tanh/bwd", twopass_bwd<tanh, fast>, n);
#if GELU_BENCH_HAS_TORCH
    add(
        "torch/exact/fwd", [](benchmark::State& s, std::size_t m) { torch_fwd(s, m, "none"); }, n);
    add(
        "torch/tanh/fwd", [](benchmark::State& s, std::size_t m) { torch_fwd(s, m, "tanh"); }, n);
    add(
        "torch/exact/bwd", [](benchmark::State& s, std::size_t m) { torch_bwd(s, m, "none"); }, n);
    add(
        "torch/tanh/bwd", [](benchmark::State& s, std::size_t m) { torch_bwd(s, m, "tanh"); }, n);
    add(
        "torch_autograd/exact/fwdbwd",
        [](benchmark::State& s, std::size_t m) { torch_autograd(s, m, "none"); }, n);
    add(
        "torch_autograd/tanh/fwdbwd",
        [](benchmark::State& s, std::size_t m) { torch_autograd(s, m, "tanh"); }, n);
#endif
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
