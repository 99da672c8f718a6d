#!/usr/bin/env bash
# Generates the FFM bindings in java/src/main/java/io/tessella/kernel/ffi from
# native/include/tessella_{kernel,outer,loop}.h with jextract. Everything in that folder is jextract's
# output, committed as it comes out: never edit it by hand; change a header and run this instead.
#
#   native/jextract.sh            regenerate (replaces every file in the ffi folder)
#   native/jextract.sh --check    regenerate into a temporary folder, diff it against the committed
#                                 folder, exit 1 on drift (0: none)
#
# Which jextract (it is in neither Maven Central nor Debian; README.md, "Bindings", says how the
# committed files were made):
#   JEXTRACT unset                the 'jextract' command on PATH (a jdk.java.net build, say)
#   JEXTRACT=/path/to/jextract    that command
#   JEXTRACT=/path/to/classes     jextract compiled from its sources with javac: a module-path folder
#                                 holding org.openjdk.jextract/. It runs on JEXTRACT_JAVA (default: the
#                                 first JDK 25 or newer in $JAVA_HOME, /usr/lib/jvm/*), with libclang
#                                 from LIBCLANG_HOME (default: the newest /usr/lib/llvm-*, Debian's
#                                 libclang-NN-dev), and clang's own headers under
#                                 $LIBCLANG_HOME/lib/clang/<version>/include.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
ffi="$root/java/src/main/java/io/tessella/kernel/ffi"

fail() { echo "jextract.sh: $*" >&2; exit 2; }

java_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }

find_java() {
  if [[ -n "${JEXTRACT_JAVA:-}" ]]; then echo "$JEXTRACT_JAVA"; return; fi
  local home major
  for home in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
    major=$(java_major "$home")
    if [[ -n "$major" && "$major" -ge 25 && -x "$home/bin/java" ]]; then echo "$home/bin/java"; return; fi
  done
  fail "no JDK 25 or newer to run jextract's classes on: set JEXTRACT_JAVA=/path/to/java"
}

jextract_command=()
if [[ -z "${JEXTRACT:-}" ]]; then
  command -v jextract >/dev/null || fail "no jextract: put it on PATH or set JEXTRACT (see the comment at the top of this script)"
  jextract_command=(jextract)
elif [[ -d "$JEXTRACT" ]]; then
  [[ -d "$JEXTRACT/org.openjdk.jextract" ]] || fail "JEXTRACT=$JEXTRACT holds no org.openjdk.jextract/ module folder"
  libclang_home=${LIBCLANG_HOME:-$(ls -d /usr/lib/llvm-* 2>/dev/null | sort -V | tail -n 1)}
  [[ -n "$libclang_home" && -d "$libclang_home/lib" ]] || fail "no libclang: install libclang-NN-dev or set LIBCLANG_HOME"
  clang_include=$(ls -d "$libclang_home"/lib/clang/*/include 2>/dev/null | sort -V | tail -n 1)
  [[ -n "$clang_include" ]] || fail "no clang headers under $libclang_home/lib/clang/*/include"
  jextract_command=("$(find_java)" "-Djava.library.path=$libclang_home/lib" "-Djextract.header.path=$clang_include"
    --enable-native-access=org.openjdk.jextract -p "$JEXTRACT" -m org.openjdk.jextract/org.openjdk.jextract.JextractTool)
else
  jextract_command=("$JEXTRACT")
fi

out="$root/java/src/main/java"
if [[ "${1:-}" == "--check" ]]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
  "${jextract_command[@]}" --version >&2
else
  # A function or typedef dropped from the lists below must not survive as a stale file.
  rm -f "$ffi"/*.java
fi

# No --library: the per-function bindings look their symbols up among the libraries this class loader
# has System.load()ed, which io.tessella.kernel.BundledLibrary arranges for the bundled ones. A library
# swapped in by path is bound by address instead, with the signatures of the *_fn typedefs.
"${jextract_command[@]}" \
  --output "$out" \
  --target-package io.tessella.kernel.ffi \
  --header-class-name tessella_kernel_h \
  --include-function tessella_kernel_abi_version \
  --include-function slow_computation \
  --include-function slow_computation_batch \
  --include-typedef tessella_kernel_abi_version_fn \
  --include-typedef tessella_slow_computation_fn \
  --include-typedef tessella_slow_computation_batch_fn \
  --include-constant TESSELLA_KERNEL_ABI_VERSION \
  --include-constant TESSELLA_OK \
  --include-constant TESSELLA_E_NONFINITE \
  --include-constant TESSELLA_E_DOMAIN \
  --include-constant TESSELLA_E_DIVERGED \
  --include-constant TESSELLA_E_NULL \
  --include-constant TESSELLA_DOMAIN_MAX \
  "$here/include/tessella_kernel.h"

"${jextract_command[@]}" \
  --output "$out" \
  --target-package io.tessella.kernel.ffi \
  --header-class-name tessella_outer_h \
  --include-function tessella_outer_abi_version \
  --include-function tessella_outer_f64 \
  --include-function tessella_outer_i64 \
  --include-function tessella_fill_f64 \
  --include-function tessella_outer_isa \
  --include-typedef tessella_outer_abi_version_fn \
  --include-typedef tessella_outer_f64_fn \
  --include-typedef tessella_outer_i64_fn \
  --include-typedef tessella_fill_f64_fn \
  --include-typedef tessella_outer_isa_fn \
  --include-constant TESSELLA_OUTER_ABI_VERSION \
  --include-constant TESSELLA_STORE_PLAIN \
  --include-constant TESSELLA_STORE_STREAMING \
  --include-constant TESSELLA_OUTER_E_ARG \
  "$here/include/tessella_outer.h"

# Only ever the bundled library: bound through the per-function bindings, no typedefs needed.
"${jextract_command[@]}" \
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
  if diff -r "$ffi" "$out/io/tessella/kernel/ffi"; then
    echo "jextract.sh: no drift: $ffi is what jextract generates" >&2
  else
    echo "jextract.sh: drift: $ffi differs from what jextract generates (above: < committed, > generated)" >&2
    exit 1
  fi
fi
