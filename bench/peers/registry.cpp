#include "registry.hpp"

#include <utility>

namespace gelu_bench {

std::vector<implementation>& registry() {
  static std::vector<implementation> all;
  return all;
}

registrar::registrar(implementation impl) {
  auto& all = registry();
  if (impl.name == "gelu")
    all.insert(all.begin(), std::move(impl));
  else if (impl.name == "gelu_precise")
    all.insert(all.begin() + (!all.empty() && all.front().name == "gelu"), std::move(impl));
  else
    all.push_back(std::move(impl));
}

}  // namespace gelu_bench
