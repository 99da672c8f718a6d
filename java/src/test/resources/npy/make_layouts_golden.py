#!/usr/bin/env python3
"""Writes the golden results the Java tests compare with where python3/NumPy is absent
(io.tessella.vector.LayoutGoldenTest): NumPy's own row sums, elementwise results and outer products over
non-C layouts, whose summation order depends on the layout.

Run once with NumPy 2.x from this directory (python3 make_layouts_golden.py) and commit layouts/.
Inputs are not stored: every base array is C-order float64 whose element i (flat index) is
((i * 7919) % 10007 - 5003) / 1000.3 * 2**((i * 31) % 7 - 3), one correctly rounded division and an
exact scaling, so Java computes the same bits; the view of each case is built the same way on both
sides (the comment says how). The values have full mantissas, so another order of additions shows.
"""
import numpy as np


def base(shape):
    i = np.arange(int(np.prod(shape)), dtype=np.int64)
    v = ((i * 7919) % 10007 - 5003).astype(np.float64) / 1000.3 * np.ldexp(1.0, ((i * 31) % 7 - 3).astype(np.int32))
    return v.reshape(shape)


def fortran_with_zero_row():
    b = base((300, 7))
    b[:, 3] = -0.0                      # row 3 of the view: all -0.0, which NumPy sums to +0.0
    return b.T


def reversed_with_zero_row():
    b = base((7, 300))
    b[2, :] = -0.0
    return b[:, ::-1]


def save(name, a):
    np.save("layouts/" + name + ".npy", np.ascontiguousarray(a).astype("<f8"))


# Row sums: sequential (Fortran, transposed, reduced axis in the middle), pairwise (reversed, strided),
# and by 8192-element chunks (big-endian, rows longer than NumPy's buffer).
save("sum_fortran_7x300", fortran_with_zero_row().sum(-1))                     # base(300, 7) with column 3 = -0.0, .T
save("sum_reversed_7x300", reversed_with_zero_row().sum(-1))                   # base(7, 300) with row 2 = -0.0, [:, ::-1]
save("sum_step2_7x300", base((7, 600))[:, ::2].sum(-1))                         # base(7, 600)[:, ::2]
save("sum_bigendian_2x20000", base((2, 20000)).astype(">f8").sum(-1))          # base(2, 20000) stored big-endian
save("sum_bigendian_fortran_7x300", base((300, 7)).astype(">f8").T.sum(-1))     # base(300, 7) big-endian, .T
save("sum_middle_4x5x200", base((4, 200, 5)).transpose(0, 2, 1).sum(-1))        # base(4, 200, 5).transpose(0, 2, 1)
save("sum_native_2x20000", base((2, 20000)).sum(-1))                            # base(2, 20000): one pairwise sum per row
# Elementwise: a Fortran-order a with a big-endian reversed b.
a = base((13, 9)).T                                                              # base(13, 9).T
b = base((9, 13)).astype(">f8")[::-1, :]                                         # base(9, 13) big-endian, [::-1, :]
save("add_fortran_bigendian_9x13", a + b)
save("multiply_fortran_bigendian_9x13", a * b)
# np.outer ravels: a big-endian reversed y, a Fortran-order 2-d x.
y = base((11,)).astype(">f8")[::-1]                                              # base(11) big-endian, [::-1]
x = base((4, 3)).T                                                               # base(4, 3).T, raveled in C order
save("outer_bigendian_fortran_11x12", np.outer(y, x))
# A Fortran-order big-endian file as NumPy writes it; its logical values are base((5, 4)).
np.save("layouts/input_bigendian_fortran_5x4.npy", np.asfortranarray(base((5, 4))).astype(">f8", order="K"))
