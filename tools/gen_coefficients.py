#!/usr/bin/env python3
"""Regenerates the coefficient headers of include/gelu/detail/ (see docs/numerics.md).

Every polynomial is a Chebyshev interpolant computed with mpmath at 60 digits,
converted to the monomial basis of its evaluation variable and rounded to
double; the leading coefficients (listed per table) are kept as double-double
(hi + lo) pairs because the kernels evaluate those Horner steps compensated.
The script measures each rounded polynomial's max relative error on a dense
grid (mpmath reference) and prints it into the header next to the table.

Four headers, one namespace each under gelu::detail::coefficients:
  constants.hpp            coefficients::                 the forms' constants and the
                                                          derivatives' zeros, as double-double
  double_coefficients.hpp  coefficients::precise_double   the precise double kernels: relative
                                                          errors near 2^-56, leading
                                                          coefficients as double-double
  float_coefficients.hpp   coefficients::precise_float    the precise float kernels, evaluated
                                                          in plain double: relative errors near
                                                          2^-32, enough for a float result
                                                          rounded once
  fast_coefficients.hpp    coefficients::fast             the fast tier's tables, rounded to
                                                          the lane type
The AVX2 table path's polynomials (mirror_*) are not rounded at once: their
coefficients are rounded to float one at a time, the rest refitted after
each (fit_rounded_greedy). Values are written as the shortest hex-float
literal of the rounded value, lines wrapped at 100 columns.

Usage: python3 tools/gen_coefficients.py [include/gelu/detail]   (writes all four)
Needs: python3-mpmath (Debian package).
"""
import contextlib
import os
import struct
import sys
import textwrap

import mpmath as mp

mp.mp.dps = 60


def cheb_fit(f, lo, hi, deg):
    """Monomial coefficients (in t, where the input is t in [lo, hi]) of the
    degree-deg Chebyshev interpolant of f."""
    n = deg + 1
    mid, half = (lo + hi) / 2, (hi - lo) / 2
    nodes = [mp.cos(mp.pi * (k + mp.mpf(1) / 2) / n) for k in range(n)]
    vals = [f(mid + half * s) for s in nodes]
    # Chebyshev coefficients in s = (t - mid) / half
    a = []
    for j in range(n):
        acc = mp.fsum(vals[k] * mp.cos(mp.pi * j * (k + mp.mpf(1) / 2) / n) for k in range(n))
        a.append(acc * (1 if j == 0 else 2) / n)
    # Chebyshev -> monomial in s
    T = [[mp.mpf(1)], [mp.mpf(0), mp.mpf(1)]]
    for j in range(2, n):
        prev, prev2 = T[-1], T[-2]
        nxt = [mp.mpf(0)] + [2 * c for c in prev]
        for i, c in enumerate(prev2):
            nxt[i] -= c
        T.append(nxt)
    ps = [mp.mpf(0)] * n
    for j in range(n):
        for i, c in enumerate(T[j]):
            ps[i] += a[j] * c
    # monomial in s -> monomial in t: s = (t - mid)/half
    pt = [mp.mpf(0)] * n
    for i in range(n):  # ps[i] * ((t - mid)/half)^i
        for k in range(i + 1):
            pt[k] += ps[i] * mp.binomial(i, k) * (-mid) ** (i - k) / half ** i
    return pt


def split(c, n_dd):
    out = []
    for i, v in enumerate(c):
        hi = float(v)
        lo = float(v - mp.mpf(hi)) if i < n_dd else 0.0
        out.append((hi, lo))
    return out


def to_float(v):
    """v rounded to the nearest float (binary32)."""
    return struct.unpack("f", struct.pack("f", float(v)))[0]


def float_below(v):
    """The largest float <= v (v > 0)."""
    hi = to_float(v)
    if mp.mpf(hi) > v:
        bits = struct.unpack("I", struct.pack("f", hi))[0]
        hi = struct.unpack("f", struct.pack("I", bits - 1))[0]
    return hi


