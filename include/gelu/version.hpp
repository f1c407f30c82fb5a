// gelu -- version macros: the single source of the version (CMake reads them from here).
#pragma once

#define GELU_VERSION_MAJOR 0
#define GELU_VERSION_MINOR 2
#define GELU_VERSION_PATCH 0
#define GELU_VERSION_STRING "0.2.0"
