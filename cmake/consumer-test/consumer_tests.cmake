# Consumer tests as CTest fixtures (included by the top-level CMakeLists.txt when
# GELU_CONSUMER_TESTS is ON). Each test configures, builds and runs a small program of
# cmake/consumer-test/ (it calls gelu::forward and gelu::backward from two translation units) with
# this build's compiler, generator, flags and xsimd:
#
#   consumer.install           fixture: configure this source tree as a project of its own
#                              (no tests, no benchmarks) and `cmake --install` it to a prefix
#   consumer.find_package      find_package(gelu CONFIG REQUIRED) + gelu::gelu   (needs install)
#   consumer.pkg_config        pkg_check_modules(... IMPORTED_TARGET gelu)        (needs install)
#   consumer.pkg_config_cli    c++ $(pkg-config --cflags gelu) main.cpp ...       (needs install)
#   consumer.add_subdirectory  add_subdirectory(<this source tree>)
#   consumer.fetch_content     the README's FetchContent snippet as written (GIT_TAG v<version>),
#                              its GIT_REPOSITORY replaced by a git snapshot of this work tree
#                              tagged v<version of version.hpp>: no network, and it tests the
#                              files as they are (committed or not), as a clean clone has them
#   consumer.plain_include     c++ -I<this source tree>/include main.cpp ...
#   consumer.fetch_xsimd       only with -DGELU_TEST_XSIMD_SOURCE_DIR=<xsimd source tree>: gelu and
#                              xsimd both by FetchContent, docs/integration.md's route for users
#                              without an xsimd package (FETCHCONTENT_SOURCE_DIR_XSIMD points at
#                              that tree)
#   consumer.dispatch_find_package      find_package(gelu CONFIG REQUIRED COMPONENTS dispatch) +
#                              gelu::dispatch, built in the consumer from the installed sources
#                              (needs install); the program is built with default flags and run
#                              twice: the best variant of this CPU, then capped by GELU_ARCH=sse2
#   consumer.dispatch_add_subdirectory  the same with add_subdirectory(<this source tree>)
#
# add_subdirectory and fetch_content (and dispatch_add_subdirectory) also check that gelu as a
# subproject defines no target but gelu and gelu::dispatch's (gelu_dispatch, gelu_dispatch_<isa>,
# built only when linked), adds no subdirectory (tests, benchmarks), no compile options (warning
# flags) and no cache entry outside GELU_* (see check_subproject.cmake). The consumers compile with
# -Wall -Wextra -Wconversion -Wshadow -Werror on their own code. Everything is written under
# <build>/gelu-consumers; `ctest -L consumer` runs just these.

set(_gelu_ct_dir "${CMAKE_CURRENT_LIST_DIR}")
set(_gelu_ct_root "${PROJECT_BINARY_DIR}/gelu-consumers")

# Where this build's xsimd comes from. The consumer fixtures configure projects of their own, so
# xsimd must be an installed package (found by find_package) for them to find it too.
get_target_property(_gelu_ct_xsimd_imported xsimd IMPORTED)
if(NOT _gelu_ct_xsimd_imported OR NOT xsimd_DIR)
  message(STATUS "gelu: consumer tests skipped: xsimd is not an installed package (xsimd_DIR unset)")
  return()
endif()
get_target_property(_gelu_ct_xsimd_include xsimd INTERFACE_INCLUDE_DIRECTORIES)
# The compiler's own directories (Debian's /usr/include) must not be given again as -isystem.
list(REMOVE_ITEM _gelu_ct_xsimd_include ${CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES})
get_filename_component(_gelu_ct_xsimd_pc "${xsimd_DIR}/../../pkgconfig" ABSOLUTE)

find_package(Git QUIET)
find_package(PkgConfig QUIET)
if(NOT PKG_CONFIG_FOUND)
  message(STATUS "gelu: pkg-config not found: consumer.pkg_config and consumer.pkg_config_cli skipped")
endif()

if(CMAKE_BUILD_TYPE)
  set(_gelu_ct_build_type ${CMAKE_BUILD_TYPE})
else()
  set(_gelu_ct_build_type Release)
endif()

# The settings every step of run_consumer.cmake reads (lists survive only in a file).
set(_gelu_ct_settings "${_gelu_ct_root}/settings.cmake")
file(CONFIGURE OUTPUT "${_gelu_ct_settings}" @ONLY CONTENT [=[
set(GELU_SOURCE_DIR [==[@PROJECT_SOURCE_DIR@]==])
set(CONSUMER_TESTS_DIR [==[@_gelu_ct_dir@]==])
set(ROOT [==[@_gelu_ct_root@]==])
set(GENERATOR [==[@CMAKE_GENERATOR@]==])
set(MAKE_PROGRAM [==[@CMAKE_MAKE_PROGRAM@]==])
set(CXX_COMPILER [==[@CMAKE_CXX_COMPILER@]==])
set(CXX_FLAGS [==[@CMAKE_CXX_FLAGS@]==])
set(EXE_LINKER_FLAGS [==[@CMAKE_EXE_LINKER_FLAGS@]==])
set(CXX_STANDARD [==[@_gelu_test_std@]==])
set(BUILD_TYPE [==[@_gelu_ct_build_type@]==])
set(XSIMD_DIR [==[@xsimd_DIR@]==])
set(XSIMD_INCLUDE_DIRS [==[@_gelu_ct_xsimd_include@]==])
set(XSIMD_PKGCONFIG_DIR [==[@_gelu_ct_xsimd_pc@]==])
set(XSIMD_SOURCE_DIR [==[@GELU_TEST_XSIMD_SOURCE_DIR@]==])
set(GIT_EXECUTABLE [==[@GIT_EXECUTABLE@]==])
set(PKG_CONFIG_EXECUTABLE [==[@PKG_CONFIG_EXECUTABLE@]==])
]=])

# gelu_consumer_test(<step> [<fixture property> <fixture>]): test consumer.<step>.
function(gelu_consumer_test step)
  add_test(NAME consumer.${step}
           COMMAND "${CMAKE_COMMAND}" -DSETTINGS=${_gelu_ct_settings} -DSTEP=${step}
                   -P "${_gelu_ct_dir}/run_consumer.cmake")
  # Each consumer builds with two jobs: let `ctest -j2` run one of them at a time.
  set_tests_properties(consumer.${step} PROPERTIES LABELS consumer PROCESSORS 2 TIMEOUT 900 ${ARGN})
endfunction()

gelu_consumer_test(install FIXTURES_SETUP gelu_installed)
gelu_consumer_test(find_package FIXTURES_REQUIRED gelu_installed)
if(PKG_CONFIG_FOUND)
  gelu_consumer_test(pkg_config FIXTURES_REQUIRED gelu_installed)
  gelu_consumer_test(pkg_config_cli FIXTURES_REQUIRED gelu_installed)
endif()
gelu_consumer_test(add_subdirectory)
gelu_consumer_test(fetch_content)
gelu_consumer_test(plain_include)
if(GELU_TEST_XSIMD_SOURCE_DIR)
  gelu_consumer_test(fetch_xsimd)
endif()
gelu_consumer_test(dispatch_find_package FIXTURES_REQUIRED gelu_installed)
gelu_consumer_test(dispatch_add_subdirectory)