def split_float(c, n_pairs=0, lo_nonnegative=False):
    """Coefficients rounded to float, as (hi, lo) pairs: lo is the float nearest v - hi for the
    n_pairs leading coefficients and 0 for the others. With lo_nonnegative (positive v), hi is
    rounded down so that lo >= 0: then x * lo is a zero of x's sign at x = +-0."""
    out = []
    for i, v in enumerate(c):
        hi = float_below(v) if (lo_nonnegative and i < n_pairs) else to_float(v)
        out.append((hi, to_float(v - mp.mpf(hi)) if i < n_pairs else 0.0))
    return out


def fit_rounded_greedy(f, lo, hi, deg, samples=120):
    """Float coefficients of a degree-deg polynomial in t for f on [lo, hi], c0 as a float pair:
    c0 from the Chebyshev interpolant, then c1, ..., c_deg rounded to float one at a time, the
    coefficients not yet rounded refitted after each (least squares of the relative error on
    Chebyshev-spaced points) so that they absorb the rounding of those before. On wide rows this
    brings the rounded polynomial's error down to that of the fit (up to 10x below plain
    rounding, where c1 t rivals c0)."""
    out = split_float(cheb_fit(f, lo, hi, deg), 1)[:1]
    ts = [lo + (hi - lo) * (1 - mp.cos(mp.pi * (i + mp.mpf(1) / 2) / samples)) / 2
          for i in range(samples)]
    fs = [f(t) for t in ts]
    fixed = [mp.mpf(out[0][0]) + mp.mpf(out[0][1])]
    for j in range(1, deg + 1):
        free = deg - j + 1
        A, b = mp.matrix(samples, free), mp.matrix(samples, 1)
        for r, (t, v) in enumerate(zip(ts, fs)):
            for c in range(free):
                A[r, c] = t ** (j + c) / v
            b[r] = (v - sum(c * t ** i for i, c in enumerate(fixed))) / v
        cj = to_float(mp.qr_solve(A, b)[0][0])
        fixed.append(mp.mpf(cj))
        out.append((cj, 0.0))
    return out


def peval(cs, t):
    acc = mp.mpf(0)
    for hi, lo in reversed(cs):
        acc = acc * t + mp.mpf(hi) + mp.mpf(lo)
    return acc


def max_rel_err(f, cs, lo, hi, samples=2000):
    worst = mp.mpf(0)
    for k in range(samples + 1):
        t = lo + (hi - lo) * k / samples
        ref = f(t)
        if ref != 0:
            worst = max(worst, abs(peval(cs, t) / ref - 1))
    return worst


COLUMNS = 100  # the headers' line length (as .clang-format's)


def hexd(v):
    """v as the shortest hex-float literal of its double value: 0x1.8p+0, not 0x1.8000000000000p+0."""
    mantissa, exponent = float(v).hex().split("p")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}p{exponent}"


def hexf(v):
    """The same for a float (v a float value): the literal with the f suffix."""
    return hexd(v) + "f"


def comment(text, indent=""):
    """text as // comment lines of at most COLUMNS characters."""
    for line in textwrap.wrap(text, COLUMNS - len(indent) - 3, break_long_words=False,
                              break_on_hyphens=False):
        print(f"{indent}// {line}")


def declare(code, note=None):
    """A declaration with its note after it, or above it when the line would be too long."""
    if note and len(f"{code}  // {note}") > COLUMNS:
        comment(note)
        note = None
    print(f"{code}  // {note}" if note else code)


def values(literals, indent="    ", start="", end=""):
    """start, the comma-separated literals and end, wrapped at COLUMNS."""
    print(textwrap.fill(", ".join(literals) + end, COLUMNS, initial_indent=indent + start,
                        subsequent_indent=indent + " " * len(start), break_long_words=False,
                        break_on_hyphens=False))


def emit_array(ctype, name, literals, note):
    """A one-dimensional table."""
    declare(f"alignas(64) inline constexpr {ctype} {name}[{len(literals)}] = {{", note)
    values(literals, end="};")
    print()


