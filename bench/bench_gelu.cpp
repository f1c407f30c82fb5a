// Throughput of gelu's array kernels and of every peer found at configure time, in one process
// and run, with memcpy of the same bytes as the memory baseline.
//
// Benchmark names: <impl>/<variant>/<direction>/<type>/<set>/<n> (type: f32, f64, bf16, f16), e.g.
// `gelu/exact/bwd/f32/wide/4096`, `onednn/tanh/fwd/f32/n01/262144`, and `memcpy/<type>/<n>`
// (memcpy does not depend on the values: once per type and n). impl: gelu, libm, xsimd, eigen,
// sleef, onednn, torch (peers/*.cpp; see peers/registry.hpp); variant: exact, tanh, sigmoid;
// direction: fwd (y = gelu(x)), bwd (dx = dy * gelu'(x)), fused (y and gelu'(x) in one pass,
// gelu only); set: the input set, wide, n01, uniform, heavy or narrow (see inputs() below).
// Filter with e.g. --benchmark_filter='/f32/n01/4096$' or '/f32/.*/4096$' (every set).
//
// Counters: items_per_second = elements per second; bytes_per_second = bytes read + written
// per second (fwd 2 arrays, bwd and fused 3, memcpy 2); per_elem = seconds per element.
// tools/bench_report.py turns the JSON output into the comparison tables and the plots.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <gelu/gelu.hpp>
#include <gelu/version.hpp>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>
#include <xsimd/xsimd.hpp>

#include "peers/registry.hpp"

