"""Runs every Python peer and writes their contract records as one JSON array.

Usage: python3 bench/peers/run_peers.py [--quick] --lib PATH/libtessella_kernel.so --out FILE.json

Each peer script runs in its own process with this interpreter, so a crash, a hang (--timeout) or a
missing package in one script never stops the others: every peer the script owed but did not print
becomes a record whose "skipped" reason starts with "failed: " and carries the script's last error
line. The scripts' progress goes to stderr as it happens, then a summary of time ratios within each
suite. Exits 0 whatever was skipped or failed, as the contract asks; only bad arguments stop it.
Uses only the standard library, so it runs (and reports "numpy is not installed") without NumPy.
"""
import argparse
import json
import os
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))

SCRIPTS = [
    ("recipe1_numpy.py", "outer", ["numpy-broadcast", "multiprocessing-tiles"]),
    ("recipe2_index.py", "index", ["ctypes-loop", "joblib", "multiprocessing", "dask-bag"]),
    ("recipe3_rowsum.py", "rowsum", ["numpy-sum"]),
    ("recipe4_add.py", "add", ["numpy-add", "multiprocessing-tiles"]),
]
"""Script, suite, and the peers it prints, in order; the first peer of a suite is its summary's baseline."""


def log(message):
    print("[run_peers] %s" % message, file=sys.stderr, flush=True)


def run_script(script, suite, peers, options, timeout):
    """Runs one peer script; returns its records, with a failed record for each peer it did not print."""
    command = [sys.executable, os.path.join(HERE, script)] + options
    log("%s %s" % (script, " ".join(options)))
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
    printed = {r.get("peer") for r in records if r.get("suite") == suite}
    for peer in peers:
        if peer not in printed:
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


def summarise(records):
    """Logs, per suite, each measured peer's best time as a multiple of the suite's first measured peer."""
    for _, suite, _ in SCRIPTS:
        measured = [r for r in records if r.get("suite") == suite and "best_s" in r]
        for r in records:
            if r.get("suite") == suite and "skipped" in r:
                log("%-7s %-22s %s" % (suite, r["peer"], r["skipped"]))
        if measured:
            base = measured[0]
            for r in measured:
                log("%-7s %-22s %8.2f x the time of %s" % (suite, r["peer"], r["best_s"] / base["best_s"],
                                                          base["peer"]))


def main():
    p = argparse.ArgumentParser(description="Runs the Python peers and writes their records as a JSON array.")
    p.add_argument("--quick", action="store_true", help="small sizes and few repeats (about a minute)")
    p.add_argument("--lib", help="path to libtessella_kernel.so; without it the index peers are skipped")
    p.add_argument("--out", required=True, help="the JSON array to write (e.g. peers.json)")
    p.add_argument("--timeout", type=int, help="seconds per script before it counts as failed "
                                               "(default 600, 1800 without --quick)")
    args = p.parse_args()
    options = (["--quick"] if args.quick else []) + (["--lib", os.path.abspath(args.lib)] if args.lib else [])
    timeout = args.timeout or (600 if args.quick else 1800)
    started = time.perf_counter()
    records = []
    for script, suite, peers in SCRIPTS:
        records += run_script(script, suite, peers, options, timeout)
    with open(args.out, "w") as f:
        json.dump(records, f, indent=1)
        f.write("\n")
    summarise(records)
    log("%d records (%d measured) written to %s in %.0f s" % (len(records), sum("best_s" in r for r in records),
                                                             args.out, time.perf_counter() - started))


if __name__ == "__main__":
    main()
