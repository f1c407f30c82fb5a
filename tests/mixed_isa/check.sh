#!/usr/bin/env bash
# Mixed-ISA test (x86-64): the same source (unit.cpp) built for sse2 (-march=x86-64), sse4_2
# (-msse4.2), avx2 (-mavx2 -mfma), avx2_nofma (-mavx2), avx512f_nofma (-mavx512f) and this CPU
# (-march=native), at one optimisation level, linked into one program. Checks that
#  1. the units are compiled into as many different ISA namespaces;
#  2. no gelu symbol defined in two of the objects has different machine code (were one shared,
#     the linker would keep one copy for all: AVX-512 code in the baseline unit, or SSE2 code in
#     the native one);
#  3. in the mixed program each unit computes exactly the bits that a program built for its ISA
#     alone computes.
# Usage: check.sh <c++ compiler> <-O0|-O2|...> <work dir> <include dir>...
set -euo pipefail
cxx=$1 opt=$2 work=$3
shift 3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
includes=()
for d in "$@"; do
  IFS=';' read -r -a parts <<<"$d"
  for p in "${parts[@]}"; do [[ -n "$p" && -d "$p" ]] && includes+=("-I$(cd "$p" && pwd)"); done
done
rm -rf "$work" && mkdir -p "$work" && cd "$work"

declare -A flags=([sse2]="-march=x86-64" [sse4_2]="-msse4.2" [avx2]="-mavx2 -mfma"
                  [avx2_nofma]="-mavx2" [avx512f_nofma]="-mavx512f" [native]="-march=native")
isas=(sse2 sse4_2 avx2 avx2_nofma avx512f_nofma native)
cpu_has() {  # the CPU runs code built with these flags (main.cpp asks the same)
  case $1 in
    sse4_2) grep -qw sse4_2 /proc/cpuinfo ;;
    avx2) grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo ;;
    avx2_nofma) grep -qw avx2 /proc/cpuinfo ;;
    avx512f_nofma) grep -qw avx512f /proc/cpuinfo ;;
    *) true ;;
  esac
}
for isa in "${isas[@]}"; do
  read -r -a f <<<"${flags[$isa]}"
  "$cxx" -std=c++17 "$opt" "${f[@]}" "${includes[@]}" -DGELU_UNIT="$isa" -c "$here/unit.cpp" \
    -o "unit_$isa.o"
  "$cxx" -std=c++17 "$opt" "${f[@]}" "${includes[@]}" -DGELU_UNIT="$isa" -DGELU_STANDALONE \
    "$here/unit.cpp" -o "alone_$isa"
done
"$cxx" -std=c++17 "$opt" -march=x86-64 -c "$here/main.cpp" -o main.o
objects=()
for isa in "${isas[@]}"; do objects+=("unit_$isa.o"); done
"$cxx" main.o "${objects[@]}" -o mixed
failures=0

# 1. one namespace per unit
names=$(for isa in "${isas[@]}"; do nm -C unit_$isa.o | { grep -o 'gelu::isa_[a-z0-9_]*' || true; } | sort -u; done)
echo "ISA namespaces used by the units:"
sed 's/^/  /' <<<"$names"
if (($(sort -u <<<"$names" | wc -l) != ${#isas[@]})); then
  echo "FAIL: expected each unit in its own, single ISA namespace"
  failures=$((failures + 1))
fi

# 2. gelu symbols defined in two objects have the same code
for isa in "${isas[@]}"; do
  nm --defined-only "unit_$isa.o" | awk '{print $NF}' | sort -u >"syms_$isa.txt"
done
shared=$(for isa in "${isas[@]}"; do cat "syms_$isa.txt"; done | sort | uniq -d | while read -r s; do
  [[ "$(c++filt "$s")" == gelu::* ]] && echo "$s"
done || true)
count=$(grep -c . <<<"$shared" || true)
echo "gelu symbols defined per object: $(for isa in "${isas[@]}"; do
  printf '%s %s  ' "$isa" "$(while read -r s; do c++filt "$s"; done <"syms_$isa.txt" | grep -c '^gelu::' || true)"
done); defined in more than one object: $count"
code_of() {  # $1 object, $2 symbol: its instructions without addresses
  objdump -d --no-show-raw-insn --disassemble="$2" "$1" | sed -n '/^[0-9a-f]* <.*>:$/,$p' |
    sed -E 's/^ *[0-9a-f]+:\s*//; s/ *#.*$//; s/<[^>]*>//g'
}
while read -r s; do
  [[ -z "$s" ]] && continue
  ref=""
  for isa in "${isas[@]}"; do
    grep -qxF "$s" "syms_$isa.txt" || continue
    c=$(code_of "unit_$isa.o" "$s")
    if [[ -z "$ref" ]]; then ref=$c; elif [[ "$c" != "$ref" ]]; then
      echo "FAIL: $(c++filt "$s") has different code in unit_$isa.o"
      failures=$((failures + 1))
    fi
  done
done <<<"$shared"

# 3. each unit's bits in the mixed program equal its ISA's own build
./mixed .
for isa in "${isas[@]}"; do
  if ! cpu_has "$isa"; then
    echo "skip: this CPU does not run the $isa unit"
    continue
  fi
  "./alone_$isa" >"alone_$isa.txt"
  if cmp -s "mixed_$isa.txt" "alone_$isa.txt"; then
    echo "ok: the $isa unit in the mixed program gives the bits of the $isa build ($(wc -l <"alone_$isa.txt") lines)"
  else
    echo "FAIL: the $isa unit in the mixed program differs from the $isa build"
    failures=$((failures + 1))
  fi
done
echo "mixed_isa $opt: $failures failures"
((failures == 0))
