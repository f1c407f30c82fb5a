# Included by the dispatch consumer projects: the executable consumer_dispatch from
# src/dispatch_main.cpp and src/dispatch_other.cpp, linked to gelu::dispatch, with the strict
# warnings of common.cmake under CONSUMER_WERROR.
add_executable(consumer_dispatch "${CMAKE_CURRENT_LIST_DIR}/src/dispatch_main.cpp"
                                 "${CMAKE_CURRENT_LIST_DIR}/src/dispatch_other.cpp")
if(CONSUMER_WERROR)
  target_compile_options(consumer_dispatch PRIVATE -Wall -Wextra -Wconversion -Wshadow -Werror)
endif()
target_link_libraries(consumer_dispatch PRIVATE gelu::dispatch)
