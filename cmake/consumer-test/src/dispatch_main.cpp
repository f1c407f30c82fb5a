// A consumer of gelu::dispatch, built with the compiler's default flags: checks that
// active_isa() is the variant expected on this CPU (argv[1], else the best one this CPU runs,
// found with the compiler's CPU builtins), that the dispatched results are GELU's, and, when the
// variant in use is the one this program is itself compiled for, that they are the bits of the
// static header API. Built with dispatch_other.cpp (a second unit including the headers).
#include <cmath>
#include <cstdio>
#include <cstring>
#include <gelu/dispatch.hpp>
#include <gelu/gelu.hpp>
#include <string>
#include <vector>

float other_translation_unit(float x);  // dispatch_other.cpp

namespace {
std::string best_isa() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512vl"))
    return "avx512";
  return avx2 ? "avx2" : "sse2";
#elif defined(__aarch64__)
  return "neon";
#else
  return "default";
#endif
}
}  // namespace

int main(int argc, char** argv) {
  const std::string expected = argc > 1 ? argv[1] : best_isa();
  const std::string active = gelu::dispatch::active_isa();

  const std::vector<float> x = {-2.0f, -1.0f, 0.0f, 1.0f, 2.0f};
  std::vector<float> y(x.size()), dx(x.size()), y_static(x.size());
  const std::vector<float> dy(x.size(), 1.0f);
  gelu::dispatch::forward(x.data(), y.data(), x.size());
  gelu::dispatch::backward(dy.data(), x.data(), dx.data(), x.size());
  gelu::forward(x.data(), y_static.data(), x.size());
  bool ok = active == expected && std::fabs(y[3] - 0.8413447f) < 1e-6f && y[2] == 0.0f &&
            dx[2] == 0.5f && std::fabs(other_translation_unit(1.0f) - 0.8411920f) < 1e-6f;
  // The sse2 variant is what this program's own default-flags (x86-64) build of gelu.hpp runs.
  const bool same_isa = std::strcmp(GELU_ISA_NAMESPACE_STRING, "isa_sse2") == 0 && active == "sse2";
  if (same_isa) ok = ok && std::memcmp(y.data(), y_static.data(), y.size() * sizeof(float)) == 0;
  std::printf("gelu::dispatch runs %s (expected %s)%s: GELU(1) = %.7f, GELU'(0) = %.7f: %s\n",
              active.c_str(), expected.c_str(),
              same_isa ? ", the bits of this program's own static build" : "",
              static_cast<double>(y[3]), static_cast<double>(dx[2]), ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