def emit_table(name, doc, rows, deg_note, n_dd=0, ctype="double"):
    """rows: list of (coefficient list of (hi, lo), rel err). With n_dd = 0, one table `name` of
    the rounded coefficients; otherwise `name_hi` (all coefficients) and `name_lo` (the low parts
    of the n_dd leading ones, the only ones the kernels read). Table[j][row] is coefficient j of
    row `row`'s polynomial."""
    width = max(len(r[0]) for r in rows)
    comment(doc)
    for i, (cs, err) in enumerate(rows):
        print(f"//   row {i}: max relative error of the rounded polynomial {float(err):.3e} (2^{float(mp.log(err, 2)) if err > 0 else -999:.1f})")
    comment(deg_note)
    parts = (("", 0, width),) if n_dd == 0 else (("_hi", 0, width), ("_lo", 1, n_dd))
    for suffix, part, count in parts:
        print(f"alignas(64) inline constexpr {ctype} {name}{suffix}[{count}][{len(rows)}] = {{")
        for j in range(count):
            vals = []
            for cs, _ in rows:
                v = cs[j][part] if j < len(cs) else 0.0
                vals.append(hexf(v) if ctype == "float" else hexd(v))
            dec = ", ".join(f"{float(cs[j][part]) if j < len(cs) else 0.0:.17g}" for cs, _ in rows[:2])
            if len(rows) == 1:
                declare(f"    {{{vals[0]}}},", f"c{j}: {dec}")
            else:
                print(f"    // c{j}; rows 0-1 in decimal: {dec}")
                values(vals, start="{", end="},")
        print("};")
    print()


def functions():
    sqrt2pi = mp.sqrt(2 * mp.pi)
    k = mp.sqrt(2 / mp.pi)
    c = mp.mpf("0.044715")
    b = mp.mpf("1.702")

    def M(a):  # Mills-type ratio: Phi(-a) = exp(-a^2/2) * M(a)
        return mp.exp(a * a / 2) * mp.erfc(a / mp.sqrt(2)) / 2

    def Gd(x):
        return mp.erfc(-x / mp.sqrt(2)) / 2 + x * mp.exp(-x * x / 2) / sqrt2pi

    def sig(z):
        return 1 / (1 + mp.exp(-z))

    def Td(x):
        z = 2 * k * (x + c * x ** 3)
        s = sig(z)
        return s + x * s * (1 - s) * 2 * k * (1 + 3 * c * x * x)

    def Sd(x):
        s = sig(b * x)
        return s + b * x * s * (1 - s)

    return M, Gd, Td, Sd


def derivative_zeros():
    """x0 of each derivative (the minimum of each GELU form), to 60 digits."""
    M, Gd, Td, Sd = functions()
    guesses = {"exact": (Gd, -0.7518), "tanh": (Td, -0.7525), "sigmoid": (Sd, -0.7512)}
    return {name: (f, mp.findroot(f, mp.mpf(g))) for name, (f, g) in guesses.items()}


def emit_zero_windows(suffix, degrees, rounding, note, **table):
    """Each form's derivative near its zero x0: f'(x) = t P(t), t = x - x0, fitted on the window
    x in [-1.05, -0.5] (kernel_common.hpp, zero_window) with degrees[form], rounded by
    rounding(coefficients); tables zero_<form><suffix>."""
    for name, (f, x0) in derivative_zeros().items():
        g = lambda t, f=f, x0=x0: f(x0 + t) / t if t != 0 else mp.diff(f, x0)
        lo_, hi_ = mp.mpf(-1.05) - x0, mp.mpf(-0.5) - x0
        cs = rounding(cheb_fit(g, lo_, hi_, degrees[name]))
        doc = (f"{name} GELU derivative near its zero x0 (coefficients::x0_{name}_hi/lo): "
               "f'(x) = t * P(t), t = x - x0, x in [-1.05, -0.5]" + (f"; {note}" if note else ""))
        emit_table(f"zero_{name}{suffix}", doc, [(cs, max_rel_err(g, cs, lo_, hi_))],
                   f"degree {degrees[name]}", **table)


