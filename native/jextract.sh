#!/usr/bin/env bash
# Regenerates the FFM bindings for native/include/tessella_{kernel,outer,loop}.h with jextract (JDK 22+ builds,
# https://jdk.java.net/jextract/). jextract is not on Maven Central or in Debian, so the committed
# io/tessella/kernel/ffi/*_h.java are kept by hand in jextract's layout; run this where
# jextract is installed and diff the result against the committed file.
#
#   native/jextract.sh            regenerate into java/src/main/java (overwrites the committed file)
#   native/jextract.sh --check    regenerate into a temp dir and diff, exit 1 on drift
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
command -v jextract >/dev/null || { echo "jextract.sh: jextract not on PATH (get it from https://jdk.java.net/jextract/)" >&2; exit 2; }

out="$root/java/src/main/java"
if [[ "${1:-}" == "--check" ]]; then out=$(mktemp -d); fi

# No --library: the bindings look symbols up in libraries loaded by System.load, which
# io.tessella.kernel.NativeKernel arranges (bundled, extracted, or -Dtessella.kernel.path); the
# hand-written layer binds swapped-in libraries by address.
jextract \
  --output "$out" \
  --target-package io.tessella.kernel.ffi \
  --header-class-name tessella_kernel_h \
  --include-function tessella_kernel_abi_version \
  --include-function slow_computation \
  --include-function slow_computation_batch \
  --include-constant TESSELLA_KERNEL_ABI_VERSION \
  --include-constant TESSELLA_OK \
  --include-constant TESSELLA_E_NONFINITE \
  --include-constant TESSELLA_E_DOMAIN \
  --include-constant TESSELLA_E_DIVERGED \
  --include-constant TESSELLA_E_NULL \
  --include-constant TESSELLA_DOMAIN_MAX \
  "$here/include/tessella_kernel.h"

jextract \
  --output "$out" \
  --target-package io.tessella.kernel.ffi \
  --header-class-name tessella_outer_h \
  --include-function tessella_outer_abi_version \
  --include-function tessella_outer_f64 \
  --include-function tessella_outer_i64 \
  --include-function tessella_fill_f64 \
  --include-function tessella_outer_isa \
  --include-constant TESSELLA_OUTER_ABI_VERSION \
  --include-constant TESSELLA_STORE_PLAIN \
  --include-constant TESSELLA_STORE_STREAMING \
  --include-constant TESSELLA_OUTER_E_ARG \
  "$here/include/tessella_outer.h"

jextract \
  --output "$out" \
  --target-package io.tessella.kernel.ffi \
  --header-class-name tessella_loop_h \
  --include-function tessella_loop_abi_version \
  --include-function tessella_zero_upper \
  --include-function tessella_loop_scalar \
  --include-function tessella_index_gather \
  --include-function tessella_index_scatter \
  --include-constant TESSELLA_LOOP_ABI_VERSION \
  "$here/include/tessella_loop.h"

if [[ "${1:-}" == "--check" ]]; then
  status=0
  for h in tessella_kernel_h tessella_outer_h tessella_loop_h; do
    committed="$root/java/src/main/java/io/tessella/kernel/ffi/$h.java"
    generated="$out/io/tessella/kernel/ffi/$h.java"
    # The committed files carry a header saying they are hand-kept; compare from the package line on.
    diff <(sed -n '/^package /,$p' "$committed") <(sed -n '/^package /,$p' "$generated") || status=1
  done
  exit $status
fi
