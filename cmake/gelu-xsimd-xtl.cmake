# Included after xsimd is found, by CMakeLists.txt and by the installed geluConfig.cmake.
#
# Debian 12's xsimd 8.1 exports its target with INTERFACE_LINK_LIBRARIES "xtl" but never finds
# xtl, so without an `xtl` target every program that links `xsimd` fails with
# "cannot find -lxtl". xsimd needs xtl only for XSIMD_ENABLE_XTL_COMPLEX, which gelu does not
# use: drop the dangling item (a real `xtl` target, if one exists, is kept).
if(TARGET xsimd AND NOT TARGET xtl)
  get_target_property(_gelu_xsimd_links xsimd INTERFACE_LINK_LIBRARIES)
  if(_gelu_xsimd_links AND "xtl" IN_LIST _gelu_xsimd_links)
    list(REMOVE_ITEM _gelu_xsimd_links xtl)
    set_target_properties(xsimd PROPERTIES INTERFACE_LINK_LIBRARIES "${_gelu_xsimd_links}")
  endif()
  unset(_gelu_xsimd_links)
endif()