def header(namespace, lines):
    print("// GENERATED by tools/gen_coefficients.py -- do not edit; rerun the script.")
    for line in lines:
        print(f"// {line}")
    print("#pragma once")
    print()
    print('#include "isa_namespace.hpp"')
    print()
    print("namespace gelu {")
    print("inline namespace GELU_ISA_NAMESPACE {  // see isa_namespace.hpp")
    print("namespace detail {")
    print(f"namespace {namespace} {{")
    print()


def footer(namespace):
    print(f"}}  // namespace {namespace}")
    print("}  // namespace detail")
    print("}  // namespace GELU_ISA_NAMESPACE")
    print("}  // namespace gelu")


def emit_constants():
    sqrt2pi = mp.sqrt(2 * mp.pi)
    k = mp.sqrt(2 / mp.pi)
    c = mp.mpf("0.044715")
    b = mp.mpf("1.702")
    header("coefficients", ["The constants of the three GELU forms and the zeros of their derivatives, shared by",
                            "every kernel: each as a double-double hi + lo (hi is the double nearest the",
                            "true value)."])
    consts = {
        "inv_sqrt2pi": 1 / sqrt2pi,
        "two_k": 2 * k,        # 2*sqrt(2/pi): z = 2u = two_k * x * (1 + c x^2)
        "c_cubic": c,          # 0.044715
        "c_cubic3": 3 * c,     # 0.134145
        "b_sigmoid": b,        # 1.702
    }
    for name, v in consts.items():
        hi = float(v)
        lo = float(v - mp.mpf(hi))
        declare(f"inline constexpr double {name}_hi = {hexd(hi)};", mp.nstr(v, 25))
        declare(f"inline constexpr double {name}_lo = {hexd(lo)};")
    print()
    for name, (f, x0) in derivative_zeros().items():
        hi = float(x0)
        lo = float(x0 - mp.mpf(hi))
        declare(f"inline constexpr double x0_{name}_hi = {hexd(hi)};",
                f"zero of the {name} derivative: {mp.nstr(x0, 32)}")
        declare(f"inline constexpr double x0_{name}_lo = {hexd(lo)};")
    print()
    footer("coefficients")


def emit_double():
    M, Gd, Td, Sd = functions()
    header("coefficients::precise_double",
           ["Polynomials of the precise tier's double kernels (precise_double.hpp, double_exp.hpp):",
            "relative errors near 2^-56; the leading coefficients of the compensated Horner steps as",
            "double-double (_hi and _lo tables). The fast tier's double kernels read log2e, exp_tail",
            "and zero_*_hi too. Hex-float values are the exact doubles; rows list one polynomial per",
            "column."])
    declare(f"inline constexpr double log2e = {hexd(1 / mp.log(2))};",
            f"{mp.nstr(1 / mp.log(2), 25)}: round(z / ln2)")
    # ln2 split with 11 trailing zero bits so n*ln2_hi is exact for |n| < 2^11
    l2 = mp.log(2)
    l2h = float(mp.floor(l2 * 2 ** 42) / 2 ** 42)
    l2m = float(l2 - mp.mpf(l2h))
    l2l = float(l2 - mp.mpf(l2h) - mp.mpf(l2m))
    declare(f"inline constexpr double ln2_short_hi = {hexd(l2h)};",
            "ln2 to 42 bits: n*ln2_short_hi exact for |n| < 2^11")
    declare(f"inline constexpr double ln2_short_mid = {hexd(l2m)};")
    declare(f"inline constexpr double ln2_short_lo = {hexd(l2l)};")
    print()
    # exp: e^r = 1 + r + r^2 * P(r), |r| <= 0.3466 (0.35 fitted)
    E = lambda r: (mp.exp(r) - 1 - r) / (r * r) if r != 0 else mp.mpf(1) / 2
    cs = split(cheb_fit(E, mp.mpf(-0.35), mp.mpf(0.35), 11), 0)
    emit_table("exp_tail", "exp(r) = 1 + r + r^2 * P(r) on |r| <= 0.35 (range-reduced exp); degree 11",
               [(cs, max_rel_err(E, cs, mp.mpf(-0.35), mp.mpf(0.35)))], "relative error of P; P's share of exp(r) is <= 0.065")

    # Phi(-a) = exp(-a^2/2) * M(a); on [i, i+1) M(a) = P_i(a - i), i = 0..7
    rows = []
    for i in range(8):
        f = lambda v, i=i: M(mp.mpf(i) + v)
        cs = split(cheb_fit(f, mp.mpf(0), mp.mpf(1), 17), 5)
        rows.append((cs, max_rel_err(f, cs, mp.mpf(0), mp.mpf(1))))
    emit_table("mills", "Phi(-a) = exp(-a^2/2) * M(a); row i: M(a) = P_i(a - i) for a in [i, i+1), i = 0..7; c0..c4 double-double",
               rows, "degree 17 per row", n_dd=5)

    # tail: a >= 8: M(a) = (1/a) * R(1/a^2), R(y) fitted on y in [1/1600, 1/64]
    R = lambda y: M(1 / mp.sqrt(y)) / mp.sqrt(y)
    lo_, hi_ = mp.mpf(1) / 1600, mp.mpf(1) / 64
    cs = split(cheb_fit(R, lo_, hi_, 10), 2)
    emit_table("mills_tail", "a in [8, 40]: M(a) = (1/a) * R(y), y = 1/a^2 in [1/1600, 1/64]; c0..c1 double-double",
               [(cs, max_rel_err(R, cs, lo_, hi_))], "degree 10", n_dd=2)

    emit_zero_windows("", {"exact": 15, "tanh": 15, "sigmoid": 17}, lambda c: split(c, 2),
                      "c0..c1 double-double", n_dd=2)

    footer("coefficients::precise_double")


