# Included by tests/CMakeLists.txt: the examples of README.md and docs/*.md, compiled and run.
#
# Every ```cpp block that is a complete program (has `int main(`) must sit between markers
#   <!-- snippet:NAME begin -->
#   ```cpp
#   ...
#   ```
#   <!-- snippet:NAME end -->
# and each marked ```cpp block becomes a test: readme_NAME (README.md) or docs_FILE_NAME
# (docs/FILE.md), built from <build>/tests/snippets/<test>.cpp with the test warnings, linked with
# gelu::gelu (gelu::dispatch if it includes <gelu/dispatch.hpp>, the threads library if it
# includes <thread>); it must return 0. A program outside markers fails the configure step.
# Marked blocks in other languages are left to their own tests (the README's ```cmake
# fetch_content snippet: consumer.fetch_content). Extracted at configure time; editing a
# document re-runs the configure step.

set(_gelu_snip_dir "${CMAKE_CURRENT_BINARY_DIR}/snippets")
file(MAKE_DIRECTORY "${_gelu_snip_dir}")
file(GLOB _gelu_snip_docs RELATIVE "${PROJECT_SOURCE_DIR}" CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/docs/*.md")
list(SORT _gelu_snip_docs)
set(_gelu_snip_tests "")

# _gelu_snip_fence(<text> <pos var> <language var> <code var>): the first ``` fence of <text>:
# where it starts (-1: none), its language and its contents.
function(_gelu_snip_fence text pos_var lang_var code_var)
  string(FIND "${text}" "```" _open)
  set(${pos_var} ${_open} PARENT_SCOPE)
  if(_open EQUAL -1)
    return()
  endif()
  string(SUBSTRING "${text}" ${_open} -1 _from)
  string(FIND "${_from}" "\n" _eol)
  if(_eol EQUAL -1)
    message(FATAL_ERROR "gelu: a ``` fence without a line end")
  endif()
  math(EXPR _lang_len "${_eol} - 3")
  string(SUBSTRING "${_from}" 3 ${_lang_len} _lang)
  string(STRIP "${_lang}" _lang)
  math(EXPR _body_start "${_eol} + 1")
  string(SUBSTRING "${_from}" ${_body_start} -1 _body)
  string(FIND "${_body}" "```" _close)
  if(_close EQUAL -1)
    message(FATAL_ERROR "gelu: a ```${_lang} block is not closed")
  endif()
  string(SUBSTRING "${_body}" 0 ${_close} _code)
  set(${lang_var} "${_lang}" PARENT_SCOPE)
  set(${code_var} "${_code}" PARENT_SCOPE)
endfunction()

foreach(_gelu_snip_doc README.md ${_gelu_snip_docs})
  file(READ "${PROJECT_SOURCE_DIR}/${_gelu_snip_doc}" _gelu_snip_text)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/${_gelu_snip_doc}")
  if(_gelu_snip_doc STREQUAL "README.md")
    set(_gelu_snip_prefix readme_)
  else()
    get_filename_component(_gelu_snip_stem "${_gelu_snip_doc}" NAME_WE)
    set(_gelu_snip_prefix docs_${_gelu_snip_stem}_)
  endif()

  # The marked blocks; what is left of the text afterwards is checked for unmarked programs.
  set(_gelu_snip_rest "${_gelu_snip_text}")
  string(REGEX MATCHALL "<!-- snippet:[A-Za-z0-9_]+ begin -->" _gelu_snip_begins "${_gelu_snip_text}")
  foreach(_gelu_snip_begin IN LISTS _gelu_snip_begins)
    string(REGEX REPLACE "<!-- snippet:([A-Za-z0-9_]+) begin -->" "\\1" _gelu_snip_name "${_gelu_snip_begin}")
    set(_gelu_snip_end "<!-- snippet:${_gelu_snip_name} end -->")
    string(FIND "${_gelu_snip_rest}" "${_gelu_snip_begin}" _gelu_snip_b)
    string(FIND "${_gelu_snip_rest}" "${_gelu_snip_end}" _gelu_snip_e)
    if(_gelu_snip_b EQUAL -1 OR _gelu_snip_e LESS _gelu_snip_b)
      message(FATAL_ERROR "gelu: ${_gelu_snip_doc}: snippet '${_gelu_snip_name}' is marked twice or has no "
                          "'${_gelu_snip_end}' after its begin marker")
    endif()
    string(LENGTH "${_gelu_snip_end}" _gelu_snip_elen)
    math(EXPR _gelu_snip_len "${_gelu_snip_e} + ${_gelu_snip_elen} - ${_gelu_snip_b}")
    string(SUBSTRING "${_gelu_snip_rest}" ${_gelu_snip_b} ${_gelu_snip_len} _gelu_snip_region)
    string(REPLACE "${_gelu_snip_region}" "" _gelu_snip_rest "${_gelu_snip_rest}")

    _gelu_snip_fence("${_gelu_snip_region}" _gelu_snip_at _gelu_snip_lang _gelu_snip_code)
    if(_gelu_snip_at EQUAL -1)
      message(FATAL_ERROR "gelu: ${_gelu_snip_doc}: snippet '${_gelu_snip_name}' has no ``` block")
    endif()
    if(NOT _gelu_snip_lang STREQUAL "cpp")
      continue()  # e.g. the README's ```cmake fetch_content snippet: consumer.fetch_content
    endif()
    set(_gelu_snip_test ${_gelu_snip_prefix}${_gelu_snip_name})
    if(_gelu_snip_test IN_LIST _gelu_snip_tests)
      message(FATAL_ERROR "gelu: ${_gelu_snip_doc}: two snippets named '${_gelu_snip_name}'")
    endif()
    list(APPEND _gelu_snip_tests ${_gelu_snip_test})
    # Written only when it changed, so that a re-configure does not rebuild every example.
    file(WRITE "${_gelu_snip_dir}/${_gelu_snip_test}.cpp.new" "${_gelu_snip_code}")
    configure_file("${_gelu_snip_dir}/${_gelu_snip_test}.cpp.new" "${_gelu_snip_dir}/${_gelu_snip_test}.cpp" COPYONLY)
    add_executable(test_${_gelu_snip_test} "${_gelu_snip_dir}/${_gelu_snip_test}.cpp")
    target_link_libraries(test_${_gelu_snip_test} PRIVATE gelu::gelu)
    if(_gelu_snip_code MATCHES "#include <gelu/dispatch.hpp>")
      target_link_libraries(test_${_gelu_snip_test} PRIVATE gelu::dispatch)
    endif()
    if(_gelu_snip_code MATCHES "#include <thread>")
      target_link_libraries(test_${_gelu_snip_test} PRIVATE Threads::Threads)
    endif()
    target_compile_options(test_${_gelu_snip_test} PRIVATE ${_gelu_warnings})
    add_test(NAME ${_gelu_snip_test} COMMAND test_${_gelu_snip_test})
    set_tests_properties(${_gelu_snip_test} PROPERTIES LABELS docs)
  endforeach()

  # No complete program outside the markers.
  while(TRUE)
    _gelu_snip_fence("${_gelu_snip_rest}" _gelu_snip_at _gelu_snip_lang _gelu_snip_code)
    if(_gelu_snip_at EQUAL -1)
      break()
    endif()
    if(_gelu_snip_lang STREQUAL "cpp" AND _gelu_snip_code MATCHES "int main\\(")
      message(FATAL_ERROR "gelu: ${_gelu_snip_doc} has a ```cpp program (with main) outside "
                          "<!-- snippet:NAME begin --> / <!-- snippet:NAME end --> markers: mark it, "
                          "so that a test compiles and runs it")
    endif()
    # Drop everything up to this block's closing fence.
    string(SUBSTRING "${_gelu_snip_rest}" ${_gelu_snip_at} -1 _gelu_snip_rest)
    string(FIND "${_gelu_snip_rest}" "\n" _gelu_snip_eol)
    math(EXPR _gelu_snip_skip "${_gelu_snip_eol} + 1")
    string(SUBSTRING "${_gelu_snip_rest}" ${_gelu_snip_skip} -1 _gelu_snip_rest)
    string(FIND "${_gelu_snip_rest}" "```" _gelu_snip_close)
    math(EXPR _gelu_snip_skip "${_gelu_snip_close} + 3")
    string(SUBSTRING "${_gelu_snip_rest}" ${_gelu_snip_skip} -1 _gelu_snip_rest)
  endwhile()
endforeach()

# fast_math_refused compiles the README's quick-start example.
if(NOT "readme_usage" IN_LIST _gelu_snip_tests)
  message(FATAL_ERROR "gelu: README.md has no ```cpp block between <!-- snippet:usage begin --> and "
                      "<!-- snippet:usage end --> (the quick start, which fast_math_refused compiles)")
endif()
string(REPLACE ";" ", " _gelu_snip_list "${_gelu_snip_tests}")
message(STATUS "gelu tests: examples of README.md and docs/ compiled and run: ${_gelu_snip_list}")