namespace {

using gelu_bench::implementation;
using gelu_bench::kernel_set;

enum class direction { forward, backward, fused };

const char* direction_name(direction d) {
  return d == direction::forward ? "fwd" : d == direction::backward ? "bwd" : "fused";
}

template <class T>
const char* type_name() {
  if constexpr (std::is_same<T, gelu::bfloat16>::value) return "bf16";
  if constexpr (std::is_same<T, gelu::float16>::value) return "f16";
  return sizeof(T) == 4 ? "f32" : "f64";
}

/// v as a T (bfloat16 and float16 from float: their conversions are explicit).
template <class T>
T make(double v) {
  if constexpr (sizeof(T) == 2)
    return T(static_cast<float>(v));
  else
    return static_cast<T>(v);
}

// Every array starts on a 64-byte boundary (a cache line, an AVX-512 register), as a tensor
// library's would: `storage` holds n + 64 bytes and aligned() skips to the boundary.
constexpr std::size_t kAlign = 64;
template <class T>
T* aligned(std::vector<T>& storage) {
  const auto a = reinterpret_cast<std::uintptr_t>(storage.data());
  return storage.data() + ((kAlign - a % kAlign) % kAlign) / sizeof(T);
}

// Input sets, the <set> in the benchmark names; every kernel runs on each (kSizes: at which n).
//   wide:    normal(0, 3), i.e. typical pre-activations, with 1 element in 32 replaced by a tail
//            value uniform on [-16, 16] (float GELU underflows near -14);
//   n01:     the standard normal N(0, 1), no tails;
//   uniform: uniform on [-8, 8] (half of it beyond -3, where GELU needs exp);
//   heavy:   1.5 t(3), Student's t with 3 degrees of freedom: outliers, no fixed range;
//   narrow:  normal(0, 0.5), as after a normalisation with a small gain.
// The last three run at 4 K only: they check that a speed holds on distributions the two main
// sets do not show. x and, for bwd, dy both come from the set (streams 0 and 1). Fixed seeds,
// independent of n: every n gets the first n values of the same sequence. Each (set, type, n,
// stream) array is made once, outside every timed loop, and shared by all implementations.
enum class input_set { wide, n01, uniform, heavy, narrow };

/// Each set's name (in the benchmark names) and description (in the JSON context), in the
/// enumerators' order.
struct set_text {
  const char* name;
  const char* description;
};
constexpr set_text kSetText[] = {
    {"wide", "normal(0, 3) with 1 element in 32 replaced by uniform on [-16, 16]"},
    {"n01", "standard normal N(0, 1)"},
    {"uniform", "uniform on [-8, 8]"},
    {"heavy", "1.5 t(3) (Student's t, 3 degrees of freedom)"},
    {"narrow", "normal(0, 0.5)"}};

const char* set_name(input_set s) { return kSetText[static_cast<int>(s)].name; }
const char* set_description(input_set s) { return kSetText[static_cast<int>(s)].description; }

/// The next value of set s from rng.
double draw(input_set s, std::mt19937_64& rng) {
  switch (s) {
    case input_set::wide: {
      std::normal_distribution<double> typical(0.0, 3.0);
      std::uniform_real_distribution<double> tail(-16.0, 16.0);
      return rng() % 32 == 0 ? tail(rng) : typical(rng);
    }
    case input_set::n01:
      return std::normal_distribution<double>(0.0, 1.0)(rng);
    case input_set::uniform:
      return std::uniform_real_distribution<double>(-8.0, 8.0)(rng);
    case input_set::heavy:
      return 1.5 * std::student_t_distribution<double>(3.0)(rng);
    default:
      return std::normal_distribution<double>(0.0, 0.5)(rng);
  }
}

template <class T>
const T* inputs(input_set set, std::size_t n, unsigned stream) {
  static std::map<std::tuple<input_set, std::size_t, unsigned>, std::vector<T>> cache;
  std::vector<T>& v = cache[{set, n, stream}];
  if (v.empty()) {
    v.resize(n + kAlign / sizeof(T));
    T* x = aligned(v);
    // wide and n01 keep the seeds of the runs on record (docs/performance.md)
    const std::uint64_t seed = set == input_set::wide  ? 0x6e1u
                               : set == input_set::n01 ? 0x4e01u
                                                       : 0x5e7u + static_cast<unsigned>(set);
    std::mt19937_64 rng(seed + 7919u * stream);
    for (std::size_t i = 0; i < n; ++i) x[i] = make<T>(draw(set, rng));
  }
  return aligned(v);
}

constexpr input_set kSets[] = {input_set::wide, input_set::n01, input_set::uniform,
                               input_set::heavy, input_set::narrow};

// The sizes (in L1/L2; in L2/L3; in memory) and the input sets each runs on: every set at 4 K;
// 256 K on wide only, to keep the default run short; the values' effect shows at 4 K (in
// cache) and 16 M (memory), where wide and n01 run.
struct bench_size {
  std::size_t n;
  bool all_sets, n01;
};
constexpr bench_size kSizes[] = {
    {4096, true, true}, {std::size_t{1} << 18, false, false}, {std::size_t{1} << 24, false, true}};

bool runs_on(const bench_size& size, input_set set) {
  return set == input_set::wide || size.all_sets || (set == input_set::n01 && size.n01);
}

// Output arrays: two per type, as large as the largest n so far, zero-filled once (their pages
// touched before any timing). Allocating 2 x 128 MB afresh in every run of a 16 M benchmark
// took longer than the benchmark itself (page faults).
template <class T>
T* output(std::size_t n, int which) {
  static std::vector<T> buf[2];
  if (buf[which].size() < n + kAlign / sizeof(T))
    buf[which].assign(n + kAlign / sizeof(T), make<T>(0));
  return aligned(buf[which]);
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
  const T* x = inputs<T>(input_set::wide, n, 0);
  T* y = output<T>(n, 0);
  for (auto _ : state) {
    std::memcpy(y, x, n * sizeof(T));
    benchmark::DoNotOptimize(y);
    benchmark::ClobberMemory();
  }
  set_counters(state, n, 2 * n * sizeof(T));
}

template <class T>
void bench_kernel(benchmark::State& state, const kernel_set<T>& k, int v, direction d,
                  input_set set, std::size_t n) {
  const T* x = inputs<T>(set, n, 0);
  T* out = output<T>(n, 0);
  T* out2 = output<T>(n, 1);
  if (d == direction::forward) {
    for (auto _ : state) {
      k.forward[v](x, out, n);
      benchmark::DoNotOptimize(out);
      benchmark::ClobberMemory();
    }
    set_counters(state, n, 2 * n * sizeof(T));
  } else if (d == direction::backward) {
    const T* dy = inputs<T>(set, n, 1);
    for (auto _ : state) {
      k.backward[v](dy, x, out, n);
      benchmark::DoNotOptimize(out);
      benchmark::ClobberMemory();
    }
    set_counters(state, n, 3 * n * sizeof(T));
  } else {
    for (auto _ : state) {
      k.fused[v](x, out, out2, n);
      benchmark::DoNotOptimize(out);
      benchmark::DoNotOptimize(out2);
      benchmark::ClobberMemory();
    }
    set_counters(state, n, 3 * n * sizeof(T));
  }
}

// ---- registration ----------------------------------------------------------------------------

template <class T>
void register_memcpy(std::size_t n) {
  const std::string name = std::string("memcpy/") + type_name<T>() + "/" + std::to_string(n);
  benchmark::RegisterBenchmark(name.c_str(), [n](benchmark::State& s) {
    bench_memcpy<T>(s, n);
  })->Unit(benchmark::kMicrosecond);
}

template <class T>
void register_impl(const implementation& impl, const bench_size& size) {
  const kernel_set<T>& k = gelu_bench::kernels_of<T>(impl);
  const std::size_t n = size.n;
  for (int v = 0; v < 3; ++v) {
    for (direction d : {direction::forward, direction::backward, direction::fused}) {
      bool has = d == direction::forward    ? k.forward[v] != nullptr
                 : d == direction::backward ? k.backward[v] != nullptr
                                            : k.fused[v] != nullptr;
      if (!has) continue;
      for (input_set set : kSets) {  // the sets side by side, run one after the other
        if (!runs_on(size, set)) continue;
        const std::string name = impl.name + "/" + gelu_bench::variant_names[v] + "/" +
                                 direction_name(d) + "/" + type_name<T>() + "/" + set_name(set) +
                                 "/" + std::to_string(n);
        auto prepare = impl.prepare;
        benchmark::RegisterBenchmark(name.c_str(), [&k, v, d, set, n,
                                                    prepare](benchmark::State& s) {
          if (prepare) prepare(n);  // outside the timed loop
          bench_kernel<T>(s, k, v, d, set, n);
        })->Unit(benchmark::kMicrosecond);
      }
    }
  }
}

template <class T>
void register_all(const bench_size& size) {
  register_memcpy<T>(size.n);  // once: memcpy does not depend on the values
  for (const implementation& impl : gelu_bench::registry()) register_impl<T>(impl, size);
}

/// "model name" of /proc/cpuinfo (Linux), else empty.
std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
    }
  }
  return {};
}

std::string compiler() {
#if defined(__clang__)
  return std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
  return std::string("g++ ") + __VERSION__;
#else
  return "unknown";
#endif
}

}  // namespace

int main(int argc, char** argv) {
  for (const bench_size& size : kSizes) {
    register_all<float>(size);
    register_all<double>(size);
    register_all<gelu::bfloat16>(size);
    register_all<gelu::float16>(size);
  }
  benchmark::AddCustomContext("gelu_version", GELU_VERSION_STRING);
  benchmark::AddCustomContext("xsimd_arch", xsimd::default_arch::name());
  benchmark::AddCustomContext("cpu_model", cpu_model());
  benchmark::AddCustomContext("compiler", compiler());
  benchmark::AddCustomContext("flags", GELU_BENCH_FLAGS_STRING);
  for (input_set set : kSets)
    benchmark::AddCustomContext(std::string("inputs_") + set_name(set), set_description(set));
  for (const implementation& impl : gelu_bench::registry())
    benchmark::AddCustomContext("impl_" + impl.name, impl.what);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
