"""Tests of the Python peers: run with `python3 -m unittest discover bench/peers` (standard library only).

The index tests need the kernel libraries: $TESSELLA_KERNEL_LIB and $TESSELLA_CHEAP_KERNEL_LIB, else the
Maven build's java/target/native/bundle/libtessella_kernel.so and bundle/bench/libtessella_kernel_cheap.so;
they are skipped, saying so, without them. Tests that need NumPy are skipped without it. The peers that
need joblib, dask, numba or numexpr are tested through the runner, which runs each on an interpreter
that has them (after bench/peers/setup.sh, /usr/bin/python3): RunnerSmokeTest runs every peer end to end
on tiny inputs and, where every module is installed somewhere, requires that none was skipped. The
whole-process rows include bin/tessella when the CLI jar is built (cli/target/tessella-cli.jar).
"""
import argparse
import ctypes
import importlib.util
import json
import math
import os
import stat
import struct
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
LIB = os.environ.get("TESSELLA_KERNEL_LIB") or os.path.join(REPO, "java", "target", "native", "bundle",
                                                            "libtessella_kernel.so")
CHEAP_LIB = os.environ.get("TESSELLA_CHEAP_KERNEL_LIB") or os.path.join(REPO, "java", "target", "native", "bundle",
                                                                        "bench", "libtessella_kernel_cheap.so")
TESSELLA = os.path.join(REPO, "bin", "tessella")
HAVE_CLI = os.path.isfile(os.path.join(REPO, "cli", "target", "tessella-cli.jar"))
HAVE_NUMPY = importlib.util.find_spec("numpy") is not None
HAVE_LIB = os.path.isfile(LIB)
HAVE_LIBS = HAVE_LIB and os.path.isfile(CHEAP_LIB)
NO_LIB = "no kernel library at %s (set TESSELLA_KERNEL_LIB or build with mvn)" % LIB
NO_LIBS = "no kernel libraries at %s and %s (set TESSELLA_KERNEL_LIB and TESSELLA_CHEAP_KERNEL_LIB or build with mvn)" % (
    LIB, CHEAP_LIB)

# The contract's recipe data for 4 x 5 (k = 0..19), as Python's repr() prints them; the Java twin's
# Double.toString must print the same numbers.
A1_4X5 = [766.6216164272853, -947.1324568148045, -787.3066168655752, -652.2642680806343, -508.6221023197373,
          -207.06404874237296, 47.901183309902535, 416.44466947909314, -22.170739034990106, -590.6093565216588,
          710.9794817225434, 859.0681371529893, 730.3468980630928, -10000000000.0, 272.9680145646141,
          886.0267319013478, -902.4076432517368, 643.2023194385988, -488.31255663780394, -139.84485073179667]
A2_4X5 = [-136.94400590298005, 941.763956307657, -345.3484715637485, 543.093112663134, 904.0613827356528,
          522.0688432552538, 110.33503226686503, 36.96436788434812, 529.7573880152374, 688.3102857287079,
          320.42057164680637, -341.5094807354367, 151.32176217466258, -493.5723890123298, 861.8809553141575,
          -566.4913809580128, -958.2465630644865, -176.66441687503448, -529.4111204781071, -377.6251733570102]

CONTRACT_PEERS = {
    "outer": {"numpy-broadcast", "multiprocessing-tiles", "numexpr-fresh", "numexpr-touched", "numba-prange-fresh",
              "numba-prange-touched"},
    "index": {"ctypes-loop", "joblib", "multiprocessing", "dask-bag", "numba-prange"},
    "rowsum": {"numpy-sum", "numba-prange"},
    "add": {"numpy-add", "multiprocessing-tiles"},
    "process-outer": {"tessella-cli", "numpy-broadcast", "numexpr", "numba-prange"},
    "process-index": {"tessella-cli", "ctypes-loop", "numba-prange"},
    "process-rowsum": {"tessella-cli", "numpy-sum", "numba-prange"},
    "process-add": {"tessella-cli", "numpy-add"},
}
MEASURED_KEYS = {"suite", "peer", "params", "elements", "best_s", "median_s", "repeats", "ns_per_element",
                 "gb_per_s", "workers", "versions", "interpreter", "note"}


