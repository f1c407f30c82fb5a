// The mixed-ISA program (check.sh): the units built for sse2, avx2 + fma and -march=native,
// linked together; each prints what it computed into its own file, for the ISAs this CPU has.
#include <cstdio>
#include <string>

std::string unit_sse2();
std::string unit_avx2();
std::string unit_native();

namespace {
void write(const char* path, const std::string& s) {
  std::FILE* f = std::fopen(path, "w");
  if (!f) return;
  std::fputs(s.c_str(), f);
  std::fclose(f);
}
}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : ".";
  write((dir + "/mixed_sse2.txt").c_str(), unit_sse2());
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    write((dir + "/mixed_avx2.txt").c_str(), unit_avx2());
  write((dir + "/mixed_native.txt").c_str(), unit_native());  // this CPU's own flags
  return 0;
}
