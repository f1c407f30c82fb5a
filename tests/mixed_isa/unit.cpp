// One translation unit of the mixed-ISA test (check.sh): compiled once per instruction set with
// -DGELU_UNIT=<name>, it runs every array function of gelu on fixed inputs and reports the
// results' bits and the ISA namespace it was compiled in. With -DGELU_STANDALONE it is its own
// program (the reference: what a build for that ISA alone computes).
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <gelu/gelu.hpp>
#include <string>

#define UNIT_CAT_(a, b) a##b
#define UNIT_CAT(a, b) UNIT_CAT_(a, b)
#define GELU_UNIT_FUNCTION UNIT_CAT(unit_, GELU_UNIT)
#ifndef GELU_ISA_NAMESPACE_STRING  // a gelu without ISA namespaces (the test must then fail)
#define GELU_ISA_NAMESPACE_STRING "none"
#endif

/// The results of the array functions (float, double, bfloat16; GeGLU; three forms) as hex
/// text, after the name of the ISA namespace.
std::string GELU_UNIT_FUNCTION() {
  std::string out = GELU_ISA_NAMESPACE_STRING;
  out += '\n';
  constexpr std::size_t n = 203;  // full batches of every width and a tail
  float xf[n], yf[n], df[n], gf[n];
  gelu::bfloat16 xb[n], yb[n];
  double xd[n], yd[n], dd[n];
  for (std::size_t i = 0; i < n; ++i) {
    xf[i] = -16.0f + 0.13f * static_cast<float>(i);
    xd[i] = -40.0 + 0.37 * static_cast<double>(i);
    xb[i] = gelu::bfloat16(xf[i]);
  }
  char buf[64];
  for (gelu::approximate a :
       {gelu::approximate::none, gelu::approximate::tanh, gelu::approximate::sigmoid}) {
    gelu::forward(xf, yf, n, a);
    gelu::backward(xf, xf, df, n, a);
    gelu::geglu_forward(xf, df, gf, n, a);
    gelu::forward(xb, yb, n, a);
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t u[3];
      std::memcpy(&u[0], &yf[i], 4);
      std::memcpy(&u[1], &df[i], 4);
      std::memcpy(&u[2], &gf[i], 4);
      std::snprintf(buf, sizeof buf, "%08x %08x %08x %04x\n", u[0], u[1], u[2],
                    static_cast<unsigned>(yb[i].bits()));
      out += buf;
    }
    gelu::forward_and_derivative(xd, yd, dd, n, a);
    for (std::size_t i = 0; i < n; ++i) {
      std::uint64_t u[2];
      std::memcpy(&u[0], &yd[i], 8);
      std::memcpy(&u[1], &dd[i], 8);
      std::snprintf(buf, sizeof buf, "%016llx %016llx\n", static_cast<unsigned long long>(u[0]),
                    static_cast<unsigned long long>(u[1]));
      out += buf;
    }
  }
  return out;
}

#ifdef GELU_STANDALONE
int main() {
  std::fputs(GELU_UNIT_FUNCTION().c_str(), stdout);
  return 0;
}
#endif
