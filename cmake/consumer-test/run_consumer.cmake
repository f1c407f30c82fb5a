# One consumer test step (see consumer_tests.cmake):
#   cmake -DSETTINGS=<build>/gelu-consumers/settings.cmake -DSTEP=<step> -P run_consumer.cmake
# Steps: install, find_package, pkg_config, pkg_config_cli, add_subdirectory, fetch_content,
# plain_include, fetch_xsimd, dispatch_find_package, dispatch_add_subdirectory. Each starts from
# an empty directory <ROOT>/<step>.
cmake_minimum_required(VERSION 3.18)
if(NOT SETTINGS OR NOT STEP)
  message(FATAL_ERROR "usage: cmake -DSETTINGS=<settings.cmake> -DSTEP=<step> -P run_consumer.cmake")
endif()
include("${SETTINGS}")

set(prefix "${ROOT}/prefix")  # written by the install step, read by the steps that need it
set(work "${ROOT}/${STEP}")
file(REMOVE_RECURSE "${work}")
file(MAKE_DIRECTORY "${work}")

# run(<command>...): runs it, echoes it, fails the test if it fails.
function(run)
  string(REPLACE ";" " " _shown "${ARGN}")
  message(STATUS "$ ${_shown}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "failed (${_rc}): ${_shown}")
  endif()
endfunction()

# The compiler, generator, flags and xsimd of the build that registered the tests.
set(common_args -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
                "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}" "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
                "-DCMAKE_EXE_LINKER_FLAGS=${EXE_LINKER_FLAGS}" "-Dxsimd_DIR=${XSIMD_DIR}")
if(MAKE_PROGRAM)
  list(APPEND common_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()

# consumer(<project dir under cmake/consumer-test> <cmake -D args>...): configure, build, run.
function(consumer name)
  run("${CMAKE_COMMAND}" -S "${CONSUMER_TESTS_DIR}/${name}" -B "${work}/build" ${common_args}
      "-DCMAKE_CXX_STANDARD=${CXX_STANDARD}" -DCONSUMER_WERROR=ON ${ARGN})
  run("${CMAKE_COMMAND}" --build "${work}/build" --parallel 2)
  run("${work}/build/consumer")
endfunction()

# dispatch_consumer(<project dir> <cmake -D args>...): configure and build a gelu::dispatch
# consumer, run consumer (gelu::gelu) and consumer_dispatch: without GELU_ARCH it must run the best
# variant this CPU has (the program finds it itself), with GELU_ARCH=sse2 the sse2 variant
# (x86-64; elsewhere the cap names no variant and is ignored).
function(dispatch_consumer name)
  run("${CMAKE_COMMAND}" -S "${CONSUMER_TESTS_DIR}/${name}" -B "${work}/build" ${common_args}
      "-DCMAKE_CXX_STANDARD=${CXX_STANDARD}" -DCONSUMER_WERROR=ON ${ARGN})
  run("${CMAKE_COMMAND}" --build "${work}/build" --parallel 2)
  run("${work}/build/consumer")
  run("${CMAKE_COMMAND}" -E env --unset=GELU_ARCH "${work}/build/consumer_dispatch")
  cmake_host_system_information(RESULT processor QUERY OS_PLATFORM)  # no project() in -P mode
  if(processor MATCHES "^(x86_64|AMD64|amd64)$")
    run("${CMAKE_COMMAND}" -E env GELU_ARCH=sse2 "${work}/build/consumer_dispatch" sse2)
  else()
    run("${CMAKE_COMMAND}" -E env GELU_ARCH=sse2 "${work}/build/consumer_dispatch")
  endif()
endfunction()

# compile_and_run(<compiler args>...): the consumer sources on one command line, then run it.
function(compile_and_run)
  separate_arguments(_flags UNIX_COMMAND "${CXX_FLAGS} ${EXE_LINKER_FLAGS}")
  run("${CXX_COMPILER}" -std=c++${CXX_STANDARD} -Wall -Wextra -Wconversion -Wshadow -Werror ${_flags}
      ${ARGN} "${CONSUMER_TESTS_DIR}/src/main.cpp" "${CONSUMER_TESTS_DIR}/src/other.cpp"
      -o "${work}/consumer")
  run("${work}/consumer")
endfunction()

if(STEP STREQUAL "install")
  # gelu as a project of its own, installed to a prefix other than the configured one (so the
  # package and gelu.pc must be relocatable).
  file(REMOVE_RECURSE "${prefix}")
  run("${CMAKE_COMMAND}" -S "${GELU_SOURCE_DIR}" -B "${work}/build" ${common_args}
      -DGELU_INSTALL=ON -DGELU_BUILD_TESTS=OFF -DGELU_BUILD_BENCHMARKS=OFF
      -DGELU_CONSUMER_TESTS=OFF "-DCMAKE_INSTALL_PREFIX=${work}/not-here")
  run("${CMAKE_COMMAND}" --build "${work}/build")
  run("${CMAKE_COMMAND}" --install "${work}/build" --prefix "${prefix}")
  foreach(f include/gelu/gelu.hpp include/gelu/version.hpp share/cmake/gelu/geluConfig.cmake
            share/cmake/gelu/geluConfigVersion.cmake share/pkgconfig/gelu.pc)
    if(NOT EXISTS "${prefix}/${f}")
      message(FATAL_ERROR "not installed: ${prefix}/${f}")
    endif()
  endforeach()
  if(EXISTS "${work}/not-here")
    message(FATAL_ERROR "the build wrote to the configured prefix ${work}/not-here")
  endif()

elseif(STEP STREQUAL "find_package")
  consumer(find_package "-DCMAKE_PREFIX_PATH=${prefix}")

elseif(STEP STREQUAL "pkg_config")
  # gelu.pc through CMAKE_PREFIX_PATH (<prefix>/share/pkgconfig), xsimd.pc through
  # PKG_CONFIG_PATH, as a user with xsimd from a package would have them.
  set(ENV{PKG_CONFIG_PATH} "${XSIMD_PKGCONFIG_DIR}")
  consumer(pkg_config "-DCMAKE_PREFIX_PATH=${prefix}" "-DPKG_CONFIG_EXECUTABLE=${PKG_CONFIG_EXECUTABLE}")

elseif(STEP STREQUAL "pkg_config_cli")
  set(ENV{PKG_CONFIG_PATH} "${prefix}/share/pkgconfig:${XSIMD_PKGCONFIG_DIR}")
  message(STATUS "$ PKG_CONFIG_PATH=$ENV{PKG_CONFIG_PATH} pkg-config --cflags gelu")
  execute_process(COMMAND "${PKG_CONFIG_EXECUTABLE}" --cflags gelu RESULT_VARIABLE rc
                  OUTPUT_VARIABLE cflags OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config --cflags gelu failed (${rc})")
  endif()
  separate_arguments(cflags UNIX_COMMAND "${cflags}")
  set(found FALSE)  # gelu.pc is relocatable: its -I is <prefix>/share/pkgconfig/../../include
  foreach(f IN LISTS cflags)
    if(f MATCHES "^-I(.*)")
      file(REAL_PATH "${CMAKE_MATCH_1}" d)
      file(REAL_PATH "${prefix}/include" want)
      if(d STREQUAL want)
        set(found TRUE)
      endif()
    endif()
  endforeach()
  if(NOT found)
    message(FATAL_ERROR "pkg-config --cflags gelu gives '${cflags}', no -I of ${prefix}/include")
  endif()
  # xsimd's -I (from xsimd.pc) as -isystem, as a strict consumer has third-party headers: clang's
  # -Wconversion warns inside xsimd 14's own headers.
  list(TRANSFORM cflags REPLACE "^-I(.*)" "-isystem;\\1" REGEX "^-I")
  list(TRANSFORM cflags REPLACE "^-isystem;(.*/share/pkgconfig/\\.\\./\\.\\./include)$" "-I\\1")
  compile_and_run(${cflags})

elseif(STEP STREQUAL "add_subdirectory")
  consumer(add_subdirectory "-DGELU_SOURCE_DIR=${GELU_SOURCE_DIR}")

elseif(STEP STREQUAL "fetch_content")
  # The README's FetchContent snippet as written (between <!-- snippet:fetch_content begin --> and
  # <!-- snippet:fetch_content end -->), only its GIT_REPOSITORY value replaced by a git
  # repository holding this source tree as it is now (tracked and untracked files, without
  # ignored ones) and carrying the tag v<version of include/gelu/version.hpp>: FetchContent clones
  # it like any remote, offline, checks out the snippet's GIT_TAG, and tests what CI's clean clone
  # has even before a commit. Without git (or outside a git work tree): a tarball by URL, without
  # the snippet.
  file(READ "${GELU_SOURCE_DIR}/README.md" readme)
  set(begin_marker "<!-- snippet:fetch_content begin -->")
  set(end_marker "<!-- snippet:fetch_content end -->")
  string(FIND "${readme}" "${begin_marker}" b)
  string(FIND "${readme}" "${end_marker}" e)
  if(b EQUAL -1 OR e LESS b)
    message(FATAL_ERROR "README.md has no ${begin_marker} ... ${end_marker}")
  endif()
  math(EXPR len "${e} - ${b}")
  string(SUBSTRING "${readme}" ${b} ${len} block)
  if(NOT block MATCHES "```cmake\n(.*)```")
    message(FATAL_ERROR "README.md: no ```cmake block between ${begin_marker} and ${end_marker}")
  endif()
  set(readme_snippet "${CMAKE_MATCH_1}")
  if(NOT readme_snippet MATCHES "GIT_REPOSITORY[ \t]+[^\n]+")
    message(FATAL_ERROR "README.md: the fetch_content snippet has no GIT_REPOSITORY line")
  endif()
  file(STRINGS "${GELU_SOURCE_DIR}/include/gelu/version.hpp" version_line
       REGEX "^#define GELU_VERSION_STRING \"[^\"]+\"")
  string(REGEX REPLACE "^#define GELU_VERSION_STRING \"([^\"]+)\".*" "\\1" version "${version_line}")
  if(NOT version MATCHES "^[0-9]+\\.[0-9]+\\.[0-9]+$")
    message(FATAL_ERROR "no GELU_VERSION_STRING in include/gelu/version.hpp ('${version_line}')")
  endif()
  set(snapshot "${work}/gelu-snapshot")
  set(files "")
  if(GIT_EXECUTABLE)
    execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${GELU_SOURCE_DIR}" rev-parse --show-toplevel
                    RESULT_VARIABLE rc OUTPUT_VARIABLE top OUTPUT_STRIP_TRAILING_WHITESPACE
                    ERROR_QUIET)
    if(rc EQUAL 0)
      file(REAL_PATH "${top}" top)
      file(REAL_PATH "${GELU_SOURCE_DIR}" src)
    endif()
    if(rc EQUAL 0 AND top STREQUAL src)
      execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${GELU_SOURCE_DIR}" ls-files --cached --others
                              --exclude-standard
                      RESULT_VARIABLE rc OUTPUT_VARIABLE files OUTPUT_STRIP_TRAILING_WHITESPACE)
      if(NOT rc EQUAL 0)
        message(FATAL_ERROR "git ls-files failed in ${GELU_SOURCE_DIR}")
      endif()
      string(REPLACE "\n" ";" files "${files}")
    endif()
  endif()
  if(files)
    foreach(f IN LISTS files)
      if(EXISTS "${GELU_SOURCE_DIR}/${f}" AND NOT IS_DIRECTORY "${GELU_SOURCE_DIR}/${f}")
        get_filename_component(d "${snapshot}/${f}" DIRECTORY)
        file(COPY "${GELU_SOURCE_DIR}/${f}" DESTINATION "${d}")
      endif()
    endforeach()
    set(git "${GIT_EXECUTABLE}" -C "${snapshot}" -c user.name=gelu-consumer-test
            -c user.email=gelu-consumer-test@localhost -c commit.gpgsign=false)
    run(${git} init -q)
    run(${git} add -A)
    run(${git} commit -q -m "work tree snapshot for consumer.fetch_content")
    # The release tag the README's snippet pins (a fresh snapshot has no tags; keep one if it has).
    execute_process(COMMAND ${git} rev-parse -q --verify "refs/tags/v${version}"
                    RESULT_VARIABLE no_tag OUTPUT_QUIET ERROR_QUIET)
    if(no_tag)
      run(${git} tag "v${version}")
    endif()
    # The snippet with only its GIT_REPOSITORY value replaced (a path with spaces stays one
    # argument, quoted).
    string(REGEX REPLACE "GIT_REPOSITORY([ \t]+)[^\n]+" "GIT_REPOSITORY\\1\"${snapshot}\""
           snippet "${readme_snippet}")
    file(WRITE "${work}/readme_fetch_content.cmake" "${snippet}")
    message(STATUS "the README's FetchContent snippet, GIT_REPOSITORY replaced "
                   "(${work}/readme_fetch_content.cmake):\n${snippet}")
    consumer(fetch_content "-DGELU_FETCH_SNIPPET=${work}/readme_fetch_content.cmake")
  else()
    message(STATUS "not a git work tree (or no git): FetchContent from a tarball by URL")
    file(GLOB entries RELATIVE "${GELU_SOURCE_DIR}" "${GELU_SOURCE_DIR}/*")
    list(FILTER entries EXCLUDE REGEX "^(build.*|\\.git)$")
    file(MAKE_DIRECTORY "${snapshot}")
    foreach(e IN LISTS entries)
      file(COPY "${GELU_SOURCE_DIR}/${e}" DESTINATION "${snapshot}/gelu")
    endforeach()
    execute_process(COMMAND "${CMAKE_COMMAND}" -E tar czf "${work}/gelu.tar.gz" gelu
                    WORKING_DIRECTORY "${snapshot}" RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "could not pack ${work}/gelu.tar.gz")
    endif()
    consumer(fetch_content "-DGELU_URL=${work}/gelu.tar.gz")
  endif()

elseif(STEP STREQUAL "plain_include")
  set(includes -I${GELU_SOURCE_DIR}/include)
  foreach(d IN LISTS XSIMD_INCLUDE_DIRS)  # third-party headers: -isystem (see pkg_config_cli)
    list(APPEND includes -isystem ${d})
  endforeach()
  compile_and_run(${includes})

elseif(STEP STREQUAL "fetch_xsimd")
  # The route of docs/integration.md without an xsimd package: FetchContent of xsimd at a tag,
  # then gelu. The xsimd download is replaced by a local source tree
  # (FETCHCONTENT_SOURCE_DIR_XSIMD), and gelu is taken from this source tree, so that nothing
  # goes to the network.
  consumer(fetch_xsimd "-DFETCHCONTENT_SOURCE_DIR_XSIMD=${XSIMD_SOURCE_DIR}"
           "-DFETCHCONTENT_SOURCE_DIR_GELU=${GELU_SOURCE_DIR}")

elseif(STEP STREQUAL "dispatch_find_package")
  # find_package(gelu COMPONENTS dispatch) builds gelu::dispatch from the installed sources.
  foreach(f include/gelu/dispatch.hpp share/cmake/gelu/gelu-dispatch.cmake
            share/gelu/dispatch/dispatch.cpp share/gelu/dispatch/kernels.cpp)
    if(NOT EXISTS "${prefix}/${f}")
      message(FATAL_ERROR "not installed: ${prefix}/${f}")
    endif()
  endforeach()
  dispatch_consumer(dispatch_find_package "-DCMAKE_PREFIX_PATH=${prefix}")

elseif(STEP STREQUAL "dispatch_add_subdirectory")
  dispatch_consumer(dispatch_add_subdirectory "-DGELU_SOURCE_DIR=${GELU_SOURCE_DIR}")

else()
  message(FATAL_ERROR "unknown STEP '${STEP}'")
endif()
message(STATUS "consumer.${STEP}: ok")