def not_installed(module, pip_name=None):
    """The skip reason for a module missing from this interpreter."""
    return ("%s is not installed for %s (bench/peers/setup.sh installs it for /usr/bin/python3; or pip install %s)"
            % (module, sys.executable, pip_name or module))


def cheap_kernel(a, b):
    """native/test/cheap_kernel.c's definition in plain Python: (status, index or None)."""
    if not (math.isfinite(a) and math.isfinite(b)):
        return 1, None
    if abs(a) > 1.0e9 or abs(b) > 1.0e9:
        return 2, None
    mask = (1 << 64) - 1
    bits_a, bits_b = (struct.unpack("<Q", struct.pack("<d", v))[0] for v in (a, b))
    h = bits_a ^ ((bits_b * 0x9E3779B97F4A7C15) & mask)
    h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & mask
    h ^= h >> 31
    if h & 63 == 0:
        return 3, None
    return 0, h >> 24


def expected_index(lib, rows, cols):
    """(emitted, failed, skipped) of recipe 2 over rows x cols recipe data, element by element through ctypes
    on the contract's plain-int data: independent of the peers' own loops."""
    emitted = failed = skipped = 0
    idx = ctypes.c_int64()
    for k in range(rows * cols):
        a1, a2 = contract_value_pair(k)
        if a1 <= -1.0e10:
            skipped += 1
        elif lib.slow_computation(a2, a1, ctypes.byref(idx)) == 0:
            emitted += 1
        else:
            failed += 1
    return emitted, failed, skipped


def open_kernel(path):
    lib = ctypes.CDLL(path)
    lib.slow_computation.argtypes = [ctypes.c_double, ctypes.c_double, ctypes.POINTER(ctypes.c_int64)]
    lib.slow_computation.restype = ctypes.c_int32
    return lib


def contract_value_pair(k):
    """(a1[k], a2[k]) by the contract's formula in plain Python ints, independently of peers_common."""
    mask = (1 << 64) - 1

    def mix(z):
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        return z ^ (z >> 31)

    def unit(u):
        return (u >> 11) * 2.0 ** -53

    ua = mix(((2 * k + 1) * 0x9E3779B97F4A7C15) & mask)
    ub = mix(((2 * k + 2) * 0x9E3779B97F4A7C15) & mask)
    a1 = -1.0e10 if (ua & 31) == 0 else unit(ua) * 2000.0 - 1000.0
    return a1, unit(ub) * 2000.0 - 1000.0


def run_python(args, timeout=300):
    """Runs this interpreter with args; returns the completed process (text output)."""
    return subprocess.run([sys.executable] + args, capture_output=True, text=True, timeout=timeout, cwd=HERE)


def script_records(script, *options, hide_module=None):
    """The JSON records a peer script prints; with hide_module, that module fails to import in it."""
    path = os.path.join(HERE, script)
    if hide_module:
        code = ("import runpy, sys; sys.modules[%r] = None; sys.path.insert(0, %r); sys.argv = %r; "
                "runpy.run_path(%r, run_name='__main__')" % (hide_module, HERE, [path] + list(options), path))
        done = run_python(["-c", code])
    else:
        done = run_python([path] + list(options))
    if done.returncode != 0:
        raise AssertionError("%s exited with %d:\n%s" % (script, done.returncode, done.stderr))
    return [json.loads(line) for line in done.stdout.splitlines()]


class ContractChecks(unittest.TestCase):
    def assert_contract_record(self, record):
        """Checks one record's keys and types against the contract."""
        self.assertIn(record.get("suite"), CONTRACT_PEERS, record)
        self.assertIn(record.get("peer"), CONTRACT_PEERS[record["suite"]], record)
        if "skipped" in record:
            self.assertEqual({"suite", "peer", "skipped"}, set(record), record)
            self.assertIsInstance(record["skipped"], str)
            return
        self.assertEqual(MEASURED_KEYS, set(record), record)
        self.assertIsInstance(record["params"], dict)
        for key in ("elements", "repeats", "workers"):
            self.assertIs(type(record[key]), int, key)
            self.assertGreater(record[key], 0, key)
        for key in ("best_s", "median_s", "ns_per_element"):
            self.assertIs(type(record[key]), float, key)
        self.assertLessEqual(record["best_s"], record["median_s"])
        self.assertTrue(record["gb_per_s"] is None or type(record["gb_per_s"]) is float)
        self.assertIsInstance(record["versions"].get("python"), str)
        self.assertIsInstance(record["versions"].get("numpy"), str)
        self.assertTrue(os.path.isabs(record["interpreter"]), record["interpreter"])
        self.assertIsInstance(record["note"], str)


