// gelu/types.hpp -- the public types of the API: which GELU, which accuracy tier, and a value
// with its derivative.
#pragma once

namespace gelu {

/// Which GELU: as PyTorch's approximate='none' | 'tanh'; sigmoid is x * sigmoid(1.702 x).
/// The array functions answer a value outside these enumerators clearly (see gelu.hpp).
enum class approximate {
  none,     ///< exact: x Phi(x) = x/2 erfc(-x/sqrt 2)
  tanh,     ///< x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))   (BERT, GPT-2)
  sigmoid,  ///< x sigma(1.702 x)   ("QuickGELU", CLIP)
};

/// Which accuracy tier: the error bound each function keeps over every input of its type (the
/// tests assert it; measured maxima: docs/accuracy.md). Both tiers keep the negative tail, the
/// derivatives' zero crossings and the special values; `fast` computes a float in float lanes,
/// `precise` rounds a float once from a double evaluation and a double from double-double steps.
enum class accuracy {
  fast,     ///< <= 4 ULP, float and double; the default
  precise,  ///< float <= 0.51 ULP, double <= 0.75 ULP
};

/// Value and derivative of gelu<A> at one x (see gelu_and_derivative).
template <class T>
struct value_and_derivative {
  T value;
  T derivative;
};

}  // namespace gelu
