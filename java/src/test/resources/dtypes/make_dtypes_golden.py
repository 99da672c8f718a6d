#!/usr/bin/env python3
"""Writes NumPy's answers about dtypes that the Java tests compare with (io.tessella.memory.DTypeGoldenTest)
where python3/NumPy is absent; DTypeNumPyTest checks, where NumPy runs, that these files are what this
script writes today.

Run once with NumPy 2.x from this directory (python3 make_dtypes_golden.py) and commit the .tsv files:
  promotion.tsv  a, b, np.result_type(a, b), the dtype of np.true_divide(a, b), np.sum's dtype for a
  casting.tsv    from, to, np.can_cast(from, to, casting) for safe and same_kind
  casts.tsv      from, to, value bits, NumPy's astype bits (hex, little-endian value of the element's bytes)
"""
import numpy as np
import warnings

warnings.simplefilter("ignore")
T = ['|b1', '|i1', '|u1', '<i2', '<u2', '<i4', '<u4', '<i8', '<u8', '<f4', '<f8']

with open("promotion.tsv", "w") as f:
    for a in T:
        for b in T:
            x, y = np.ones(2, a), np.ones(2, b)
            f.write("%s\t%s\t%s\t%s\t%s\n" % (a, b, np.result_type(np.dtype(a), np.dtype(b)).str,
                                              np.true_divide(x, y).dtype.str, x.sum().dtype.str))

with open("casting.tsv", "w") as f:
    for a in T:
        for b in T:
            f.write("%s\t%s\t%d\t%d\n" % (a, b, np.can_cast(a, b, "safe"), np.can_cast(a, b, "same_kind")))

FLOATS = [np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, 0.5, 1.9, -1.9, 127.5, 128.0, 255.0, 256.0, 300.7, -300.7,
          32767.5, 32768.0, 65535.9, 65536.0, -32769.0, 2.0**31, 2.0**31 - 0.5, -2.0**31 - 1.0, 2.0**32, 2.0**32 + 5,
          -2.0**32 - 5, 2.0**53 + 2, 2.0**63, 2.0**64, 2.0**64 + 2.0**12, -2.0**63, -2.0**63 - 2.0**11, 1e30, -1e30,
          5e-324, 1e-310, 1.4e-45, 1e-40, 3.4028235e38, 3.5e38, 1.0000001, 16777217.0, 0.1]


def ints(t):
    info = np.iinfo(t)
    lo, hi = int(info.min), int(info.max)
    vals = {lo, lo + 1, hi, hi - 1, 0, 1, -1, 2, 127, 128, 255, 256, 32767, 32768, 65535, 65536, 2**24 + 1,
            2**31 - 1, 2**31, 2**32 - 1, 2**53 + 1, 2**62 + 2**38 + 1, 2**63 - 1, 2**63 + 2**39 + 1, 2**64 - 1}
    return sorted(v for v in vals if lo <= v <= hi)


def bits(a):
    raw = a.view('u%d' % a.dtype.itemsize) if a.dtype.itemsize > 1 else a.view(np.uint8)
    return ['%x' % int(v) for v in raw]


with open("casts.tsv", "w") as f:
    for a in T:
        if a[1] == 'f':
            src = np.array(FLOATS, dtype=np.float64).astype(a)
        elif a[1] == 'b':
            src = np.array([False, True])
        else:
            src = np.array(ints(a), dtype=object).astype(a)
        for b in T:
            out = src.astype(b)
            for x, y in zip(bits(src), bits(out)):
                f.write("%s\t%s\t%s\t%s\n" % (a, b, x, y))
