// Throughput of gelu's array kernels, with memcpy of the same bytes as the memory baseline.
//
// Benchmark names: <impl>/<variant>/<direction>/<type>/<n>, e.g. `gelu/exact/bwd/f32/4096`,
// and `memcpy/<type>/<n>`. variant: exact (approximate::none), tanh, sigmoid; direction: fwd
// (y = gelu(x)) or bwd (dx = dy * gelu'(x)). Filter with e.g. --benchmark_filter='/f32/'.
//
// Counters: items_per_second = elements per second; bytes_per_second = bytes read + written
// per second (fwd 2 arrays, bwd 3, memcpy 2); per_elem = seconds per element.
//
// Adding a peer (Eigen, oneDNN, ...): write a struct shaped like `gelu_impl` below, with
//   static constexpr const char* name;
//   template <class T> static bool supports(gelu::approximate, direction);
//   template <class T> static void forward(const T* x, T* y, std::size_t n, gelu::approximate);
//   template <class T> static void backward(const T* dy, const T* x, T* dx, std::size_t n,
//                                           gelu::approximate);
// then add it to the `register_impl` calls in main(), under `#if` of a macro that
// bench/CMakeLists.txt defines when the peer's find_package succeeds.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <gelu/gelu.hpp>
#include <gelu/version.hpp>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>
#include <xsimd/xsimd.hpp>

namespace {

enum class direction { forward, backward };

constexpr std::size_t kSizes[] = {4096, std::size_t{1} << 24};  // cache-resident; memory-bound
constexpr gelu::approximate kVariants[] = {gelu::approximate::none, gelu::approximate::tanh,
                                           gelu::approximate::sigmoid};
constexpr direction kDirections[] = {direction::forward, direction::backward};

const char* variant_name(gelu::approximate a) {
  switch (a) {
    case gelu::approximate::none:
      return "exact";
    case gelu::approximate::tanh:
      return "tanh";
    case gelu::approximate::sigmoid:
      return "sigmoid";
  }
  return "?";
}

const char* direction_name(direction d) { return d == direction::forward ? "fwd" : "bwd"; }

template <class T>
const char* type_name() {
  return sizeof(T) == 4 ? "f32" : "f64";
}

// Inputs: normal(0, 3), i.e. typical pre-activations, with 1 element in 32 replaced by a tail
// value uniform on [-16, 16] (float GELU underflows near -14). Fixed seeds; each (type, n,
// stream) array is made once, outside every timed loop, and shared by all benchmarks.
template <class T>
const std::vector<T>& inputs(std::size_t n, unsigned stream) {
  static std::map<std::pair<std::size_t, unsigned>, std::vector<T>> cache;
  std::vector<T>& v = cache[{n, stream}];
  if (v.size() != n) {
    std::mt19937_64 rng(0x6e1u + 7919u * stream);
    std::normal_distribution<double> typical(0.0, 3.0);
    std::uniform_real_distribution<double> tail(-16.0, 16.0);
    v.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      v[i] = static_cast<T>(rng() % 32 == 0 ? tail(rng) : typical(rng));
    }
  }
  return v;
}

void set_counters(benchmark::State& state, std::size_t n, std::size_t bytes_per_call) {
  const auto calls = static_cast<std::int64_t>(state.iterations());
  state.SetItemsProcessed(calls * static_cast<std::int64_t>(n));
  state.SetBytesProcessed(calls * static_cast<std::int64_t>(bytes_per_call));
  state.counters["per_elem"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate |
                                                     benchmark::Counter::kInvert);
}

// The baseline: copy the bytes a forward pass reads (and writes as many).
template <class T>
void bench_memcpy(benchmark::State& state, std::size_t n) {
  const std::vector<T>& x = inputs<T>(n, 0);
  std::vector<T> y(n);  // zero-filled: pages are touched before timing
  for (auto _ : state) {
    std::memcpy(y.data(), x.data(), n * sizeof(T));
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, n, 2 * n * sizeof(T));
}

template <class Impl, class T>
void bench_impl(benchmark::State& state, gelu::approximate a, direction d, std::size_t n) {
  const std::vector<T>& x = inputs<T>(n, 0);
  std::vector<T> out(n);
  if (d == direction::forward) {
    for (auto _ : state) {
      Impl::forward(x.data(), out.data(), n, a);
      benchmark::DoNotOptimize(out.data());
      benchmark::ClobberMemory();
    }
    set_counters(state, n, 2 * n * sizeof(T));
  } else {
    const std::vector<T>& dy = inputs<T>(n, 1);
    for (auto _ : state) {
      Impl::backward(dy.data(), x.data(), out.data(), n, a);
      benchmark::DoNotOptimize(out.data());
      benchmark::ClobberMemory();
    }
    set_counters(state, n, 3 * n * sizeof(T));
  }
}

// ---- implementations under test --------------------------------------------------------------

struct gelu_impl {
  static constexpr const char* name = "gelu";
  template <class T>
  static bool supports(gelu::approximate, direction) {
    return true;
  }
  template <class T>
  static void forward(const T* x, T* y, std::size_t n, gelu::approximate a) {
    gelu::forward(x, y, n, a);
  }
  template <class T>
  static void backward(const T* dy, const T* x, T* dx, std::size_t n, gelu::approximate a) {
    gelu::backward(dy, x, dx, n, a);
  }
};

// ---- registration ----------------------------------------------------------------------------

template <class T>
void register_memcpy(std::size_t n) {
  const std::string name = std::string("memcpy/") + type_name<T>() + "/" + std::to_string(n);
  benchmark::RegisterBenchmark(name.c_str(), [n](benchmark::State& s) {
    bench_memcpy<T>(s, n);
  })->Unit(benchmark::kMicrosecond);
}

template <class Impl, class T>
void register_impl(std::size_t n) {
  for (gelu::approximate a : kVariants) {
    for (direction d : kDirections) {
      if (!Impl::template supports<T>(a, d)) continue;
      const std::string name = std::string(Impl::name) + "/" + variant_name(a) + "/" +
                               direction_name(d) + "/" + type_name<T>() + "/" + std::to_string(n);
      benchmark::RegisterBenchmark(name.c_str(), [a, d, n](benchmark::State& s) {
        bench_impl<Impl, T>(s, a, d, n);
      })->Unit(benchmark::kMicrosecond);
    }
  }
}

template <class T>
void register_all(std::size_t n) {
  register_memcpy<T>(n);
  register_impl<gelu_impl, T>(n);
  // Peers go here, e.g.:
  // #if GELU_BENCH_HAVE_EIGEN
  //   register_impl<eigen_impl, T>(n);
  // #endif
}

}  // namespace

int main(int argc, char** argv) {
  for (std::size_t n : kSizes) {
    register_all<float>(n);
    register_all<double>(n);
  }
  benchmark::AddCustomContext("gelu_version", GELU_VERSION_STRING);
  benchmark::AddCustomContext("xsimd_arch", xsimd::default_arch::name());
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