def mills_rows(M, deg, rounding, exp_bits=2, bias=1023):
    """M(a) on 4 * 2^exp_bits rows indexed by the bits of u = a + 1 in [1, 2^(2^exp_bits)): the
    low exp_bits bits of u's exponent e and its two leading mantissa bits m select row 4e + m,
    i.e. u in [2^e (1 + m/4), 2^e (1 + (m+1)/4)). A kernel reads the index as the low bits of
    (bits(u) >> (mantissa bits - 2)), which is offset by the exponent bias: the rows are stored
    rotated accordingly. Returns the rows and each row's midpoint mid (variable v = u - mid)."""
    n_rows = 4 << exp_bits
    rot = 4 * (bias % (1 << exp_bits))
    rows, mids = [None] * n_rows, [None] * n_rows
    for e in range(1 << exp_bits):
        for m in range(4):
            start = mp.mpf(2) ** e * (1 + mp.mpf(m) / 4)
            half = mp.mpf(2) ** e / 8
            mid = start + half
            f = lambda v, mid=mid: M(mid - 1 + v)
            cs = rounding(cheb_fit(f, -half, half, deg))
            pos = (4 * e + m + rot) % n_rows
            rows[pos] = (cs, max_rel_err(f, cs, -half, half, samples=400))
            mids[pos] = mid
    return rows, mids


