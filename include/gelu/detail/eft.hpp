// gelu/detail/eft.hpp -- error-free transformations and double-double steps, lane-generic.
// A "dd" value is an unevaluated sum hi + lo with |lo| <= ulp(hi)/2 (or close to it).
#pragma once

#include "lanes.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {

template <class D>
struct dd {
  D hi, lo;
};

/// s + e == a + b exactly (Knuth), any magnitudes.
template <class D>
inline dd<D> two_sum(const D& a, const D& b) noexcept {
  D s = a + b;
  D bb = s - a;
  D e = (a - (s - bb)) + (b - bb);
  return {s, e};
}

/// s + e == a + b exactly, requires |a| >= |b| (or a == 0).
template <class D>
inline dd<D> fast_two_sum(const D& a, const D& b) noexcept {
  D s = a + b;
  D e = b - (s - a);
  return {s, e};
}

/// p + e == a * b exactly (barring underflow): fma residual, or Dekker's split without FMA.
template <class D>
inline dd<D> two_prod(const D& a, const D& b) noexcept {
#if GELU_HAS_FMA
  D p = lanes::mul_uncontracted(a, b);  // a plain a * b could be fused into a later sum
  D e = lanes::fma(a, b, -p);
#else
  D p = a * b;
  using T = lanes::element_t<D>;
  constexpr T split = sizeof(T) == 4 ? T(4097) : T(134217729.0);  // 2^12 + 1, 2^27 + 1
  D ca = D(split) * a;
  D ah = ca - (ca - a);
  D al = a - ah;
  D cb = D(split) * b;
  D bh = cb - (cb - b);
  D bl = b - bh;
  D ahbh = ah * bh;
  D ahbl = ah * bl;
  D albh = al * bh;
  D albl = al * bl;
  D e = (((ahbh - p) + ahbl) + albh) + albl;
#endif
  return {p, e};
}

/// c - a*b, exact when the result is representable and c is close to a*b (a residual):
/// one fma with hardware FMA, else Dekker's exact product then two exact subtractions.
template <class D>
inline D residual(const D& a, const D& b, const D& c) noexcept {
#if GELU_HAS_FMA
  return lanes::fma(-a, b, c);
#else
  dd<D> p = two_prod(a, b);
  return (c - p.hi) - p.lo;
#endif
}

/// The rounding error a*b + c - r of r = lanes::fma(a, b, c), itself rounded: with FMA one more
/// fma, which needs c - r exact (as for c = 1 <= r < 2^p); without, the product and the sum
/// split exactly.
template <class D>
inline D fma_error(const D& a, const D& b, const D& c, const D& r) noexcept {
#if GELU_HAS_FMA
  return lanes::fma(a, b, c - r);
#else
  (void)r;  // two_sum recomputes it: lanes::fma rounds the product, then the sum
  dd<D> p = two_prod(a, b);
  dd<D> s = two_sum(c, p.hi);
  return s.lo + p.lo;
#endif
}

/// (c_hi + c_lo) + v * (r.hi + r.lo): one compensated Horner step.
template <class D>
inline dd<D> horner_dd_step(const D& v, const dd<D>& r, const D& c_hi, const D& c_lo) noexcept {
  dd<D> p = two_prod(v, r.hi);
  D pe = lanes::fma(v, r.lo, p.lo);
  dd<D> s = two_sum(c_hi, p.hi);
  return {s.hi, (s.lo + pe) + c_lo};
}

/// (a.hi + a.lo) * (b.hi + b.lo), relative error ~2^-104.
template <class D>
inline dd<D> mul_dd(const dd<D>& a, const dd<D>& b) noexcept {
  dd<D> p = two_prod(a.hi, b.hi);
  D t = lanes::fma(a.hi, b.lo, p.lo);
  t = lanes::fma(a.lo, b.hi, t);
  return fast_two_sum(p.hi, t);
}

/// (a.hi + a.lo) + (b.hi + b.lo), accurate unless it cancels to below ~2^-100 of the operands.
template <class D>
inline dd<D> add_dd(const dd<D>& a, const dd<D>& b) noexcept {
  dd<D> s = two_sum(a.hi, b.hi);
  D t = (s.lo + a.lo) + b.lo;
  return fast_two_sum(s.hi, t);
}

/// (n.hi + n.lo) / (d.hi + d.lo) as q + c, unrounded; q.hi + q.lo rounds it once (error < 0.5 ulp
/// + 2^-100 relative).
template <class D>
inline dd<D> div_dd(const dd<D>& n, const dd<D>& d) noexcept {
  D q = n.hi / d.hi;
  D r = residual(q, d.hi, n.hi);  // exact
  r = r + n.lo;
  r = lanes::fma(-q, d.lo, r);
  D c = r / d.hi;
  return {q, c};
}

/// sum table[j][0] v^j for j >= first, by Horner with fma from the top coefficient down, in the
/// lanes D (float or double, scalar or batch) of a single-column table of float or double.
template <class D, class C, int Width>
inline D horner(const C (&table)[Width][1], const D& v, int first) noexcept {
  D r = D(table[Width - 1][0]);
  for (int j = Width - 2; j >= first; --j) r = lanes::fma(r, v, D(table[j][0]));
  return r;
}

/// sum table[j][row] v^(j - first) for j >= first: Horner as above on one row of a table of Rows
/// polynomials (one per column), each coefficient read by lanes::lookup_row<Read> (Read = Rows
/// unless the caller knows every row is below a smaller Read).
template <int Read = 0, class L, class C, int Terms, int Rows, class Row>
GELU_FORCE_INLINE L horner_rows(const C (&table)[Terms][Rows], const Row& row, const L& v,
                                int first) noexcept {
  constexpr int read = Read == 0 ? Rows : Read;
  static_assert(read <= Rows, "horner_rows: more rows read than the table has");
  L r = lanes::lookup_row<read>(table[Terms - 1], row);
  for (int j = Terms - 2; j >= first; --j)
    r = lanes::fma(r, v, lanes::lookup_row<read>(table[j], row));
  return r;
}

/// The same sum over the whole table by Estrin's scheme, given v2 = v^2: pairs c_j + c_{j+1} v,
/// then pairs of those with v^2, v^4, ...: the same number of fma (plus the squarings) in a
/// dependency chain of about log2(Width) instead of Width - 1, for the long double-precision
/// polynomials whose Horner chain kept the loops from overlapping enough iterations. (Plain
/// inline on purpose: forced into the fast double kernels, it slowed their AVX2 loops.)
template <class D, class C, int Width>
inline D estrin(const C (&table)[Width][1], const D& v, const D& v2) noexcept {
  D level[(Width + 1) / 2];
  int n = 0;
  for (int j = 0; j < Width; j += 2)
    level[n++] = j + 1 < Width ? lanes::fma(D(table[j + 1][0]), v, D(table[j][0])) : D(table[j][0]);
  D power = v2;
  while (n > 1) {
    int m = 0;
    for (int j = 0; j < n; j += 2)
      level[m++] = j + 1 < n ? lanes::fma(level[j + 1], power, level[j]) : level[j];
    n = m;
    if (n > 1) power = power * power;
  }
  return level[0];
}

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