class RecipeDataTest(unittest.TestCase):
    def test_plain_int_formula_gives_the_pinned_4x5_values(self):
        pairs = [contract_value_pair(k) for k in range(20)]
        self.assertEqual(A1_4X5, [a1 for a1, _ in pairs])
        self.assertEqual(A2_4X5, [a2 for _, a2 in pairs])

    @unittest.skipUnless(HAVE_NUMPY, "numpy is not installed")
    def test_numpy_generator_matches_the_plain_int_formula(self):
        import numpy as np
        from peers_common import recipe_data
        a1, a2 = recipe_data(np, 4, 5)
        self.assertEqual((4, 5), a1.shape)
        self.assertEqual(A1_4X5, a1.ravel().tolist())
        self.assertEqual(A2_4X5, a2.ravel().tolist())


class CheapKernelTest(unittest.TestCase):
    @unittest.skipUnless(os.path.isfile(CHEAP_LIB), "no cheap kernel library at %s" % CHEAP_LIB)
    def test_library_follows_its_definition(self):
        lib = open_kernel(CHEAP_LIB)
        cases = [contract_value_pair(k) for k in range(2000)]
        cases += [(0.0, -0.0), (-0.0, 0.0), (1.0e9, -1.0e9), (math.nextafter(1.0e9, 2.0e9), 0.0), (0.0, -1.0e10),
                  (float("nan"), 1.0), (1.0, float("inf")), (5e-324, -5e-324)]
        statuses = set()
        idx = ctypes.c_int64(-7)
        for a, b in cases:
            idx.value = -7
            status = lib.slow_computation(a, b, ctypes.byref(idx))
            want_status, want_index = cheap_kernel(a, b)
            self.assertEqual(want_status, status, (a, b))
            self.assertEqual(want_index if want_status == 0 else -7, idx.value, (a, b))
            statuses.add(status)
        self.assertEqual({0, 1, 2, 3}, statuses, "the cases reach every status code")
        self.assertEqual(4, lib.slow_computation(1.0, 2.0, None), "a NULL out")

    def test_definition_diverges_about_one_input_in_64(self):
        diverged = sum(cheap_kernel(*contract_value_pair(k))[0] == 3 for k in range(64000))
        self.assertTrue(700 < diverged < 1300, diverged)


class RunnerSelectionTest(unittest.TestCase):
    """run_peers' choice of interpreter, on made-up probes."""

    PLAIN = {"executable": "/plain/python3", "python": "3.11", "modules": {"numpy": "2.4"}}

    def everything(self):
        import run_peers
        return {"executable": "/usr/bin/python3", "python": "3.11", "modules": {m: "1" for m in run_peers.MODULES}}

    def test_each_peer_runs_on_the_first_interpreter_that_has_its_modules(self):
        import run_peers
        debian = self.everything()
        choice = run_peers.assign([self.PLAIN, debian])
        self.assertIs(self.PLAIN, choice[("recipe2_index.py", "index", "ctypes-loop")])
        self.assertIs(debian, choice[("recipe2_index.py", "index", "numba-prange")])
        self.assertIs(debian, choice[("recipe1_numpy.py", "outer", "numexpr-touched")])
        self.assertIs(debian, choice[("recipe2_index.py", "index", "dask-bag")])
        self.assertIs(self.PLAIN, choice[("recipe_process.py", "process-index", "tessella-cli")])

    def test_a_peer_no_interpreter_can_run_goes_to_the_first_to_report_what_is_missing(self):
        import run_peers
        other = {"executable": "/other/python3", "python": "3.12", "modules": {"numpy": "2.0", "joblib": "1"}}
        choice = run_peers.assign([self.PLAIN, other])
        self.assertIs(self.PLAIN, choice[("recipe3_rowsum.py", "rowsum", "numba-prange")])
        self.assertIs(other, choice[("recipe2_index.py", "index", "joblib")])

    def test_check_fails_exactly_when_a_peer_would_miss_a_module(self):
        import contextlib
        import io
        import run_peers
        with contextlib.redirect_stdout(io.StringIO()) as out:
            self.assertEqual(1, run_peers.check([self.PLAIN], run_peers.assign([self.PLAIN])))
        self.assertIn("rowsum          numba-prange           /plain/python3 MISSING numba\n", out.getvalue())
        self.assertIn("12 peer(s) would be skipped", out.getvalue())
        everything = self.everything()
        with contextlib.redirect_stdout(io.StringIO()):
            self.assertEqual(0, run_peers.check([self.PLAIN, everything], run_peers.assign([self.PLAIN, everything])))

    def test_records_come_back_in_table_order_whatever_the_interpreter_order(self):
        import run_peers
        records = [{"suite": "index", "peer": "numba-prange", "params": {"kernel": "bundled"}},
                   {"suite": "outer", "peer": "numexpr-fresh"},
                   {"suite": "index", "peer": "ctypes-loop", "params": {"kernel": "cheap"}},
                   {"suite": "index", "peer": "ctypes-loop", "params": {"kernel": "bundled"}}]
        self.assertEqual([("outer", "numexpr-fresh", None), ("index", "ctypes-loop", "cheap"),
                          ("index", "ctypes-loop", "bundled"), ("index", "numba-prange", "bundled")],
                         [(r["suite"], r["peer"], r.get("params", {}).get("kernel")) for r in run_peers.order(records)])

    def test_selection_names_qualify_the_suite_only_for_the_script_that_prints_several(self):
        import run_peers
        self.assertEqual("numba-prange", run_peers.selection_name("recipe2_index.py", "index", "numba-prange"))
        self.assertEqual("process-index/numba-prange",
                         run_peers.selection_name("recipe_process.py", "process-index", "numba-prange"))


