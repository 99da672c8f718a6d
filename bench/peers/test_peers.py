"""Tests of the Python peers: run with `python3 -m unittest discover bench/peers` (standard library only).

The index tests need the kernel library: $TESSELLA_KERNEL_LIB, else the Maven build's
java/target/native/bundle/libtessella_kernel.so; they are skipped, saying so, without it. Tests that
need NumPy are skipped without it, as are the joblib and dask checks without those packages.
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
LIB = os.environ.get("TESSELLA_KERNEL_LIB") or os.path.join(REPO, "java", "target", "native", "bundle",
                                                            "libtessella_kernel.so")
HAVE_NUMPY = importlib.util.find_spec("numpy") is not None
HAVE_LIB = os.path.isfile(LIB)
NO_LIB = "no kernel library at %s (set TESSELLA_KERNEL_LIB or build with mvn)" % LIB

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
    "outer": {"numpy-broadcast", "multiprocessing-tiles"},
    "index": {"ctypes-loop", "joblib", "multiprocessing", "dask-bag"},
    "rowsum": {"numpy-sum"},
    "add": {"numpy-add", "multiprocessing-tiles"},
}
MEASURED_KEYS = {"suite", "peer", "params", "elements", "best_s", "median_s", "repeats", "ns_per_element",
                 "gb_per_s", "workers", "versions", "note"}


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


@unittest.skipUnless(HAVE_NUMPY, "numpy is not installed")
class TinyRunTest(ContractChecks):
    def test_every_script_prints_contract_records(self):
        runs = [("recipe1_numpy.py", "--rows", "7", "--cols", "5", "--repeats", "1"),
                ("recipe3_rowsum.py", "--rows", "2", "--cols", "100", "--repeats", "1"),
                ("recipe4_add.py", "--shape", "3,8,8", "--repeats", "1")]
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
            done = run_python([os.path.join(HERE, "run_peers.py"), "--quick", "--lib", missing_lib, "--out", out])
            self.assertEqual(0, done.returncode, done.stderr)
            with open(out) as f:
                records = json.load(f)
        self.assertEqual({(s, p) for s, peers in CONTRACT_PEERS.items() for p in peers},
                         {(r["suite"], r["peer"]) for r in records})
        for record in records:
            self.assert_contract_record(record)
            if record["suite"] == "index":
                self.assertEqual("kernel library not found: %s" % missing_lib, record["skipped"])

    def test_runner_table_names_each_scripts_peers(self):
        import run_peers
        for script, suite, peers in run_peers.SCRIPTS:
            module = __import__(script[:-3])
            self.assertEqual((suite, peers), (module.SUITE, module.PEER_NAMES), script)
            self.assertEqual(CONTRACT_PEERS[suite], set(peers))


class MissingPackageTest(ContractChecks):
    def test_missing_numpy_skips_every_peer_of_every_script(self):
        import run_peers
        for script, suite, peers in run_peers.SCRIPTS:
            with self.subTest(script=script):
                records = script_records(script, "--quick", "--lib", LIB, hide_module="numpy")
                self.assertEqual([{"suite": suite, "peer": p, "skipped": "numpy is not installed (pip install numpy)"}
                                  for p in peers], records)

    @unittest.skipUnless(HAVE_NUMPY and HAVE_LIB, "needs numpy and " + NO_LIB)
    def test_missing_joblib_or_dask_skips_that_peer(self):
        for module, peer, reason in [("joblib", "joblib", "joblib is not installed (pip install joblib)"),
                                     ("dask", "dask-bag", "dask is not installed (pip install dask[bag])")]:
            with self.subTest(module=module):
                records = script_records("recipe2_index.py", "--lib", LIB, "--rows", "4", "--cols", "5",
                                         "--peers", peer, hide_module=module)
                self.assertEqual([{"suite": "index", "peer": peer, "skipped": reason}], records)


@unittest.skipUnless(HAVE_NUMPY and HAVE_LIB, "needs numpy and " + NO_LIB)
class IndexAgreementTest(unittest.TestCase):
    def setUp(self):
        import recipe2_index
        self.peers = recipe2_index.IndexPeers(argparse.Namespace(lib=LIB, rows=9, cols=11, quick=False, repeats=1))

    def test_parallel_peers_agree_with_the_serial_loop(self):
        serial = self.peers.ctypes_loop()
        self.assertEqual(9 * 11, serial["params"]["emitted"] + serial["params"]["failed"] + serial["params"]["skipped"])
        from peers_common import PeerSkipped
        for name, peer in self.peers.peers().items():
            with self.subTest(peer=name):
                try:
                    record = peer()  # raises AssertionError when its xs, ys, idxs differ from the serial loop's
                except PeerSkipped as e:
                    self.skipTest(str(e))
                for key in ("emitted", "failed", "skipped"):
                    self.assertEqual(serial["params"][key], record["params"][key])

    def test_the_serial_loop_matches_the_kernel_called_element_by_element(self):
        import ctypes
        from index_loop import kernel
        lib = kernel(LIB)
        self.peers.ctypes_loop()
        xs, ys, idxs, failures = self.peers.reference
        expected = []
        for k in range(9 * 11):
            a1, a2 = contract_value_pair(k)
            idx = ctypes.c_int64()
            if a1 > -1.0e10 and lib.slow_computation(a2, a1, ctypes.byref(idx)) == 0:
                expected.append((k // 11, k % 11, idx.value))
        self.assertEqual(expected, list(zip(xs.tolist(), ys.tolist(), idxs.tolist())))

    def test_a_differing_result_is_reported_not_timed(self):
        self.peers.ctypes_loop()
        xs, ys, idxs, failures = self.peers.reference
        wrong = (xs, ys, idxs[::-1].copy(), failures)
        with self.assertRaisesRegex(AssertionError, "idxs differs"):
            self.peers.record("multiprocessing", [1.0], wrong, 2, {}, "")


if __name__ == "__main__":
    unittest.main()
