#!/usr/bin/env bash
# Installs every Python peer the benchmark suite runs, on a fresh Debian (or Ubuntu) machine:
#   python3-numpy python3-joblib python3-dask python3-numba python3-numexpr   for /usr/bin/python3
#   hyperfine                                                                 optional, for timing whole processes by hand
# Debian's packages are the way in where PyPI is out of reach, and they work together (Debian 12: NumPy 1.24,
# numba 0.56, numexpr 2.8, dask 2022.12, joblib 1.2). A python3 earlier on PATH (a pyenv or a virtualenv) is left
# alone: bench/peers/run_peers.py runs each peer on the first interpreter that has what the peer needs, and
# records which interpreter and which NumPy ran it.
#
# Usage: bench/peers/setup.sh [--check]
#   --check   installs nothing; lists what each candidate interpreter has and exits 1 when a peer would be skipped.
# Needs root (or sudo) to install; safe to run again (apt-get installs only what is missing).
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
packages=(python3 python3-numpy python3-joblib python3-dask python3-numba python3-numexpr)
optional=(hyperfine)

check() {
  # The runner's own probe: the same interpreter choice bench/run.sh will make.
  local py
  py=$(command -v python3 || command -v /usr/bin/python3 || true)
  [[ -n "$py" ]] || { echo "setup.sh: no python3 at all" >&2; return 1; }
  "$py" "$here/run_peers.py" --check
}

if [[ "${1:-}" == "--check" ]]; then
  check
  exit $?
fi
[[ $# -eq 0 ]] || { echo "setup.sh: unknown argument '$1' (usage: bench/peers/setup.sh [--check])" >&2; exit 2; }

if ! command -v apt-get >/dev/null; then
  echo "setup.sh: no apt-get: install NumPy, joblib, dask[bag], numba and numexpr for a python3 by other means;" >&2
  echo "setup.sh: bench/peers/run_peers.py --check says what each interpreter it finds has" >&2
  exit 2
fi
sudo=()
if [[ $(id -u) != 0 ]]; then
  command -v sudo >/dev/null || { echo "setup.sh: installing Debian packages needs root or sudo" >&2; exit 2; }
  sudo=(sudo)
fi

missing=()
for p in "${packages[@]}" "${optional[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup.sh: installing ${missing[*]}" >&2
  # Other builds on the machine may hold the dpkg lock for a while: wait for it rather than fail.
  "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
    "${packages[@]}"
  # hyperfine is a convenience (bench/README.md shows it timing bin/tessella by hand); the suite does not need it.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
    "${optional[@]}" || echo "setup.sh: ${optional[*]} not installed (optional)" >&2
else
  echo "setup.sh: the Debian packages are already installed" >&2
fi
check
