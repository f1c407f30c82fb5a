// Catch2 v2 (Debian's 2.13, single header) or v3, chosen by tests/CMakeLists.txt.
#pragma once
#if defined(GELU_CATCH2_V3)
#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>
#else
#include <catch2/catch.hpp>
#endif
