// ODR: <gelu/gelu.hpp> in two translation units of one binary (missing `inline` fails the link).
#include <gelu/gelu.hpp>

float odr_other_unit(float x);

int main() {
  float x = -1.5f, y = 0;
  gelu::forward(&x, &y, 1);
  return (y == gelu::gelu(x) && odr_other_unit(x) == y) ? 0 : 1;
}