def emit_float():
    M, Gd, Td, Sd = functions()
    header("coefficients::precise_float",
           ["Polynomials of the precise tier's float kernels (precise_float.hpp), evaluated in plain",
            "double: each fitted to a relative error near 2^-32 or below, so that a float result,",
            "computed in double and rounded once, stays within 0.5 + 2^-7 ULP of the truth."])

    # exp(-s/2) = 2^(N/16) * Q(rho), N = round(-s * 8 / ln2), rho = s + N * ln2 / 8 in
    # [-ln2/16, ln2/16] (0.0434 fitted): Q(rho) = exp(-rho/2) of degree 4; 2^(j/16) from a table.
    # ln2/8 rounded to double: for |N| <= 2^12 its rounding moves rho by < 2^-45, i.e. exp(-s/2)
    # by < 2^-46 relative, far below the float kernels' 2^-31 budget (one fma instead of two).
    declare(f"inline constexpr double minus_8_log2e = {hexd(-8 / mp.log(2))};",
            "-8/ln2: N = round(-8 s / ln2)")
    declare(f"inline constexpr double ln2_8 = {hexd(mp.log(2) / 8)};", "ln2/8")
    emit_array("double", "exp2_sixteenths", [hexd(mp.mpf(2) ** (mp.mpf(j) / 16)) for j in range(16)],
               "2^(j/16), j = 0..15")
    E = lambda r: mp.exp(-r / 2)
    lo_, hi_ = mp.mpf(-0.0434), mp.mpf(0.0434)
    cs = split(cheb_fit(E, lo_, hi_, 4), 0)
    emit_table("exp_half", "exp(-rho/2) = Q(rho) on |rho| <= 0.0434 (range-reduced exp of exp_minus_half); degree 4",
               [(cs, max_rel_err(E, cs, lo_, hi_))], "relative error of exp(-rho/2)")

    # M(a) on 16 rows indexed by the bits of u = a + 1 in [1, 16): exponent e (0..3) and the
    # two leading mantissa bits m select row 4e + m, i.e. u in [2^e (1 + m/4), 2^e (1 + (m+1)/4)).
    # The kernel reads the index as the low 4 bits of (bits(u) >> 50), which is 4e + m + 12
    # (mod 16) because of the exponent bias 1023: the rows are stored rotated accordingly.
    # The variable is v = u - mid, mid the row's midpoint in u.
    rows, mids = mills_rows(M, 7, lambda c: split(c, 0))
    emit_table("mills", "Phi(-a) = exp(-a^2/2) * M(a), a in [0, 15): M(a) = P_row(u - mid_row), u = a + 1; "
               "row = 4 * (exponent of u) + (2 leading mantissa bits of u), stored at (row + 12) mod 16",
               rows, "degree 7 per row")
    emit_array("double", "mills_mid", [hexd(v) for v in mids], "each row's midpoint in u")

    emit_zero_windows("", {"exact": 9, "tanh": 9, "sigmoid": 9}, lambda c: split(c, 0), None)

    footer("coefficients::precise_float")


