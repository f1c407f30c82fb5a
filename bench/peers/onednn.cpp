// oneDNN eltwise_gelu_erf / eltwise_gelu_tanh on f32 and bf16 tensors (f32: what libtorch calls
// for contiguous f32 exact GELU; bf16 over gelu::bfloat16 arrays, the same bit layout). One engine
// and stream; each primitive is created once per array size, outside the timed loop (prepare(), or
// else the first call for a size), and run on the caller's pointers.
#include <dnnl.hpp>
#include <map>
#include <memory>
#include <string>

#include "registry.hpp"

namespace gelu_bench {
namespace {

struct context {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
};
context& ctx() {
  static context c;
  return c;
}

template <class T>
dnnl::memory::desc desc_of(std::size_t n) {
  return dnnl::memory::desc(
      {static_cast<dnnl::memory::dim>(n)},
      sizeof(T) == 4 ? dnnl::memory::data_type::f32 : dnnl::memory::data_type::bf16,
      dnnl::memory::format_tag::a);
}

struct primitives {
  dnnl::eltwise_forward::primitive_desc fwd_pd;
  dnnl::eltwise_forward fwd;
  dnnl::eltwise_backward bwd;
};

template <class T>
const primitives& get(dnnl::algorithm alg, std::size_t n) {
  static std::map<std::pair<int, std::size_t>, std::unique_ptr<primitives>> cache;
  auto& p = cache[{static_cast<int>(alg), n}];
  if (!p) {
    auto& c = ctx();
    auto md = desc_of<T>(n);
    dnnl::eltwise_forward::primitive_desc fpd(
        {dnnl::prop_kind::forward_training, alg, md, 0.f, 0.f}, c.engine);
    dnnl::eltwise_backward::primitive_desc bpd({alg, md, md, 0.f, 0.f}, c.engine, fpd);
    p.reset(new primitives{fpd, dnnl::eltwise_forward(fpd), dnnl::eltwise_backward(bpd)});
  }
  return *p;
}

template <dnnl::algorithm Alg, class T>
void forward(const T* x, T* y, std::size_t n) {
  if (n == 0) return;
  const primitives& p = get<T>(Alg, n);
  auto& c = ctx();
  auto md = desc_of<T>(n);
  dnnl::memory src(md, c.engine, const_cast<T*>(x)), dst(md, c.engine, y);
  p.fwd.execute(c.stream, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
  c.stream.wait();
}

template <dnnl::algorithm Alg, class T>
void backward(const T* dy, const T* x, T* dx, std::size_t n) {
  if (n == 0) return;
  const primitives& p = get<T>(Alg, n);
  auto& c = ctx();
  auto md = desc_of<T>(n);
  dnnl::memory src(md, c.engine, const_cast<T*>(x)), ddst(md, c.engine, const_cast<T*>(dy)),
      dsrc(md, c.engine, dx);
  p.bwd.execute(c.stream,
                {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, ddst}, {DNNL_ARG_DIFF_SRC, dsrc}});
  c.stream.wait();
}

template <class T>
kernel_set<T> onednn() {
  kernel_set<T> k;
  k.forward[exact] = forward<dnnl::algorithm::eltwise_gelu_erf, T>;
  k.forward[tanh_form] = forward<dnnl::algorithm::eltwise_gelu_tanh, T>;
  k.backward[exact] = backward<dnnl::algorithm::eltwise_gelu_erf, T>;
  k.backward[tanh_form] = backward<dnnl::algorithm::eltwise_gelu_tanh, T>;
  return k;
}

/// Whether oneDNN has bf16 eltwise primitives under the JIT cap: not below AVX-512 (an AVX2
/// build's cap), where creating one throws.
bool has_bf16() {
  static const bool yes = [] {
    try {
      get<gelu::bfloat16>(dnnl::algorithm::eltwise_gelu_erf, 16);
      return true;
    } catch (const dnnl::error&) {
      return false;
    }
  }();
  return yes;
}

void prepare(std::size_t n) {
  if (n == 0) return;
  get<float>(dnnl::algorithm::eltwise_gelu_erf, n);
  get<float>(dnnl::algorithm::eltwise_gelu_tanh, n);
  if (!has_bf16()) return;
  get<gelu::bfloat16>(dnnl::algorithm::eltwise_gelu_erf, n);
  get<gelu::bfloat16>(dnnl::algorithm::eltwise_gelu_tanh, n);
}

/// Caps the JIT at AVX2 in an AVX2 build (before any primitive exists; see build_isa()); the
/// description.
std::string configure() {
  const bool avx2 = std::string(build_isa()) == "avx2";
  if (avx2) dnnl::set_max_cpu_isa(dnnl::cpu_isa::avx2);
  const dnnl_version_t* v = dnnl_version();
  return "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
         std::to_string(v->patch) +
         " eltwise_gelu_erf / eltwise_gelu_tanh (f32, bf16), JIT up to " +
         (avx2 ? "AVX2" : "the CPU's best");
}

implementation make() {
  implementation impl{"onednn", configure(), onednn<float>(), {}};
  if (has_bf16()) impl.bf16 = onednn<gelu::bfloat16>();
  impl.prepare = prepare;
  return impl;
}

const registrar add{make()};

}  // namespace
}  // namespace gelu_bench
