#!/usr/bin/env bash
# Unpacks tessella-<version>-<platform>.tar.gz where no Java is to be found and runs it as a user would:
# --version, kernel --json, a small demo that keeps its inputs, index on those inputs (checked byte for
# byte against the demo's verified result), and the bash completion. The PATH it runs under holds only
# the few tools the launcher and this script use, so any use of a system Java fails. The cli module runs
# it at integration-test (mvn verify); by hand: bash cli/src/dist/test-archive.sh cli/target/tessella-*.tar.gz
set -euo pipefail

archive=${1:?usage: test-archive.sh tessella-VERSION-PLATFORM.tar.gz}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "test-archive: FAILED: $*" >&2; exit 1; }
passed=0
ok() { passed=$((passed + 1)); echo "test-archive: ok: $*"; }

tar -xzf "$archive" -C "$tmp"
homes=("$tmp"/tessella-*)
[[ ${#homes[@]} -eq 1 && -d ${homes[0]} ]] || fail "the archive holds one top folder, found: ${homes[*]}"
home=${homes[0]}
for f in bin/tessella runtime/bin/java lib/tessella-cli.jar completion/tessella.bash LICENSE NOTICE THIRD-PARTY README.txt; do
  [[ -e $home/$f ]] || fail "the archive has no $f"
done
[[ -x $home/bin/tessella && -x $home/runtime/bin/java && -x $home/runtime/lib/jspawnhelper ]] || fail "launcher or runtime not executable"
ok "layout: $(cd "$home" && echo bin/tessella lib/tessella-cli.jar runtime/ completion/), $(du -sh "$archive" | cut -f1) packed, $(du -sh "$home" | cut -f1) unpacked"

# Every library inside the CLI jar is named in THIRD-PARTY with its version.
while IFS= read -r props; do
  artifact=$(unzip -p "$home/lib/tessella-cli.jar" "$props" | sed -n 's/^artifactId=//p' | tr -d '\r')
  version=$(unzip -p "$home/lib/tessella-cli.jar" "$props" | sed -n 's/^version=//p' | tr -d '\r')
  grep -qE "(^|[ ,])$artifact[ ,](.* )?$version( |$)" "$home/THIRD-PARTY" || fail "THIRD-PARTY does not name $artifact $version"
done < <(unzip -Z1 "$home/lib/tessella-cli.jar" | grep '^META-INF/maven/.*/pom.properties$' | grep -v '^META-INF/maven/io.tessella/')
ok "THIRD-PARTY names every library in the CLI jar"

# A PATH with no java on it, and an environment with no JAVA_HOME.
mkdir "$tmp/bin" "$tmp/home" "$tmp/work"
for t in bash grep readlink dirname cat; do ln -s "$(command -v "$t")" "$tmp/bin/$t"; done
run() { (cd "$tmp/work" && env -i HOME="$tmp/home" PATH="$tmp/bin" LANG=C.UTF-8 "$home/bin/tessella" "$@"); }
if env -i PATH="$tmp/bin" bash -c 'command -v java' >/dev/null; then fail "java is still on the test PATH"; fi

version=$(run --version 2>"$tmp/err") || fail "--version: $(cat "$tmp/err")"
[[ $version =~ ^tessella\ [^\ ]+\ \(commit\ [0-9a-f]{12}|unknown ]] || fail "--version printed: $version"
[[ ! -s $tmp/err ]] || fail "--version wrote to stderr: $(cat "$tmp/err")"
ok "$version"

run kernel --json >"$tmp/kernel.json" 2>"$tmp/err" || fail "kernel --json: $(cat "$tmp/err")"
grep -q '"abiVersion":1' "$tmp/kernel.json" || fail "kernel --json: $(cat "$tmp/kernel.json")"
grep -q '"library":"bundled native/linux-' "$tmp/kernel.json" || fail "kernel --json does not use the bundled library: $(cat "$tmp/kernel.json")"
grep -q '"tessella_loop":"bundled native/linux-' "$tmp/kernel.json" || fail "the loop library does not load: $(cat "$tmp/kernel.json")"
[[ ! -s $tmp/err ]] || fail "kernel --json wrote to stderr (the incubator line is not filtered?): $(cat "$tmp/err")"
ok "kernel --json: $(grep -o '"library":"[^"]*"' "$tmp/kernel.json")"

run demo --size tiny --out "$tmp/work/demo" --no-progress >"$tmp/demo.txt" 2>"$tmp/err" || fail "demo: $(cat "$tmp/err") $(cat "$tmp/demo.txt")"
grep -qE '^vector: +vector \([0-9]+-bit' "$tmp/demo.txt" || fail "demo ran without the Vector API: $(cat "$tmp/demo.txt")"
grep -q '^Every result equals its reference' "$tmp/demo.txt" || fail "demo: $(cat "$tmp/demo.txt")"
ok "demo --size tiny: on the Vector API, every result equal to its reference"

for kernel in bundled java; do
  args=(index --a1 "$tmp/work/demo/index/a1.npy" --a2 "$tmp/work/demo/index/a2.npy" --out "$tmp/work/index-$kernel" --quiet)
  [[ $kernel == java ]] && args+=(--kernel java)
  run "${args[@]}" 2>"$tmp/err" || fail "index ($kernel): $(cat "$tmp/err")"
  for f in xs.npy ys.npy idxs.npy; do
    cmp -s "$tmp/work/demo/index/$f" "$tmp/work/index-$kernel/$f" || fail "index ($kernel) $f differs from the demo's verified result"
  done
done
ok "index, with the bundled kernel and with --kernel java: the demo's verified xs, ys, idxs byte for byte"

completions=$(env -i PATH="$tmp/bin" bash -c 'source "$1"; COMP_WORDS=(tessella in); COMP_CWORD=1; COMP_LINE="tessella in"; COMP_POINT=11;
  _complete_tessella; printf "%s\n" "${COMPREPLY[@]}"' _ "$home/completion/tessella.bash" 2>/dev/null)
[[ $completions == *index* ]] || fail "bash completion of 'tessella in' gave: $completions"
options=$(env -i PATH="$tmp/bin" bash -c 'source "$1"; COMP_WORDS=(tessella index --ker); COMP_CWORD=2; COMP_LINE="tessella index --ker";
  COMP_POINT=20; _complete_tessella; printf "%s\n" "${COMPREPLY[@]}"' _ "$home/completion/tessella.bash" 2>/dev/null)
[[ $options == *--kernel* ]] || fail "bash completion of 'tessella index --ker' gave: $options"
ok "bash completion: 'tessella in' -> index, 'tessella index --ker' -> --kernel"

echo "test-archive: $passed passed, 0 failed"