def emit_fast():
    M, Gd, Td, Sd = functions()
    header("coefficients::fast",
           ["Polynomials of the fast tier (fast_kernels.hpp), evaluated in the lanes of the result",
            "type: the float tables are rounded to float (their printed errors include that",
            "rounding); the double kernels read these double tables and, where the precise tier's",
            "fit serves as is, coefficients::precise_double (log2e, exp_tail, zero_*_hi)."])
    # ln2 with 11 trailing zero bits in the lane type: n * ln2_hi is exact for |n| < 2^11
    l2 = mp.log(2)
    for ctype, bits in (("float", 24), ("double", 53)):
        h = mp.floor(l2 * 2 ** (bits - 11)) / 2 ** (bits - 11)
        lo = to_float(l2 - h) if ctype == "float" else float(l2 - h)
        fmt = hexf if ctype == "float" else hexd
        declare(f"inline constexpr {ctype} ln2_hi_{ctype} = {fmt(h)};",
                f"ln2 to {bits - 11} bits: n*ln2_hi exact for |n| < 2^11")
        declare(f"inline constexpr {ctype} ln2_lo_{ctype} = {fmt(lo)};")
    declare(f"inline constexpr float log2e_float = {hexf(to_float(1 / l2))};",
            "1/ln2: n = round(s / ln2)")
    print()

    # float exp: e^r = 1 + r + r^2 * P(r) on |r| <= 0.35 (ln2/2 = 0.3466); a Chebyshev node
    # sits at r ~ 1e-61, where the quotient cancels: there its series
    E = lambda r: (mp.exp(r) - 1 - r) / (r * r) if abs(r) > mp.mpf(10) ** -20 else mp.mpf(1) / 2 + r / 6
    cs = split_float(cheb_fit(E, mp.mpf(-0.35), mp.mpf(0.35), 4))
    emit_table("exp_float", "float exp(r) = 1 + r + r^2 * P(r) on |r| <= 0.35; degree 4 (6 in all), coefficients rounded to float",
               [(cs, max_rel_err(E, cs, mp.mpf(-0.35), mp.mpf(0.35)))], "relative error of P; P's share of exp(r) is <= 0.065",
               ctype="float")

    # M(a): float on the 16 rows of emit_float (u < 16), degree 6; double on 32 rows (three
    # exponent bits, u < 256; the kernel clamps a to 39), degree 13; c0 as hi + lo in both. The
    # double kernel adds 4 to the row index (one to u's exponent, hence bias 1024 here), so that
    # u < 16 (a < 15) reads rows 0..15: one register permute per coefficient on AVX-512.
    for ctype, deg, rounding, exp_bits, bias in (("float", 6, lambda c: split_float(c, 1), 2, 127),
                                                 ("double", 13, lambda c: split(c, 1), 3, 1024)):
        rows, mids = mills_rows(M, deg, rounding, exp_bits, bias)
        n_rows = len(rows)
        pairs = 1
        emit_table(f"mills_{ctype}", f"Phi(-a) = exp(-a^2/2) * M(a), a + 1 < 2^{2 ** exp_bits}: M(a) = P_row(u - mid_row), u = a + 1; "
                   f"row = 4 * (low {exp_bits} exponent bits of u) + (2 leading mantissa bits of u), stored rotated by the bias"
                   + "; c0 as a pair hi + lo",
                   rows, f"degree {deg} per row", n_dd=pairs, ctype=ctype)
        # the kernel forms v = a - (mid - 1), rounded once, not from the rounded u
        fmt = hexf if ctype == "float" else hexd
        emit_array(ctype, f"mills_center_{ctype}",
                   [fmt(to_float(v - 1) if ctype == "float" else v - 1) for v in mids],
                   "mid - 1: v = a - center")

    # float GELU on -3.125 <= x < 4.875 without exp (the body path of AVX-512 builds): each
    # form's factor F (GELU = x F(x)) and its derivative divided by (x - x0) on 32 rows of width
    # 1/4, row i centred at k/4 for k = i + body_first_row (-12..19), so that x = +-0 sits at a
    # centre (t = +-0), variable t = x - k/4 in [-1/8, 1/8]; degree 5, c0 as a float pair. A
    # row -13 (x near -3.25) would need degree 6 (1.1-1.3 units of 2^-24 at degree 5): the degree
    # sets the range (docs/numerics.md, "The fast tier"). With the zero factored out, the body
    # path needs no zero window: the derivative is (x - x0) Q(x) with relative accuracy everywhere.
    body_first_row, body_degree = -12, 5
    declare(f"inline constexpr int body_first_row = {body_first_row};",
            "row i is centred at (i + body_first_row) / 4")
    declare(f"inline constexpr int body_terms = {body_degree + 1};", f"degree {body_degree}")
    print()
    k = mp.sqrt(2 / mp.pi)
    sig = lambda z: 1 / (1 + mp.exp(-z))
    factors = {"exact": lambda x: mp.erfc(-x / mp.sqrt(2)) / 2,
               "tanh": lambda x: sig(2 * k * (x + mp.mpf("0.044715") * x ** 3)),
               "sigmoid": lambda x: sig(mp.mpf("1.702") * x)}
    x0s = {name: x0 for name, (f, x0) in derivative_zeros().items()}
    derivs = {"exact": Gd, "tanh": Td, "sigmoid": Sd}
    eighth = mp.mpf(1) / 8

    def over_zero(f, x0):  # f'(x) / (x - x0): smooth through the simple zero x0
        return lambda x: f(x) / (x - x0) if abs(x - x0) > mp.mpf(10) ** -30 else mp.diff(f, x0)

    def emit_row_tables(layout, n_rows, fit_row, what, domain, degree):
        """Each form's factor and derivative tables of one layout: what(form, part) gives the
        function of the table's variable and its description, fit_row(i, f) a row's fit."""
        for form in ("exact", "tanh", "sigmoid"):
            for part in ("factor", "derivative"):
                f, doc = what(form, part)
                emit_table(f"{layout}_{form}_{part}_float", f"{doc}, {domain}",
                           [fit_row(i, f, part) for i in range(n_rows)],
                           f"degree {degree} per row", n_dd=1, ctype="float")

    def body_row(i, f, part):
        g = lambda t, centre=mp.mpf(i + body_first_row) / 4, f=f: f(centre + t)
        cs = split_float(cheb_fit(g, -eighth, eighth, body_degree), 1,
                         lo_nonnegative=(part == "factor"))
        return cs, max_rel_err(g, cs, -eighth, eighth, samples=400)

    def body_function(form, part):
        if part == "factor":
            return (factors[form], f"the factor F of {form} GELU = x F(x) (Phi, sigma(2u), "
                    "sigma(1.702 x)); c0_lo >= 0")
        return (over_zero(derivs[form], x0s[form]),
                f"{form} GELU derivative over (x - x0) (coefficients::x0_{form}_hi/lo), smooth through the zero")

    emit_row_tables("body", 32, body_row, body_function,
                    "for x in [-3.125, 4.875): row i = round(4 x) - body_first_row, P_i(x - centre_i), "
                    "centre_i = (i + body_first_row) / 4; c0 as a float pair", body_degree)

    # The same forms on 8 rows in a = |x| (the mirrored body path of AVX2 builds, where one
    # vpermps reads an 8-entry table): GELU(-a) = -a F(-a), GELU(a) = a - a F(-a), and f'(-a),
    # f'(a) = 1 - f'(-a) (f(x) - f(-x) = x for each form). Row i = round(2a), a < 3.75, is
    # expanded at its upper end, t = a - (i/2 + 1/4) in [-1/2, 0]: F(-a) and f'(-a) fall by up to
    # 2.6x across a row, and from the row's smaller end every term has the sign of c0, where from
    # its centre the sum cancelled (3.9-4.2 ULP near a = 3.74). The derivative over (a - a0),
    # a0 = -x0. Degree 7 with the coefficients rounded greedily: plain rounding leaves 1-4 units
    # of 2^-24 on the last rows, where c1 t rivals c0.
    mirror_degree = 7
    declare(f"inline constexpr int mirror_terms = {mirror_degree + 1};", f"degree {mirror_degree}")
    print()

    def mirror_row(i, h, part):
        g = lambda t, end=mp.mpf(2 * i + 1) / 4, h=h: h(end + t)
        lo = -mp.mpf(1) / 2 if i > 0 else -mp.mpf(1) / 4
        cs = fit_rounded_greedy(g, lo, mp.mpf(0), mirror_degree)
        return cs, max_rel_err(g, cs, lo, mp.mpf(0), samples=400)

    def mirror_function(form, part):
        if part == "factor":
            return (lambda a, f=factors[form]: f(-a),
                    f"the factor F(-a) of {form} GELU = x F(x) at x = -a")
        return (over_zero(lambda a, fd=derivs[form]: fd(-a), -x0s[form]),
                f"{form} GELU derivative at x = -a over (a - a0), a0 = -coefficients::x0_{form}")

    emit_row_tables("mirror", 8, mirror_row, mirror_function,
                    "for a = |x| < 3.75: row i = round(2 a), P_i(a - (i/2 + 1/4)); c0 as a float "
                    "pair, the others rounded greedily", mirror_degree)

    emit_zero_windows("_float", {"exact": 8, "tanh": 8, "sigmoid": 8}, lambda c: split_float(c, 1),
                      "coefficients rounded to float, c0 as hi + lo", n_dd=1, ctype="float")

    footer("coefficients::fast")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "include", "gelu", "detail")
    for name, emit in (("constants.hpp", emit_constants), ("double_coefficients.hpp", emit_double),
                       ("float_coefficients.hpp", emit_float), ("fast_coefficients.hpp", emit_fast)):
        with open(os.path.join(out, name), "w") as fh, contextlib.redirect_stdout(fh):
            emit()


if __name__ == "__main__":
    main()
