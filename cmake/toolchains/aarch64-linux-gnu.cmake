# Cross build for AArch64 (NEON) on a Debian x86-64 host, run under qemu-user:
#   apt-get install g++-aarch64-linux-gnu qemu-user
#   dpkg --add-architecture arm64 && apt-get update && apt-get install libmpfr-dev:arm64 libgmp-dev:arm64
#   cmake -S . -B build/aarch64 --toolchain cmake/toolchains/aarch64-linux-gnu.cmake
# The test executables are linked statically, so qemu-aarch64 needs no AArch64 library paths;
# ctest runs them through CMAKE_CROSSCOMPILING_EMULATOR. The header-only dependencies (xsimd,
# Catch2) are the host's packages: their headers and CMake files are the same on every
# architecture.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64)
set(CMAKE_EXE_LINKER_FLAGS_INIT -static)
# static MPFR and GMP for the tests (the platform module resets CMAKE_FIND_LIBRARY_SUFFIXES)
set(GELU_MPFR_LIBRARY /usr/lib/aarch64-linux-gnu/libmpfr.a CACHE FILEPATH "")
set(GELU_GMP_LIBRARY /usr/lib/aarch64-linux-gnu/libgmp.a CACHE FILEPATH "")
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# Programs from the host; libraries of the target; headers and CMake packages from both (the
# multiarch libraries are in /usr/lib/aarch64-linux-gnu).
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu /usr)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
list(APPEND CMAKE_PREFIX_PATH /usr/lib/x86_64-linux-gnu/cmake)
