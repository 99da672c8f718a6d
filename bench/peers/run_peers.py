"""Runs every Python peer, each on an interpreter that has what it needs, and writes their contract records
as one JSON array.

Usage: python3 bench/peers/run_peers.py [--quick | --smoke] --lib PATH/libtessella_kernel.so
           [--cheap-lib PATH/libtessella_kernel_cheap.so] [--tessella PATH/bin/tessella]
           [--python INTERPRETER]... --out FILE.json
       python3 bench/peers/run_peers.py --check [--python INTERPRETER]...

Interpreters: those given with --python, else this one, python3 on PATH and /usr/bin/python3 (where
bench/peers/setup.sh installs Debian's NumPy, joblib, dask, numba and numexpr), each asked once which
of the peers' modules it can import. Every peer runs on the first of them that has all the modules it
needs (PEERS below), or, when none has, on the first one, where it reports what is missing as a
skipped record. Each measured record names its interpreter ("interpreter") and the versions that ran
it ("versions"). --check prints which interpreter would run each peer and exits 1 when one would be
skipped for a missing module.

Each peer script runs in its own process, once per interpreter it is given peers on, so a crash, a
hang (--timeout) or a missing package in one never stops the others: every peer the script owed but did
not print becomes a record whose "skipped" reason starts with "failed: " and carries the script's last
error line. The scripts' progress goes to stderr as it happens, then a summary of time ratios within
each suite. Exits 0 whatever was skipped or failed, as the contract asks; only bad arguments stop it.
Uses only the standard library, so it runs (and reports "numpy is not installed") without NumPy.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))

N, JOBLIB, DASK, NUMBA, NUMEXPR = "numpy", "joblib", "dask.bag", "numba", "numexpr"
SCRIPTS = [
    ("recipe1_numpy.py", [("outer", "numpy-broadcast", [N]), ("outer", "multiprocessing-tiles", [N]),
                          ("outer", "numexpr-fresh", [N, NUMEXPR]), ("outer", "numexpr-touched", [N, NUMEXPR]),
                          ("outer", "numba-prange-fresh", [N, NUMBA]), ("outer", "numba-prange-touched", [N, NUMBA])]),
    ("recipe2_index.py", [("index", "ctypes-loop", [N]), ("index", "joblib", [N, JOBLIB]), ("index", "multiprocessing", [N]),
                          ("index", "dask-bag", [N, DASK]), ("index", "numba-prange", [N, NUMBA])]),
    ("recipe3_rowsum.py", [("rowsum", "numpy-sum", [N]), ("rowsum", "numba-prange", [N, NUMBA])]),
    ("recipe4_add.py", [("add", "numpy-add", [N]), ("add", "multiprocessing-tiles", [N])]),
    ("recipe_process.py", [("process-outer", "tessella-cli", [N]), ("process-outer", "numpy-broadcast", [N]),
                           ("process-outer", "numexpr", [N, NUMEXPR]), ("process-outer", "numba-prange", [N, NUMBA]),
                           ("process-index", "tessella-cli", [N]), ("process-index", "ctypes-loop", [N]),
                           ("process-index", "numba-prange", [N, NUMBA]), ("process-rowsum", "tessella-cli", [N]),
                           ("process-rowsum", "numpy-sum", [N]), ("process-rowsum", "numba-prange", [N, NUMBA]),
                           ("process-add", "tessella-cli", [N]), ("process-add", "numpy-add", [N])]),
]
"""Script, and the (suite, peer, modules it needs) it prints, in order; the first peer of a suite is the
baseline of its summary line."""
MODULES = [N, JOBLIB, DASK, NUMBA, NUMEXPR]
SMOKE_OPTIONS = {"recipe1_numpy.py": ["--rows", "7", "--cols", "5"], "recipe2_index.py": ["--rows", "6", "--cols", "7"],
                 "recipe3_rowsum.py": ["--rows", "2", "--cols", "100"], "recipe4_add.py": ["--shape", "3,8,8"],
                 "recipe_process.py": ["--small"]}
"""--smoke: each script on tiny inputs, one repeat (the tests' end-to-end run)."""
CHEAP_LIB_SCRIPTS = {"recipe2_index.py", "recipe_process.py"}
TESSELLA_SCRIPTS = {"recipe_process.py"}

PROBE = """
import importlib, json, platform, sys
found = {}
for name in %r:
    try:
        found[name] = getattr(importlib.import_module(name), "__version__", "") or importlib.import_module(name.split(".")[0]).__version__
    except Exception:
        pass
print(json.dumps({"executable": sys.executable, "python": platform.python_version(), "modules": found}))
""" % MODULES


def log(message):
    print("[run_peers] %s" % message, file=sys.stderr, flush=True)


def selection_name(script, suite, peer):
    """What the script's --peers takes: the peer's name, or suite/peer where one script prints several suites."""
    suites = {s for s, _, _ in dict(SCRIPTS)[script]}
    return peer if len(suites) == 1 else "%s/%s" % (suite, peer)


def probe(python):
    """What an interpreter is and which of MODULES it imports, or None when it does not run."""
    try:
        done = subprocess.run([python, "-c", PROBE], capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None


def interpreters(given):
    """The candidate interpreters that run, in order, each once (by the executable it reports)."""
    candidates = given or [sys.executable, shutil.which("python3"), "/usr/bin/python3"]
    found, seen = [], set()
    for python in candidates:
        if not python:
            continue
        info = probe(python)
        if info is None:
            if given:
                log("interpreter %s does not run; left out" % python)
            continue
        key = os.path.realpath(info["executable"])
        if key not in seen:
            seen.add(key)
            found.append(info)
    return found


def assign(found):
    """(script, suite, peer) -> the interpreter that runs it: the first with every module it needs, else the first."""
    choice = {}
    for script, peers in SCRIPTS:
        for suite, peer, needs in peers:
            able = [i for i in found if all(m in i["modules"] for m in needs)]
            choice[(script, suite, peer)] = (able or found)[0]
    return choice


def check(found, choice):
    """Prints which interpreter runs each peer; returns 1 when a peer would be skipped for a missing module."""
    for i in found:
        modules = ", ".join("%s %s" % (m, v) for m, v in sorted(i["modules"].items())) or "none of the peers' modules"
        print("%s (Python %s): %s" % (i["executable"], i["python"], modules))
    missing = 0
    for script, peers in SCRIPTS:
        for suite, peer, needs in peers:
            i = choice[(script, suite, peer)]
            lacks = [m for m in needs if m not in i["modules"]]
            missing += bool(lacks)
            print("%-15s %-22s %s%s" % (suite, peer, i["executable"], " MISSING " + ", ".join(lacks) if lacks else ""))
    if missing:
        print("%d peer(s) would be skipped: run bench/peers/setup.sh (Debian) or install the missing modules" % missing)
    return 1 if missing else 0


def run_script(python, script, peers, options, timeout):
    """Runs one peer script on one interpreter for the given (suite, peer)s; returns their records, with a
    failed record for each peer it did not print."""
    names = [selection_name(script, suite, peer) for suite, peer in peers]
    command = [python, os.path.join(HERE, script)] + options + ["--peers", ",".join(names)]
    log("%s %s on %s" % (script, " ".join(options), python))
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=HERE)
    stdout = []
    stderr_tail = []
    readers = [threading.Thread(target=lambda: stdout.extend(process.stdout)),
               threading.Thread(target=forward_stderr, args=(process.stderr, stderr_tail))]
    for reader in readers:
        reader.start()
    try:
        process.wait(timeout=timeout)
        problem = None if process.returncode == 0 else "%s exited with code %d" % (script, process.returncode)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        problem = "%s timed out after %d s" % (script, timeout)
    for reader in readers:
        reader.join()
    records = []
    for line in stdout:
        try:
            records.append(json.loads(line))
        except ValueError:
            log("%s printed a line that is not JSON: %r" % (script, line[:200]))
    printed = {(r.get("suite"), r.get("peer")) for r in records}
    for suite, peer in peers:
        if (suite, peer) not in printed:
            reason = problem or "%s printed no record for it" % script
            if stderr_tail:
                reason += ": " + stderr_tail[-1]
            log("FAILED %s/%s: %s" % (suite, peer, reason))
            records.append({"suite": suite, "peer": peer, "skipped": "failed: " + reason})
    return records


def forward_stderr(stream, tail):
    """Copies a script's stderr to ours as it arrives, keeping its last non-empty lines."""
    for line in stream:
        sys.stderr.write(line)
        sys.stderr.flush()
        if line.strip():
            tail[:] = (tail + [line.strip()])[-5:]


def label(record):
    kernel = record.get("params", {}).get("kernel")
    return record["peer"] + (" [%s kernel]" % kernel if kernel else "")


def summarise(records):
    """Logs, per suite, each measured peer's best time as a multiple of the suite's first measured peer."""
    suites = []
    for _, peers in SCRIPTS:
        for suite, _, _ in peers:
            if suite not in suites:
                suites.append(suite)
    for suite in suites:
        measured = [r for r in records if r.get("suite") == suite and "best_s" in r]
        for r in records:
            if r.get("suite") == suite and "skipped" in r:
                log("%-14s %-22s %s" % (suite, r["peer"], r["skipped"]))
        if measured:
            base = measured[0]
            for r in measured:
                log("%-14s %-36s %8.2f x the time of %s" % (suite, label(r), r["best_s"] / base["best_s"], label(base)))


def order(records):
    """The records in SCRIPTS order (peers run per interpreter come back grouped by interpreter)."""
    rank = {}
    for _, peers in SCRIPTS:
        for suite, peer, _ in peers:
            rank.setdefault((suite, peer), len(rank))
    return sorted(records, key=lambda r: rank.get((r.get("suite"), r.get("peer")), len(rank)))


def main():
    p = argparse.ArgumentParser(description="Runs the Python peers and writes their records as a JSON array.")
    size = p.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="small sizes and few repeats (a minute or two)")
    size.add_argument("--smoke", action="store_true", help="tiny inputs, one repeat: checks every peer end to end")
    p.add_argument("--lib", help="path to libtessella_kernel.so; without it the index peers are skipped")
    p.add_argument("--cheap-lib", help="path to libtessella_kernel_cheap.so: the index peers run over it too")
    p.add_argument("--tessella", help="path to bin/tessella, for the whole-process rows (else they are skipped)")
    p.add_argument("--python", action="append", help="an interpreter to consider (repeatable; default: this one, "
                                                     "python3 on PATH, /usr/bin/python3)")
    p.add_argument("--out", help="the JSON array to write (e.g. peers.json)")
    p.add_argument("--check", action="store_true", help="only say which interpreter would run each peer")
    p.add_argument("--timeout", type=int, help="seconds per script run before it counts as failed "
                                               "(default 900, 3600 without --quick)")
    args = p.parse_args()
    if not args.check and not args.out:
        p.error("--out is required (or --check)")
    found = interpreters(args.python)
    if not found:
        raise SystemExit("run_peers.py: no interpreter runs (tried %s)" % (args.python or "this one, python3, /usr/bin/python3"))
    choice = assign(found)
    if args.check:
        sys.exit(check(found, choice))

    common = (["--quick"] if args.quick else []) + (["--repeats", "1"] if args.smoke else []) + \
             (["--lib", os.path.abspath(args.lib)] if args.lib else [])
    timeout = args.timeout or (900 if args.quick or args.smoke else 3600)
    started = time.perf_counter()
    records = []
    for script, peers in SCRIPTS:
        options = common + (SMOKE_OPTIONS[script] if args.smoke else [])
        if script in CHEAP_LIB_SCRIPTS and args.cheap_lib:
            options += ["--cheap-lib", os.path.abspath(args.cheap_lib)]
        if script in TESSELLA_SCRIPTS and args.tessella:
            options += ["--tessella", os.path.abspath(args.tessella)]
        for info in found:
            mine = [(suite, peer) for suite, peer, _ in peers if choice[(script, suite, peer)] is info]
            if mine:
                records += run_script(info["executable"], script, mine, options, timeout)
    records = order(records)
    with open(args.out, "w") as f:
        json.dump(records, f, indent=1)
        f.write("\n")
    summarise(records)
    log("%d records (%d measured) written to %s in %.0f s" % (len(records), sum("best_s" in r for r in records),
                                                             args.out, time.perf_counter() - started))


if __name__ == "__main__":
    main()
