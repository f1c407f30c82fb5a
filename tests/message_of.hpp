// The message of the std::invalid_argument a call throws, for tests of the span overloads.
#pragma once

#include <stdexcept>
#include <string>

namespace gelu_test {

/// f()'s std::invalid_argument message, or "(no exception)"; other exceptions propagate.
template <class F>
std::string message_of(F f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no exception)";
}

}  // namespace gelu_test
