# gelu::dispatch: gelu's array functions with the instruction set chosen at run time
# (include/gelu/dispatch.hpp). Included by gelu's CMakeLists.txt (add_subdirectory,
# FetchContent) and by the installed geluConfig.cmake for find_package(gelu COMPONENTS dispatch):
# in both cases the library is built from source in the project that uses it, with that
# project's compiler and flags, so the package stays header-only and architecture-independent.
#
# Targets: gelu_dispatch (STATIC, alias gelu::dispatch) = src/dispatch/dispatch.cpp (the
# dispatcher, the project's own flags) + one OBJECT library gelu_dispatch_<isa> per variant, each
# src/dispatch/kernels.cpp compiled with the variant's flags and -DGELU_DISPATCH_VARIANT=<isa>.
# All EXCLUDE_FROM_ALL: built only when something links gelu::dispatch.

# _gelu_dispatch_variants(): sets _gelu_dispatch_isas (the variants, lowest first) and
# _gelu_dispatch_flags_<isa> (each variant's compile options) in the caller's scope. The x86-64
# flags start with -march=x86-64, so that a -march in CMAKE_CXX_FLAGS (e.g. -march=native) does
# not leak into a variant: each variant is compiled for exactly its instruction set. The tests
# build their per-ISA references with the same flags.
macro(_gelu_dispatch_variants)
  set(_gelu_dispatch_gnu_like FALSE)
  if(CMAKE_CXX_COMPILER_ID MATCHES "^(GNU|Clang|AppleClang|IntelLLVM)$")
    set(_gelu_dispatch_gnu_like TRUE)
  endif()
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64|x64)$" AND _gelu_dispatch_gnu_like)
    set(_gelu_dispatch_isas sse2 avx2 avx512)
    set(_gelu_dispatch_flags_sse2 -march=x86-64)
    set(_gelu_dispatch_flags_avx2 -march=x86-64 -mavx2 -mfma)
    set(_gelu_dispatch_flags_avx512 -march=x86-64 -mavx512f -mavx512cd -mavx512bw -mavx512dq
                                     -mavx512vl -mfma)
  elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64|x64)$")
    set(_gelu_dispatch_isas sse2)  # a compiler without GCC-style -m flags: the baseline only
    set(_gelu_dispatch_flags_sse2 "")
  elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
    set(_gelu_dispatch_isas neon)
    set(_gelu_dispatch_flags_neon "")
  else()
    set(_gelu_dispatch_isas default)
    set(_gelu_dispatch_flags_default "")
  endif()
endmacro()

# _gelu_add_dispatch_library(<directory of dispatch.cpp and kernels.cpp>): defines gelu_dispatch,
# its variants and the alias gelu::dispatch (once), linked to gelu::gelu.
function(_gelu_add_dispatch_library source_dir)
  if(TARGET gelu_dispatch)
    return()
  endif()
  _gelu_dispatch_variants()
  set(_objects "")
  set(_defines "")
  foreach(_isa IN LISTS _gelu_dispatch_isas)
    add_library(gelu_dispatch_${_isa} OBJECT EXCLUDE_FROM_ALL "${source_dir}/kernels.cpp")
    target_link_libraries(gelu_dispatch_${_isa} PRIVATE gelu::gelu)
    target_compile_definitions(gelu_dispatch_${_isa} PRIVATE GELU_DISPATCH_VARIANT=${_isa})
    target_compile_options(gelu_dispatch_${_isa} PRIVATE ${_gelu_dispatch_flags_${_isa}})
    # Usable in shared libraries; the kernels' inline functions not exported from them.
    set_target_properties(gelu_dispatch_${_isa} PROPERTIES POSITION_INDEPENDENT_CODE ON
                          CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
    list(APPEND _objects $<TARGET_OBJECTS:gelu_dispatch_${_isa}>)
    list(APPEND _defines GELU_DISPATCH_HAS_${_isa}=1)
  endforeach()
  add_library(gelu_dispatch STATIC EXCLUDE_FROM_ALL "${source_dir}/dispatch.cpp" ${_objects})
  target_compile_definitions(gelu_dispatch PRIVATE ${_defines})
  target_link_libraries(gelu_dispatch PUBLIC gelu::gelu)
  set_target_properties(gelu_dispatch PROPERTIES POSITION_INDEPENDENT_CODE ON)
  add_library(gelu::dispatch ALIAS gelu_dispatch)
endfunction()
