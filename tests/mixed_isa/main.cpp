// The mixed-ISA program (check.sh): the units built for each set of flags, linked together; each
// prints what it computed into its own file, for the units this CPU runs.
#include <cstdio>
#include <string>

std::string unit_sse2();
std::string unit_sse4_2();
std::string unit_avx2();
std::string unit_avx2_nofma();
std::string unit_avx512f_nofma();
std::string unit_native();

namespace {
void write(const std::string& dir, const char* name, const std::string& s) {
  std::FILE* f = std::fopen((dir + "/mixed_" + name + ".txt").c_str(), "w");
  if (!f) return;
  std::fputs(s.c_str(), f);
  std::fclose(f);
}
}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : ".";
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2");
  write(dir, "sse2", unit_sse2());
  if (__builtin_cpu_supports("sse4.2")) write(dir, "sse4_2", unit_sse4_2());
  if (avx2 && __builtin_cpu_supports("fma")) write(dir, "avx2", unit_avx2());
  if (avx2) write(dir, "avx2_nofma", unit_avx2_nofma());
  if (__builtin_cpu_supports("avx512f")) write(dir, "avx512f_nofma", unit_avx512f_nofma());
  write(dir, "native", unit_native());  // this CPU's own flags
  return 0;
}
