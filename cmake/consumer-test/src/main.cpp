// A consumer of gelu: links gelu::gelu (or the pkg-config flags) and checks a few values.
// Built together with other.cpp, so that a non-inline definition in a header fails to link.
#include <cmath>
#include <cstdio>
#include <gelu/gelu.hpp>
#include <gelu/version.hpp>
#include <vector>

double other_translation_unit(double x);  // other.cpp

int main() {
  const std::vector<float> x = {-2.0f, -1.0f, 0.0f, 1.0f, 2.0f};
  std::vector<float> y(x.size()), dx(x.size());
  const std::vector<float> dy(x.size(), 1.0f);
  gelu::forward(x.data(), y.data(), x.size());
  gelu::backward(dy.data(), x.data(), dx.data(), x.size());

  // GELU(1) = Phi(1) = 0.841344746..., GELU'(0) = 1/2, GELU_tanh(1) = 0.841191990...
  const bool ok = std::fabs(y[3] - 0.8413447f) < 1e-6f && y[2] == 0.0f && dx[2] == 0.5f &&
                  std::fabs(other_translation_unit(1.0) - 0.8411919906082768) < 1e-12;
  std::printf("gelu %s: GELU(1) = %.7f, GELU'(0) = %.7f: %s\n", GELU_VERSION_STRING,
              static_cast<double>(y[3]), static_cast<double>(dx[2]), ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
