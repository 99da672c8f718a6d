#!/usr/bin/env python3
"""Writes the golden .npy files the Java tests read where python3/NumPy is absent.

Run once with NumPy 2.x from this directory (python3 make_golden.py) and commit the output; the Java
tests (io.tessella.io.NpyGoldenFileTest) recompute each file's values from the formula noted here.
"""
import numpy as np
from numpy.lib import format as npf

def flat(shape, dtype):
    return np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)

# value = flat * 0.5 - 1
np.save("f8_3x4.npy", (flat((3, 4), None) * 0.5 - 1).astype("<f8"))
# value = (flat - 5) * 1_000_000_007
np.save("i8_10.npy", ((flat((10,), None) - 5) * 1_000_000_007).astype("<i8"))
# value = flat / 8 (exact in float32)
np.save("f4_2x3x4.npy", (flat((2, 3, 4), None) / 8).astype("<f4"))
# value = flat - 7, stored in Fortran order (np.asfortranarray)
np.save("i4_5x3_fortran.npy", np.asfortranarray((flat((5, 3), None) - 7).astype("<i4")))
# format 2.0 and 3.0 headers; value = flat * 0.25
with open("f8_4x2_v2.npy", "wb") as f:
    npf.write_array(f, (flat((4, 2), None) * 0.25).astype("<f8"), version=(2, 0))
with open("i4_6_v3.npy", "wb") as f:
    npf.write_array(f, (flat((6,), None) * 3).astype("<i4"), version=(3, 0))
# 0-d: 2.5; empty: shape (0, 3)
np.save("f8_scalar.npy", np.array(2.5, dtype="<f8"))
np.save("f8_0x3.npy", np.zeros((0, 3), dtype="<f8"))
# big-endian float64; unsigned bytes (value = flat)
np.save("be_f8_3.npy", np.arange(3, dtype=">f8"))
np.save("u1_4.npy", np.arange(4, dtype="|u1"))
