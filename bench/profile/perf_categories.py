"""Where the CPU time of an index build goes, from a `perf record -g -e cpu-clock` of IndexProfileMain --seconds.

Usage: python3 bench/profile/perf_categories.py PERF.DATA [NATIVE_DIR]
  NATIVE_DIR: the CMake build's bundle directory (default java/target/native/bundle), whose libraries
  give the symbols perf cannot read from the extracted copies the JVM loaded and deleted.

Each sample goes to one category: the kernel function, each of Tessella's C passes, the C recipe's
loop, page faults of first touch (split by who touched: Tessella's scatter, the ordered output's copy
inside its lock, the C recipe), copy stubs, JIT-compiled Java, the JVM itself, and the rest of the
operating system. Prints the share of samples per category and per thread. Standard library only.
"""
import collections
import os
import re
import subprocess
import sys


def symbols(native_dir):
    """Library file name -> sorted (address, function) of its text symbols."""
    table = {}
    for root, _, files in os.walk(native_dir):
        for name in files:
            if name.startswith("libtessella") and name.endswith(".so"):
                out = subprocess.run(["nm", "--defined-only", "-n", os.path.join(root, name)], capture_output=True, text=True).stdout
                table[name] = [(int(a, 16), n) for a, t, n in (l.split() for l in out.splitlines() if len(l.split()) == 3) if t in "tT"]
    return table


def frame(line, table):
    """(function, library) of one call-chain line of `perf script -F tid,ip,sym,dso`."""
    m = re.match(r"\s*([0-9a-f]+)\s+(.*?)\s+\((.*)\)$", line)
    if not m:
        return None
    ip, sym, dso = m.groups()
    name = os.path.basename(dso.replace(" (deleted)", ""))
    if name in table and not sym.startswith(("slow_", "tessella_")):
        # The extracted copy was deleted after loading: perf prints the offset, the build's copy names it.
        offset, best = int(ip, 16), "?"
        for address, function in table[name]:
            if address <= offset:
                best = function
        return best, name
    return sym, name


def category(frames):
    top, dso = frames[0]
    user = next(((s, d) for s, d in frames if d != "[kernel.kallsyms]"), ("?", "?"))
    chain = " ".join(s for s, _ in frames)
    if dso == "[kernel.kallsyms]":
        if "exc_page_fault" in chain or top in ("clear_page_erms", "folio_zero_user"):
            if "libtessella_cloop" in user[1]:
                who = "the C recipe"
            elif "StubRoutines" in user[0]:
                who = "the ordered output's copy (inside its lock)"
            elif "scatter" in user[0]:
                who = "Tessella's scatter pass"
            else:
                who = user[0][:50]
            return "first touch of output pages (page faults) from " + who
        if "munmap" in chain or "unmap" in chain:
            return "OS: unmapping"
        return "OS: other"
    if top.startswith("slow_computation"):
        return "the kernel function (" + top + ")"
    if "libtessella_loop" in dso:
        return "Tessella's C pass " + top
    if "libtessella_cloop" in dso:
        return "the C recipe's loop"
    if "StubRoutines" in top:
        return "copy stubs (MemorySegment.copy, fill)"
    if dso.startswith("perf-") or "[JIT]" in dso:
        return "JIT-compiled Java (" + top[:60] + ")"
    if "libjvm" in dso:
        return "JVM (compiler, GC, safepoints, handshakes)"
    return "other: " + dso + " " + top[:40]


def main():
    data = sys.argv[1]
    table = symbols(sys.argv[2] if len(sys.argv) > 2 else "java/target/native/bundle")
    out = subprocess.run(["perf", "script", "-i", data, "-F", "tid,ip,sym,dso"], capture_output=True, text=True).stdout
    cats, threads, total = collections.Counter(), collections.Counter(), 0
    for sample in out.split("\n\n"):
        lines = [l for l in sample.strip().splitlines() if l.strip()]
        if len(lines) < 2:
            continue
        frames = [f for f in (frame(l, table) for l in lines[1:]) if f]
        if not frames:
            continue
        total += 1
        threads[lines[0].split()[0]] += 1
        cats[category(frames)] += 1
    print("%d samples; busiest threads (tid samples): %s" % (total, ", ".join("%s %d" % kv for kv in threads.most_common(4))))
    for name, count in cats.most_common(16):
        print("%6.1f%%  %s" % (100.0 * count / total, name))


if __name__ == "__main__":
    main()
