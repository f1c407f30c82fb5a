// A second translation unit that includes <gelu/dispatch.hpp>: a non-inline definition in the
// header then fails to link.
#include <gelu/dispatch.hpp>

float other_translation_unit(float x) {
  float y = 0.0f;
  gelu::dispatch::forward(&x, &y, 1, gelu::approximate::tanh);
  return y;
}
