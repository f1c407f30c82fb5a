# shellcheck shell=bash
# Shared by scripts/test.sh and scripts/bench.sh: install what is missing, configure, build.

GELU_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GELU_JOBS=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)

# Debian 12 packages needed to build the tests (git: consumer.fetch_content; python3-mpmath:
# coefficients_regenerate) and the benchmarks.
GELU_PACKAGES=(g++ cmake make pkg-config git catch2 libxsimd-dev libbenchmark-dev libmpfr-dev libgmp-dev
               python3-mpmath)

# Installs (apt-get) only the packages of GELU_PACKAGES not installed yet; does nothing when
# all are there.
gelu_install_missing() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "gelu: not a Debian-like system; make sure these are installed: ${GELU_PACKAGES[*]}" >&2
    return 0
  fi
  local missing=() p
  # A name without ":arch" means the native architecture's package (or an "all" one), also when
  # another architecture's package of that name is installed (Debian multiarch).
  local native
  native=$(dpkg --print-architecture)
  for p in "${GELU_PACKAGES[@]}"; do
    if [[ "$p" == *:* ]]; then
      dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -qx "install ok installed" || missing+=("$p")
    else
      dpkg-query -W -f='${Status} ${Architecture}\n' "$p" 2>/dev/null |
        grep -qx -e "install ok installed $native" -e "install ok installed all" || missing+=("$p")
    fi
  done
  ((${#missing[@]} > 0)) || return 0

  local as_root=()
  if ((EUID != 0)); then
    if command -v sudo >/dev/null 2>&1; then
      as_root=(sudo)
    else
      echo "gelu: missing packages (${missing[*]}), and not root and no sudo to install them" >&2
      return 1
    fi
  fi
  echo "gelu: installing ${missing[*]}" >&2
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# gelu_build <build dir> <cmake -D options...>: configure a Release build and build it.
gelu_build() {
  local dir=$1
  shift
  cmake -S "$GELU_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@"
  cmake --build "$dir" --parallel "$GELU_JOBS"
}
