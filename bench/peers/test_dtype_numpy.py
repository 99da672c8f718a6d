"""dtype_numpy.py prints one measured record per suite for every dtype, with the dtype in its params."""
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def has_numpy():
    try:
        import numpy  # noqa: F401
        return True
    except ImportError:
        return False


@unittest.skipUnless(has_numpy(), "numpy is not installed for this python3")
class DTypePeersTest(unittest.TestCase):
    def test_every_suite_and_dtype_gives_a_checked_measured_record(self):
        for dtype in ("float64", "float32", "int16", "uint8"):
            out = subprocess.run([sys.executable, os.path.join(HERE, "dtype_numpy.py"), "--dtype", dtype, "--rows", "7",
                                  "--cols", "130", "--repeats", "2"], capture_output=True, text=True, check=True).stdout
            records = [json.loads(line) for line in out.splitlines() if line.strip()]
            self.assertEqual(["dtype-outer", "dtype-rowsum", "dtype-add"], [r["suite"] for r in records])
            for r in records:
                self.assertNotIn("skipped", r, r)
                self.assertEqual(dtype, r["params"]["dtype"])
                self.assertEqual(7 * 130, r["elements"])
                self.assertGreater(r["gb_per_s"], 0)


if __name__ == "__main__":
    unittest.main()
