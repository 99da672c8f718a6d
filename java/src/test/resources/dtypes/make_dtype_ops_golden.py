#!/usr/bin/env python3
"""Writes NumPy's results of every operation on every pair of dtypes, for the Java tests where python3/NumPy
is absent (io.tessella.jobs.ArrayOpsDTypeGoldenTest); ArrayOpsDTypeNumPyTest checks, where NumPy runs, that
this file is what this script writes today.

Run once with NumPy 2.x from this directory (python3 make_dtype_ops_golden.py) and commit ops.tsv. Each line:
  op  a-dtype  b-dtype  shape  a  b  result-dtype  result      (a, b, result: comma-separated element bits in hex,
                                                               C order, as NumPy's view('uN') shows them)
or, where NumPy refuses,  op  a-dtype  b-dtype  shape  a  b  error  message.
Reductions have no b ('-'); their input is 'tile' (the a of the same dtype's add lines, repeated to the shape) or
'base' (element i = ((i * 7919) % 10007 - 5003) / 1000.3 * 2**((i * 31) % 7 - 3) in float64, then astype;
for integers, i * 6364136223846793005 wrapped to int64) or 'base.T' (base of the transposed shape, transposed:
a Fortran-order input, summed sequentially).
The operands hold each dtype's extremes and specials (integer min and max, 0, -1; NaN, +-0, +-Inf, subnormals,
values past float32's range) so that overflow wraps and every special meets every other.
"""
import warnings
import numpy as np

warnings.simplefilter("ignore")
T = ['|b1', '|i1', '|u1', '<i2', '<u2', '<i4', '<u4', '<i8', '<u8', '<f4', '<f8']
FLOATS = [0.0, -0.0, 1.0, -1.5, np.nan, np.inf, -np.inf, 5e-324, 1e-40, -3.4e38, 1e300, 0.1, 255.5, 65537.25, -2.0**31, 7.0]


def values(t):
    if t[1] == 'b':
        return np.array([True, False, True, True, False, False, True, False] * 2)
    if t[1] == 'f':
        return np.array(FLOATS, dtype=np.float64).astype(t)
    info = np.iinfo(t)
    v = [int(info.min), int(info.max), 0, 1, 2, 3, 100, int(info.max) - 1, int(info.min) + 1, 127, 7, 12, 255, 254, 64, 9]
    if info.min < 0:
        v[3:5] = [-1, -2]
    return np.array([x if info.min <= x <= info.max else x % (int(info.max) + 1) for x in v], dtype=object).astype(t)


def bits(a):
    a = np.ascontiguousarray(a)
    raw = a.view('u%d' % a.dtype.itemsize) if a.dtype.itemsize > 1 else a.view(np.uint8)
    return ','.join('%x' % int(x) for x in raw.ravel())


def base(shape, t):
    i = np.arange(int(np.prod(shape)), dtype=np.int64)
    if t[1] == 'f':
        v = ((i * 7919) % 10007 - 5003).astype(np.float64) / 1000.3 * np.ldexp(1.0, ((i * 31) % 7 - 3).astype(np.int32))
    else:
        v = i * np.int64(6364136223846793005)
    return v.astype(t).reshape(shape)


def line(f, op, ta, tb, shape, a, b, fn, a_text=None):
    head = '%s\t%s\t%s\t%s\t%s\t%s' % (op, ta, tb, ','.join(map(str, shape)), a_text or bits(a), '-' if b is None else bits(b))
    try:
        r = np.asarray(fn(a, b))
        f.write('%s\t%s\t%s\n' % (head, r.dtype.newbyteorder('<').str, bits(r)))
    except Exception as e:
        f.write('%s\terror\t%s\n' % (head, type(e).__name__ + ': ' + str(e).replace('\n', ' ')))


with open("ops.tsv", "w") as f:
    for ta in T:
        for tb in T:
            a = values(ta).reshape(4, 4)
            b = values(tb)[[(i * 5 + 3) % 16 for i in range(16)]].reshape(4, 4)
            for op in ('add', 'subtract', 'multiply', 'divide', 'minimum', 'maximum'):
                line(f, op, ta, tb, (4, 4), a, b, getattr(np, op))
            line(f, 'outer', ta, tb, (4, 4), a, b, lambda y, x: np.outer(y[0], x[1]))
        x = values(ta)
        rows = np.tile(x, 40)[:3 * 200].reshape(3, 200)
        for op in ('sum', 'min', 'max'):
            line(f, op, ta, ta, (3, 200), rows, None, lambda m, _: getattr(m, op)(axis=-1), 'tile')
        for acc in ('<f8', '<f4', '<i4', '|b1'):
            line(f, 'sum:' + acc, ta, ta, (3, 200), rows, None, lambda m, _: m.sum(axis=-1, dtype=acc), 'tile')
    # Long float32 rows: NumPy's pairwise sum in float32, whole, and by 8192-element buffers once converted.
    long_rows = base((2, 20000), '<f4')
    line(f, 'sum', '<f4', '<f4', (2, 20000), long_rows, None, lambda m, _: m.sum(axis=-1), 'base')
    line(f, 'sum:<f8', '<f4', '<f4', (2, 20000), long_rows, None, lambda m, _: m.sum(axis=-1, dtype='<f8'), 'base')
    line(f, 'sum', '<f4', '<f4', (2, 20000), base((20000, 2), '<f4').T, None, lambda m, _: m.sum(axis=-1), 'base.T')
    ints = base((2, 20000), '<i8')
    line(f, 'sum:<f8', '<i8', '<i8', (2, 20000), ints, None, lambda m, _: m.sum(axis=-1, dtype='<f8'), 'base')
