// A second translation unit that includes the headers: a non-inline definition in a header
// then fails to link.
#include <gelu/gelu.hpp>

double other_translation_unit(double x) { return gelu::gelu<gelu::approximate::tanh>(x); }
