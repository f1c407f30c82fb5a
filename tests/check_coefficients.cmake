# Regenerates the coefficient headers into a scratch directory with tools/gen_coefficients.py
# and fails when any differs from the committed one (the headers are the script's output).
# cmake -DPYTHON=<python3> -DROOT=<source dir> -DOUT=<scratch dir> -P check_coefficients.cmake
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
execute_process(COMMAND "${PYTHON}" "${ROOT}/tools/gen_coefficients.py" "${OUT}"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "tools/gen_coefficients.py failed (${rc})")
endif()
foreach(name constants.hpp double_coefficients.hpp float_coefficients.hpp fast_coefficients.hpp)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${OUT}/${name}"
                          "${ROOT}/include/gelu/detail/${name}" RESULT_VARIABLE differ)
  if(differ)
    message(FATAL_ERROR "include/gelu/detail/${name} is not what tools/gen_coefficients.py writes")
  endif()
endforeach()
message(STATUS "the four coefficient headers are the generator's output")