@unittest.skipUnless(HAVE_NUMPY, "numpy is not installed")
class TinyRunTest(ContractChecks):
    def test_every_script_prints_contract_records(self):
        runs = [("recipe1_numpy.py", "--rows", "7", "--cols", "5", "--repeats", "1"),
                ("recipe3_rowsum.py", "--rows", "2", "--cols", "100", "--repeats", "1"),
                ("recipe4_add.py", "--shape", "3,8,8", "--repeats", "1"),
                ("recipe_process.py", "--small", "--repeats", "1", "--peers",
                 "process-outer/numpy-broadcast,process-rowsum/numpy-sum,process-add/numpy-add")]
        if HAVE_LIB:
            runs.append(("recipe2_index.py", "--lib", LIB, "--rows", "6", "--cols", "7", "--repeats", "1"))
        for script, *options in runs:
            with self.subTest(script=script):
                records = script_records(script, *options)
                self.assertTrue(records)
                for record in records:
                    self.assert_contract_record(record)
                    self.assertNotIn("failed", record.get("skipped", ""), record)

    def test_runner_writes_one_array_with_every_peer_and_exits_0(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "peers.json")
            missing_lib = os.path.join(tmp, "libtessella_kernel.so")
            done = run_python([os.path.join(HERE, "run_peers.py"), "--smoke", "--lib", missing_lib, "--out", out,
                               "--python", sys.executable])
            self.assertEqual(0, done.returncode, done.stderr)
            with open(out) as f:
                records = json.load(f)
        self.assertEqual({(s, p) for s, peers in CONTRACT_PEERS.items() for p in peers},
                         {(r["suite"], r["peer"]) for r in records})
        for record in records:
            self.assert_contract_record(record)
            self.assertFalse(record.get("skipped", "").startswith("failed"), record)
            if record["peer"] == "tessella-cli":
                self.assertIn("bin/tessella not given", record["skipped"])
            elif record["suite"] in ("index", "process-index") and "is not installed" not in record.get("skipped", "is not installed"):
                self.assertEqual("kernel library not found: %s" % missing_lib, record["skipped"])

    def test_runner_table_names_each_scripts_peers(self):
        import run_peers
        for script, peers in run_peers.SCRIPTS:
            module = __import__(script[:-3])
            names = [run_peers.selection_name(script, suite, peer) for suite, peer, _ in peers]
            self.assertEqual(names, module.PEER_NAMES, script)
            for suite, peer, needs in peers:
                self.assertIn("numpy", needs)
        self.assertEqual({(s, p) for s, peers in CONTRACT_PEERS.items() for p in peers},
                         {(s, p) for _, peers in run_peers.SCRIPTS for s, p, _ in peers})


class MissingPackageTest(ContractChecks):
    def test_missing_numpy_skips_every_peer_of_every_script(self):
        import run_peers
        for script, peers in run_peers.SCRIPTS:
            with self.subTest(script=script):
                records = script_records(script, "--quick", "--lib", LIB, hide_module="numpy")
                self.assertEqual([{"suite": suite, "peer": p, "skipped": not_installed("numpy")} for suite, p, _ in peers],
                                 records)

    @unittest.skipUnless(HAVE_NUMPY and HAVE_LIB, "needs numpy and " + NO_LIB)
    def test_a_missing_module_skips_only_the_peers_that_need_it(self):
        runs = [("recipe2_index.py", "joblib", "joblib", not_installed("joblib")),
                ("recipe2_index.py", "dask-bag", "dask", not_installed("dask", "dask[bag]")),
                ("recipe2_index.py", "numba-prange", "numba", not_installed("numba")),
                ("recipe1_numpy.py", "numexpr-touched", "numexpr", not_installed("numexpr")),
                ("recipe1_numpy.py", "numba-prange-fresh", "numba", not_installed("numba")),
                ("recipe3_rowsum.py", "numba-prange", "numba", not_installed("numba"))]
        for script, peer, module, reason in runs:
            with self.subTest(peer=peer, module=module):
                suite = __import__(script[:-3]).SUITE
                records = script_records(script, "--lib", LIB, "--rows", "4", "--cols", "5", "--peers", peer,
                                         hide_module=module)
                self.assertEqual([{"suite": suite, "peer": peer, "skipped": reason}], records)


@unittest.skipUnless(HAVE_NUMPY and HAVE_LIBS, "needs numpy and " + NO_LIBS)
class IndexAgreementTest(unittest.TestCase):
    def peers(self, lib=LIB, kernel="bundled"):
        import recipe2_index
        args = argparse.Namespace(lib=LIB, rows=9, cols=11, quick=False, repeats=1)
        return recipe2_index.IndexPeers(args, lib, kernel)

    def test_parallel_peers_agree_with_the_serial_loop_over_both_kernels(self):
        from peers_common import PeerSkipped
        for lib, kernel in ((LIB, "bundled"), (CHEAP_LIB, "cheap")):
            peers = self.peers(lib, kernel)
            serial = peers.ctypes_loop()
            self.assertEqual(expected_index(open_kernel(lib), 9, 11),
                             (serial["params"]["emitted"], serial["params"]["failed"], serial["params"]["skipped"]))
            self.assertEqual(kernel, serial["params"]["kernel"])
            for name, peer in peers.peers().items():
                with self.subTest(peer=name, kernel=kernel):
                    try:
                        record = peer()  # raises AssertionError when its xs, ys, idxs differ from the serial loop's
                    except PeerSkipped as e:
                        self.assertIn("is not installed", str(e))  # RunnerSmokeTest runs it where it is
                        continue
                    for key in ("emitted", "failed", "skipped", "kernel"):
                        self.assertEqual(serial["params"][key], record["params"][key])

    def test_the_serial_loop_matches_the_kernel_called_element_by_element(self):
        from index_loop import kernel
        lib = kernel(LIB)
        peers = self.peers()
        peers.ctypes_loop()
        xs, ys, idxs, failures = peers.reference
        expected = []
        for k in range(9 * 11):
            a1, a2 = contract_value_pair(k)
            idx = ctypes.c_int64()
            if a1 > -1.0e10 and lib.slow_computation(a2, a1, ctypes.byref(idx)) == 0:
                expected.append((k // 11, k % 11, idx.value))
        self.assertEqual(expected, list(zip(xs.tolist(), ys.tolist(), idxs.tolist())))

    def test_a_differing_result_is_reported_not_timed(self):
        peers = self.peers()
        peers.ctypes_loop()
        xs, ys, idxs, failures = peers.reference
        wrong = (xs, ys, idxs[::-1].copy(), failures)
        with self.assertRaisesRegex(AssertionError, "idxs differs"):
            peers.record("numba-prange", [1.0], wrong, 2, {}, "")


@unittest.skipUnless(HAVE_NUMPY, "numpy is not installed")
class ProcessCheckTest(unittest.TestCase):
    def test_a_whole_process_run_with_a_wrong_output_is_reported_not_timed(self):
        with tempfile.TemporaryDirectory() as tmp:
            fake = os.path.join(tmp, "tessella")
            with open(fake, "w") as f:
                f.write("#!%s\n" % sys.executable)
                f.write("import sys, numpy as np\n"
                        "args = dict(zip(sys.argv[2::2], sys.argv[3::2]))\n"
                        "np.save(args['--out'], np.load(args['--a']) - np.load(args['--b']))\n")
            os.chmod(fake, os.stat(fake).st_mode | stat.S_IXUSR)
            records = script_records("recipe_process.py", "--small", "--repeats", "1", "--tessella", fake,
                                     "--peers", "process-add/tessella-cli,process-add/numpy-add")
        self.assertEqual(["tessella-cli", "numpy-add"], [r["peer"] for r in records])
        self.assertEqual("failed: AssertionError: tessella-cli: OUT differs from a + b", records[0]["skipped"])
        self.assertIn("best_s", records[1])


@unittest.skipUnless(HAVE_NUMPY and HAVE_LIBS, "needs numpy and " + NO_LIBS)
class RunnerSmokeTest(ContractChecks):
    """Every peer end to end through the runner on tiny inputs, each on an interpreter that has what it needs."""

    @classmethod
    def setUpClass(cls):
        import run_peers
        cls.interpreters = run_peers.interpreters(None)
        choice = run_peers.assign(cls.interpreters)
        cls.everything_installed = all(all(m in choice[(script, suite, peer)]["modules"] for m in needs)
                                       for script, peers in run_peers.SCRIPTS for suite, peer, needs in peers)
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "peers.json")
            options = ["--smoke", "--lib", LIB, "--cheap-lib", CHEAP_LIB, "--out", out]
            if HAVE_CLI:
                options += ["--tessella", TESSELLA]
            cls.done = run_python([os.path.join(HERE, "run_peers.py")] + options, timeout=900)
            cls.records = []
            if os.path.isfile(out):
                with open(out) as f:
                    cls.records = json.load(f)

    def test_runner_exits_0_with_a_contract_record_for_every_peer_and_no_failure(self):
        self.assertEqual(0, self.done.returncode, self.done.stderr)
        self.assertEqual({(s, p) for s, peers in CONTRACT_PEERS.items() for p in peers},
                         {(r["suite"], r["peer"]) for r in self.records})
        for record in self.records:
            self.assert_contract_record(record)
            self.assertFalse(record.get("skipped", "").startswith("failed"), record)

    def test_no_peer_is_skipped_where_every_module_is_installed(self):
        if not self.everything_installed:
            self.skipTest("some peer's modules are on no interpreter here (bench/peers/setup.sh installs them)")
        for record in self.records:
            if record["peer"] == "tessella-cli" and not HAVE_CLI:
                self.assertIn("bin/tessella not given", record["skipped"])
                continue
            self.assertNotIn("skipped", record)

    def test_index_peers_build_the_independent_loops_index_over_both_kernels(self):
        expected = {"bundled": expected_index(open_kernel(LIB), 6, 7), "cheap": expected_index(open_kernel(CHEAP_LIB), 6, 7)}
        seen = set()
        for record in self.records:
            if record["suite"] in ("index", "process-index") and "params" in record:
                p = record["params"]
                self.assertEqual(expected[p["kernel"]], (p["emitted"], p["failed"], p["skipped"]), record["peer"])
                seen.add((record["suite"], record["peer"], p["kernel"]))
        measured_peers = {(r["suite"], r["peer"]) for r in self.records if "params" in r and "kernel" in r["params"]}
        self.assertTrue(measured_peers)
        self.assertEqual({(suite, peer, kernel) for suite, peer in measured_peers for kernel in expected}, seen)

    def test_each_peer_ran_on_an_interpreter_with_its_modules(self):
        import run_peers
        modules = {os.path.realpath(i["executable"]): i["modules"] for i in self.interpreters}
        needs = {(suite, peer): need for _, peers in run_peers.SCRIPTS for suite, peer, need in peers}
        for record in self.records:
            if "interpreter" in record:
                have = modules[os.path.realpath(record["interpreter"])]
                for module in needs[(record["suite"], record["peer"])]:
                    self.assertIn(module, have, record["peer"])
                self.assertEqual(have["numpy"], record["versions"]["numpy"])


if __name__ == "__main__":
    unittest.main()
