#!/usr/bin/python3
"""Writes the reference data of the rng, scaler and datasets test suites.

Run with Debian's interpreter, which has numpy 1.24 and scikit-learn 1.2
(python3-numpy, python3-sklearn, python3-mpmath):

    /usr/bin/python3 tests/data/gen_data_reference.py

It writes C headers next to itself, so the C tests need neither Python nor
file I/O:

  rng_ref.h        thousands of draws of every generator function for seeds
                   0, 2, 3, 15 and 2^32 - 1, a mixed call script (Gaussian
                   cache, reseeding), np.linspace cases
  rng_ref_small.h  a small subset of rng_ref.h for microcontroller test images
  scaler_ref.h     StandardScaler fit / transform / inverse_transform cases
  datasets_ref.h   the article's data sets, raw and standardised, with the
                   scalers' mean_ and scale_

Doubles are written as hexadecimal floating literals, exact by construction.

About randn: numpy's legacy Gaussian calls the C library's log(). glibc's
log is not correctly rounded: about 1 in 1200 arguments in (0, 1) come back
1 ulp off (the exact set even depends on whether glibc picks its FMA code
path). libtinynn computes a correctly rounded log instead, the same on every
platform. So the expected Gaussians here are numpy's legacy_gauss replayed
with a correctly rounded log (mpmath); the script checks that they equal
numpy's own randn everywhere except at the pairs where glibc's log misrounds,
lists those few values in rng_ref.h, and refuses to write a data set that
would be touched by one.
"""
import math
import os
import random

import mpmath
import numpy as np
import sklearn
from sklearn.preprocessing import StandardScaler

assert np.__version__.startswith("1.24"), np.__version__
assert sklearn.__version__.startswith("1.2"), sklearn.__version__

mpmath.mp.prec = 200
HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = [0, 2, 3, 15, 4294967295]


# --------------------------------------------------------------------------
# numpy's legacy Gaussian with a correctly rounded log

def correctly_rounded_log(x):
    return float(mpmath.log(mpmath.mpf(x)))


class Generator:
    """np.random.RandomState whose randn uses a correctly rounded log.

    Every other draw is numpy's own; the Gaussian replays legacy_gauss on
    numpy's random_sample() words, with its own cached second value."""

    def __init__(self, seed):
        self.rs = np.random.RandomState(seed)
        self.has_gauss = False
        self.gauss = 0.0
        self.glibc_differs = False  # did the last new pair hit a glibc misrounding?

    def seed(self, seed):
        self.rs.seed(seed)
        self.has_gauss = False
        self.gauss = 0.0

    def standard_normal(self):
        if self.has_gauss:
            self.has_gauss = False
            return self.gauss
        while True:
            x1 = 2.0 * self.rs.random_sample() - 1.0
            x2 = 2.0 * self.rs.random_sample() - 1.0
            r2 = x1 * x1 + x2 * x2
            if r2 < 1.0 and r2 != 0.0:
                break
        log_r2 = correctly_rounded_log(r2)
        self.glibc_differs = log_r2 != math.log(r2)
        f = math.sqrt(-2.0 * log_r2 / r2)
        self.gauss = f * x1
        self.has_gauss = True
        return f * x2


class GaussChecker:
    """Runs numpy's own randn beside a Generator and records the positions
    where they differ, which must all come from glibc's log."""

    def __init__(self, seed):
        self.mine = Generator(seed)
        self.numpy = np.random.RandomState(seed)
        self.differences = []  # (index, numpy's value)
        self.count = 0
        self.pair_differs = False

    def normal(self):
        cached = self.mine.has_gauss
        value = self.mine.standard_normal()
        if not cached:
            self.pair_differs = self.mine.glibc_differs
        theirs = self.numpy.standard_normal()
        if value != theirs or self.pair_differs:
            assert self.pair_differs, "randn differs without a glibc log misrounding"
            if value != theirs:
                self.differences.append((self.count, theirs))
        self.count += 1
        return value


# --------------------------------------------------------------------------
# C output helpers

def c_double(x):
    x = float(x)
    assert math.isfinite(x)
    return x.hex()


def c_int64(v):
    v = int(v)
    if v == -(2 ** 63):
        return "INT64_MIN"
    return "%d" % v  # a decimal literal gets a type wide enough for it


def wrap(items, indent="    ", width=100):
    lines, line = [], indent
    for item in items:
        piece = item + ","
        if len(line) + len(piece) + 1 > width and line.strip():
            lines.append(line.rstrip())
            line = indent
        line += piece + " "
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


def array(ctype, name, values, fmt):
    values = list(values)
    return "static const %s %s[%d] = {\n%s\n};\n" % (ctype, name, len(values),
                                                   wrap([fmt(v) for v in values]))


def array2(ctype, name, rows, fmt):
    n = len(rows[0])
    assert all(len(r) == n for r in rows)
    body = ",\n".join("    {\n%s\n    }" % wrap([fmt(v) for v in r], indent="        ")
                      for r in rows)
    return "static const %s %s[%d][%d] = {\n%s\n};\n" % (ctype, name, len(rows), n, body)


def header(name, guard, description, parts):
    text = "/* %s: %s\n * Generated by tests/data/gen_data_reference.py (numpy %s, scikit-learn %s).\n" \
           " * Do not edit; run the script again instead. */\n" % (name, description,
                                                                  np.__version__,
                                                                  sklearn.__version__)
    text += "#ifndef %s\n#define %s\n\n#include <stddef.h>\n#include <stdint.h>\n\n" % (guard, guard)
    text += "\n".join(parts)
    text += "\n#endif /* %s */\n" % guard
    with open(os.path.join(HERE, name), "w") as f:
        f.write(text)
    print("wrote %s (%d bytes)" % (name, len(text)))


# --------------------------------------------------------------------------
# Generator draws

N_U32, N_SAMPLE, N_NORMAL, N_UNIFORM = 2000, 1000, 2000, 500
UNIFORM_LOW, UNIFORM_HIGH = -3.5, 7.25
FILL_ROWS = 300
FILL_LOW = [0.0, -1.0, 10.0]
FILL_HIGH = [4.0, 1.0, 10.5]
N_RANDINT = 100
# Ranges: tiny, with rejection (3, 1000, 10), full 32 bits, 64-bit paths,
# the whole int64 range, and a single value (no draw at all).
RANDINT_RANGES = [(0, 2), (0, 3), (-5, 5), (0, 1000), (-2 ** 31, 2 ** 31),
                  (0, 2 ** 32 + 1), (-7, 2 ** 40 + 12345), (-2 ** 63, 2 ** 63 - 1),
                  (10 ** 15, 10 ** 18), (5, 6)]
N_CHOICE = 200
CHOICE_SIZES = [2, 3, 150]
PERMUTATION_SIZES = [1, 2, 7, 300]


def draws(seed, n_u32, n_sample, n_normal, n_uniform, fill_rows, n_randint, n_choice,
          perm_sizes, randint_ranges):
    out = {}
    rs = np.random.RandomState(seed)
    out["u32"] = [int(v) for v in rs.randint(0, 2 ** 32, size=n_u32, dtype=np.uint32)]
    raw = np.random.MT19937()
    raw._legacy_seeding(seed)
    assert out["u32"] == [int(v) for v in raw.random_raw(n_u32)]

    out["sample"] = list(np.random.RandomState(seed).random_sample(n_sample))

    checker = GaussChecker(seed)
    out["normal"] = [checker.normal() for _ in range(n_normal)]
    out["normal_glibc"] = checker.differences
    whole = np.random.RandomState(seed).randn(n_normal)
    for i, v in enumerate(out["normal"]):
        assert whole[i] == v or any(d[0] == i for d in checker.differences)

    out["uniform"] = list(np.random.RandomState(seed).uniform(UNIFORM_LOW, UNIFORM_HIGH,
                                                               size=n_uniform))
    out["fill"] = list(np.random.RandomState(seed).uniform(
        low=FILL_LOW, high=FILL_HIGH, size=(fill_rows, len(FILL_LOW))).ravel())

    out["randint"] = []
    for low, high in randint_ranges:
        rs = np.random.RandomState(seed)
        values = [int(rs.randint(low, high)) for _ in range(n_randint)]
        assert values == [int(v) for v in np.random.RandomState(seed).randint(
            low, high, size=n_randint, dtype=np.int64)]
        out["randint"].append(values)

    out["choice"] = []
    for n in CHOICE_SIZES:
        rs = np.random.RandomState(seed)
        out["choice"].append([int(v) for v in rs.choice(n, size=n_choice)])

    out["perm"] = []
    for n in perm_sizes:
        out["perm"].extend(int(v) for v in np.random.RandomState(seed).permutation(n))
    return out


# A mixed call script: the Gaussian cache must survive random_sample,
# uniform, randint and raw draws, and reseeding must drop it.
OP_NORMAL, OP_SAMPLE, OP_U32, OP_UNIFORM, OP_RANDINT, OP_CHOICE, OP_SEED = range(7)
OP_NAMES = ["RNG_REF_OP_NORMAL", "RNG_REF_OP_SAMPLE", "RNG_REF_OP_U32", "RNG_REF_OP_UNIFORM",
            "RNG_REF_OP_RANDINT", "RNG_REF_OP_CHOICE", "RNG_REF_OP_SEED"]


def mixed_script(start_seed, n_ops, script_seed):
    pick = random.Random(script_seed)
    pair_differs = False
    gen = Generator(start_seed)
    numpy_rs = np.random.RandomState(start_seed)
    ops = []
    for _ in range(n_ops):
        kind = pick.choices(range(7), weights=[8, 3, 2, 2, 2, 2, 1])[0]
        a = b = 0.0
        lo = hi = 0
        if kind == OP_NORMAL:
            cached = gen.has_gauss
            value = gen.standard_normal()
            theirs = numpy_rs.standard_normal()
            if not cached:
                pair_differs = gen.glibc_differs
            assert value == theirs or pair_differs
            expect = (c_double(value), "0")
        elif kind == OP_SAMPLE:
            value = gen.rs.random_sample()
            assert value == numpy_rs.random_sample()
            expect = (c_double(value), "0")
        elif kind == OP_U32:
            value = int(gen.rs.randint(0, 2 ** 32, dtype=np.uint32))
            assert value == int(numpy_rs.randint(0, 2 ** 32, dtype=np.uint32))
            expect = ("0.0", c_int64(value))
        elif kind == OP_UNIFORM:
            a = round(pick.uniform(-10, 10), 3)
            b = a + round(pick.uniform(-5, 20), 3)
            value = gen.rs.uniform(a, b)
            assert value == numpy_rs.uniform(a, b)
            expect = (c_double(value), "0")
        elif kind == OP_RANDINT:
            lo = pick.randint(-100, 100)
            hi = lo + pick.choice([1, 2, 3, 17, 1000, 2 ** 33 + 5])
            value = int(gen.rs.randint(lo, hi))
            assert value == int(numpy_rs.randint(lo, hi))
            expect = ("0.0", c_int64(value))
        elif kind == OP_CHOICE:
            hi = pick.choice([2, 3, 5, 30])
            value = int(gen.rs.choice(hi))
            assert value == int(numpy_rs.choice(hi))
            expect = ("0.0", c_int64(value))
        else:
            lo = pick.choice([0, 2, 3, 15, 4294967295, pick.randint(0, 2 ** 32 - 1)])
            gen.seed(lo)
            numpy_rs.seed(lo)
            expect = ("0.0", "0")
        ops.append("{%s, %s, %s, %s, %s, %s, %s}" % (OP_NAMES[kind], c_double(a), c_double(b),
                                                     c_int64(lo), c_int64(hi), *expect))
    return ops


LINSPACE_CASES = [(0.0, 1.0, 100), (0.0, 1.0, 1000), (-3.7, 12.1, 37), (5.0, -2.0, 11),
                  (0.0, 1.0, 2), (2.5, 2.5, 5), (0.0, 1.5e-323, 8), (-1e300, 1e300, 9),
                  (1.0, 1.0, 1), (-0.0, 3.0, 1), (-5.0, 5.0, 1), (0.1, 0.7, 7),
                  (1e-3, 1e3, 64), (-2.0, 2.0, 500)]


def linspace_parts(prefix, cases):
    starts, flat = [], []
    for start, stop, num in cases:
        starts.append(len(flat))
        flat.extend(np.linspace(start, stop, num))
    parts = ["typedef struct %s_linspace_case {\n    double start, stop;\n    size_t num;\n"
             "    size_t offset; /* of the expected values in %s_linspace_values */\n} "
             "%s_linspace_case;\n" % (prefix, prefix, prefix)]
    parts.append("static const %s_linspace_case %s_linspace_cases[%d] = {\n%s\n};\n" % (
        prefix, prefix, len(cases),
        wrap(["{%s, %s, %d, %d}" % (c_double(s), c_double(e), n, o)
              for (s, e, n), o in zip(cases, starts)])))
    parts.append(array("double", prefix + "_linspace_values", flat, c_double))
    return parts


def log_parts():
    """Arguments and correctly rounded natural logs (mpmath): the ones glibc
    gets wrong first, then a spread over the whole positive range."""
    rs = np.random.RandomState(99)
    glibc_wrong = []
    while len(glibc_wrong) < 200:
        x = float(rs.random_sample())
        if x > 0.0 and math.log(x) != correctly_rounded_log(x):
            glibc_wrong.append(x)
    spread = list(rs.random_sample(300))
    spread += list(np.exp(rs.uniform(math.log(1e-300), math.log(1e300), size=200)))
    spread += list(1.0 + rs.uniform(-1e-6, 1e-6, size=100))
    spread += [float(v) * 5e-324 for v in rs.randint(1, 2 ** 52, size=50, dtype=np.int64)]
    spread += [1.0, 2.0, 0.5, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
               math.e, 0.1, 10.0, 0.7071067811865476, 1.4142135623730951,
               1.4142135623730954, 0.9999999999999999, 1.0000000000000002]
    xs = glibc_wrong + [x for x in spread if x > 0.0]
    return ["/* Natural logarithm: rng_ref_log_y[i] is log(rng_ref_log_x[i]) correctly\n"
            " * rounded. The first RNG_REF_N_LOG_GLIBC_WRONG arguments are ones where\n"
            " * glibc's log (which numpy calls) is 1 ulp off. */\n"
            "#define RNG_REF_N_LOG %d\n#define RNG_REF_N_LOG_GLIBC_WRONG %d\n" % (
                len(xs), len(glibc_wrong)),
            array("double", "rng_ref_log_x", xs, c_double),
            array("double", "rng_ref_log_y", [correctly_rounded_log(x) for x in xs], c_double)]


def write_rng_ref():
    parts = []
    parts.append("""/* Draws from a freshly seeded np.random.RandomState(rng_ref_seeds[s]):
 * u32 = randint(0, 2**32, dtype=uint32) (one raw word each), sample =
 * random_sample(), normal = randn() (see rng_ref_normal_glibc), uniform =
 * uniform(RNG_REF_UNIFORM_LOW, RNG_REF_UNIFORM_HIGH), fill = uniform(low=
 * rng_ref_fill_low, high=rng_ref_fill_high, size=(RNG_REF_FILL_ROWS, 3)),
 * randint[s][r] = randint(low, high) of rng_ref_randint_ranges[r],
 * choice[s][c] = choice(rng_ref_choice_sizes[c]), perm = permutation(n)
 * for each n of rng_ref_perm_sizes, concatenated. Each list starts from a
 * fresh seed. */
""")
    parts.append("#define RNG_REF_N_SEEDS %d\n#define RNG_REF_N_U32 %d\n#define RNG_REF_N_SAMPLE %d\n"
                 "#define RNG_REF_N_NORMAL %d\n#define RNG_REF_N_UNIFORM %d\n"
                 "#define RNG_REF_UNIFORM_LOW (%s)\n#define RNG_REF_UNIFORM_HIGH (%s)\n"
                 "#define RNG_REF_FILL_ROWS %d\n#define RNG_REF_FILL_COLS %d\n"
                 "#define RNG_REF_N_RANDINT_RANGES %d\n#define RNG_REF_N_RANDINT %d\n"
                 "#define RNG_REF_N_CHOICE_SIZES %d\n#define RNG_REF_N_CHOICE %d\n"
                 "#define RNG_REF_N_PERM_SIZES %d\n#define RNG_REF_N_PERM %d\n" % (
                     len(SEEDS), N_U32, N_SAMPLE, N_NORMAL, N_UNIFORM, c_double(UNIFORM_LOW),
                     c_double(UNIFORM_HIGH), FILL_ROWS, len(FILL_LOW), len(RANDINT_RANGES),
                     N_RANDINT, len(CHOICE_SIZES), N_CHOICE, len(PERMUTATION_SIZES),
                     sum(PERMUTATION_SIZES)))
    parts.append(array("uint32_t", "rng_ref_seeds", SEEDS, lambda v: "UINT32_C(%d)" % v))
    parts.append(array("double", "rng_ref_fill_low", FILL_LOW, c_double))
    parts.append(array("double", "rng_ref_fill_high", FILL_HIGH, c_double))
    parts.append("typedef struct rng_ref_range {\n    int64_t low, high;\n} rng_ref_range;\n")
    parts.append(array("rng_ref_range", "rng_ref_randint_ranges", RANDINT_RANGES,
                       lambda r: "{%s, %s}" % (c_int64(r[0]), c_int64(r[1]))))
    parts.append(array("size_t", "rng_ref_choice_sizes", CHOICE_SIZES, str))
    parts.append(array("size_t", "rng_ref_perm_sizes", PERMUTATION_SIZES, str))

    per_seed = [draws(s, N_U32, N_SAMPLE, N_NORMAL, N_UNIFORM, FILL_ROWS, N_RANDINT, N_CHOICE,
                      PERMUTATION_SIZES, RANDINT_RANGES) for s in SEEDS]
    parts.append(array2("uint32_t", "rng_ref_u32", [d["u32"] for d in per_seed],
                        lambda v: "0x%08xu" % v))
    parts.append(array2("double", "rng_ref_sample", [d["sample"] for d in per_seed], c_double))
    parts.append(array2("double", "rng_ref_normal", [d["normal"] for d in per_seed], c_double))

    glibc = [(si, i, v) for si, d in enumerate(per_seed) for i, v in d["normal_glibc"]]
    parts.append("""/* Where numpy's own randn (on glibc %s) differs from rng_ref_normal:
 * glibc's log misrounded log(r2) of that pair by 1 ulp, so numpy's value
 * (listed here) is off from the correctly rounded result libtinynn gives. */
typedef struct rng_ref_glibc_case {
    size_t seed_index;
    size_t index;
    double numpy_value;
} rng_ref_glibc_case;
#define RNG_REF_N_GLIBC %d
""" % (os.confstr("CS_GNU_LIBC_VERSION"), len(glibc)))
    parts.append(array("rng_ref_glibc_case", "rng_ref_normal_glibc", glibc or [None],
                       lambda g: "{%d, %d, %s}" % (g[0], g[1], c_double(g[2])) if g else
                       "{0, 0, 0.0}"))
    parts.append(array2("double", "rng_ref_uniform", [d["uniform"] for d in per_seed], c_double))
    parts.append(array2("double", "rng_ref_fill", [d["fill"] for d in per_seed], c_double))
    parts.append(array2("int64_t", "rng_ref_randint",
                        [sum(d["randint"], []) for d in per_seed], c_int64))
    parts.append(array2("uint8_t", "rng_ref_choice", [sum(d["choice"], []) for d in per_seed],
                        str))
    parts.append(array2("uint16_t", "rng_ref_perm", [d["perm"] for d in per_seed], str))

    parts.append("""/* Mixed call script on one generator created with seed RNG_REF_MIXED_SEED.
 * op NORMAL/SAMPLE/UNIFORM(a, b) expect the double; U32, RANDINT(lo, hi) and
 * CHOICE(hi) expect the integer; SEED reseeds with lo. */
enum {
    RNG_REF_OP_NORMAL, RNG_REF_OP_SAMPLE, RNG_REF_OP_U32, RNG_REF_OP_UNIFORM,
    RNG_REF_OP_RANDINT, RNG_REF_OP_CHOICE, RNG_REF_OP_SEED
};
typedef struct rng_ref_op {
    int op;
    double a, b;
    int64_t lo, hi;
    double expect;
    int64_t expect_int;
} rng_ref_op;
#define RNG_REF_MIXED_SEED 15
""")
    parts.append(array("rng_ref_op", "rng_ref_mixed", mixed_script(15, 400, 2024), lambda s: s))
    parts.extend(linspace_parts("rng_ref", LINSPACE_CASES))
    parts.extend(log_parts())
    header("rng_ref.h", "TINYNN_TESTS_RNG_REF_H", "reference draws of numpy's legacy RandomState",
           parts)

    # The microcontroller subset: seed 0 only, a few draws of everything.
    small = draws(0, 100, 50, 100, 50, 20, 10, 20, [10], RANDINT_RANGES[:6])
    s_parts = ["""/* As rng_ref.h, seed 0 only, fewer draws: small enough for a test image
 * on a microcontroller. Each list starts from a fresh np.random.seed(0). */
#define RNG_SMALL_N_U32 100
#define RNG_SMALL_N_SAMPLE 50
#define RNG_SMALL_N_NORMAL 100
#define RNG_SMALL_N_UNIFORM 50
#define RNG_SMALL_UNIFORM_LOW (%s)
#define RNG_SMALL_UNIFORM_HIGH (%s)
#define RNG_SMALL_FILL_ROWS 20
#define RNG_SMALL_N_RANDINT_RANGES 6
#define RNG_SMALL_N_RANDINT 10
#define RNG_SMALL_CHOICE_SIZE 2
#define RNG_SMALL_N_CHOICE 20
#define RNG_SMALL_PERM_SIZE 10
""" % (c_double(UNIFORM_LOW), c_double(UNIFORM_HIGH))]
    assert not small["normal_glibc"]
    s_parts.append(array("uint32_t", "rng_small_u32", small["u32"], lambda v: "0x%08xu" % v))
    s_parts.append(array("double", "rng_small_sample", small["sample"], c_double))
    s_parts.append(array("double", "rng_small_normal", small["normal"], c_double))
    s_parts.append(array("double", "rng_small_uniform", small["uniform"], c_double))
    s_parts.append(array("double", "rng_small_fill_low", FILL_LOW, c_double))
    s_parts.append(array("double", "rng_small_fill_high", FILL_HIGH, c_double))
    s_parts.append(array("double", "rng_small_fill", small["fill"], c_double))
    s_parts.append(array("int64_t", "rng_small_randint_low", [r[0] for r in RANDINT_RANGES[:6]],
                         c_int64))
    s_parts.append(array("int64_t", "rng_small_randint_high", [r[1] for r in RANDINT_RANGES[:6]],
                         c_int64))
    s_parts.append(array("int64_t", "rng_small_randint", sum(small["randint"], []), c_int64))
    s_parts.append(array("uint8_t", "rng_small_choice", small["choice"][0], str))
    s_parts.append(array("uint16_t", "rng_small_perm", small["perm"], str))
    s_parts.extend(linspace_parts("rng_small", [(0.0, 1.0, 100), (-3.7, 12.1, 37)]))
    header("rng_ref_small.h", "TINYNN_TESTS_RNG_REF_SMALL_H",
           "a small subset of the generator references", s_parts)


# --------------------------------------------------------------------------
# StandardScaler

def scaler_cases():
    rs = np.random.RandomState(7)
    cases = []
    n = 25
    cases.append(("constant columns", np.column_stack([
        np.full(n, 7.3), rs.randn(n) * 3 + 1, np.full(n, 0.1), np.zeros(n)])))
    cases.append(("near-constant column", np.column_stack([
        1e8 + rs.randn(40) * 1e-9, rs.randn(40) * 1e-3 + 5])))
    cases.append(("one column, 300 rows (pairwise sum, split)",
                  (rs.uniform(size=300) * 10 - 3).reshape(-1, 1)))
    cases.append(("one column, 129 rows", (rs.randn(129) * 2 + 0.5).reshape(-1, 1)))
    cases.append(("one column, 100 rows", np.linspace(0, 1, 100).reshape(-1, 1)))
    cases.append(("one column, 5 rows", rs.randn(5, 1)))
    cases.append(("one row", rs.randn(1, 3)))
    cases.append(("one cell", np.array([[2.5]])))
    cases.append(("120 x 5", rs.randn(120, 5) * [1, 10, 0.01, 1000, 3] + [0, -50, 4, 1e4, 0.3]))
    cases.append(("two columns, 300 rows", rs.uniform(-1, 3, size=(300, 2))))
    parts = ["""typedef struct scaler_ref_case {
    const char *name;
    size_t n_rows, n_cols;
    size_t offset;      /* of x, transformed and restored in the value arrays */
    size_t col_offset;  /* of mean and scale in scaler_ref_mean / scaler_ref_scale */
} scaler_ref_case;
/* For each case: scaler = StandardScaler().fit(x); transformed =
 * scaler.transform(x); restored = scaler.inverse_transform(transformed). */
"""]
    table, xs, ts, rs_, means, scales = [], [], [], [], [], []
    for name, x in cases:
        x = np.ascontiguousarray(x, dtype=np.float64)
        scaler = StandardScaler().fit(x)
        t = scaler.transform(x)
        back = scaler.inverse_transform(t)
        table.append('{"%s", %d, %d, %d, %d}' % (name, x.shape[0], x.shape[1], len(xs), len(means)))
        xs.extend(x.ravel())
        ts.extend(t.ravel())
        rs_.extend(back.ravel())
        means.extend(scaler.mean_)
        scales.extend(scaler.scale_)
    parts.append("#define SCALER_REF_N_CASES %d\n" % len(cases))
    parts.append(array("scaler_ref_case", "scaler_ref_cases", table, lambda s: s))
    parts.append(array("double", "scaler_ref_x", xs, c_double))
    parts.append(array("double", "scaler_ref_transformed", ts, c_double))
    parts.append(array("double", "scaler_ref_restored", rs_, c_double))
    parts.append(array("double", "scaler_ref_mean", means, c_double))
    parts.append(array("double", "scaler_ref_scale", scales, c_double))
    header("scaler_ref.h", "TINYNN_TESTS_SCALER_REF_H", "StandardScaler reference cases", parts)


# --------------------------------------------------------------------------
# The article's data sets (its numpy recipes)

def gauss_block(rows, cols):
    """randn(rows, cols) from the global generator, checked against the
    correctly rounded replay so no data set depends on a glibc misrounding."""
    return np.random.randn(rows, cols)


def check_no_glibc_misrounding(seed, n_normals):
    checker = GaussChecker(seed)
    for _ in range(n_normals):
        checker.normal()
    assert not checker.differences, "a data set is touched by glibc's log misrounding"


def article_datasets():
    sets = {}
    np.random.seed(3)
    x1 = np.random.randn(30, 2)
    y1 = np.random.choice((0, 1), size=30)
    x1[y1 == 1, 0] -= 4
    x1[y1 == 1, 1] += 4
    check_no_glibc_misrounding(3, 60)
    sets["x1"] = (x1, y1.astype(np.float64), True)

    np.random.seed(0)
    xt1 = np.random.randn(50, 3) * 0.4 + [-2, 1, 0]
    xt2 = np.random.randn(50, 3) * 0.4 + [1, 4, 3]
    x2 = np.vstack((xt1, xt2))
    y2 = np.array([0] * 50 + [1] * 50, dtype=np.float64)
    check_no_glibc_misrounding(0, 300)
    sets["x2"] = (x2, y2, True)

    np.random.seed(0)
    xt1 = np.random.randn(50, 2) * 0.4 + [2, 1]
    xt2 = np.random.randn(50, 2) * 0.7 + [6, 4]
    xt3 = np.random.randn(50, 2) * 0.5 + [2, 6]
    x3 = np.vstack((xt1, xt2, xt3))
    y3 = np.array([1] * 50 + [2] * 50 + [3] * 50, dtype=np.float64)
    check_no_glibc_misrounding(0, 300)
    sets["x3"] = (x3, y3, True)

    np.random.seed(0)
    n = 1550
    xt1 = np.random.uniform(low=[0, 0], high=[4, 4], size=(n, 2))
    xt1 = xt1[~((xt1[:, 0] < 3) & (xt1[:, 1] < 3))]
    xt2 = np.random.uniform(low=[0, 0], high=[4, 4], size=(n, 2))
    xt2 = xt2[~((xt2[:, 0] > 2.3) | (xt2[:, 1] > 2.3))]
    x4 = np.concatenate((xt1, xt2))
    y4 = np.concatenate((np.ones(len(xt1)), np.zeros(len(xt2))))
    sets["x4"] = (x4, y4, True)

    x5 = np.linspace(0, 1, 100)
    y5 = -(x5 - 0.5) ** 2 + 0.25
    sets["x5"] = (x5.reshape(-1, 1), y5, False)
    x5_test = np.linspace(0, 1, 1000)
    y5_test = -(x5_test - 0.5) ** 2 + 0.25  # not in the article: the curve to compare with
    sets["x5_test"] = (x5_test.reshape(-1, 1), y5_test, False)

    parts = ["""/* The article's data sets as numpy and scikit-learn make them (from the
 * article's recipes). For X1..X4: <name>_raw is the data before
 * StandardScaler, <name> after it, <name>_mean/_scale the scaler's mean_ and
 * scale_. X5 and X5_test are not standardised in the article; x5_test_y is
 * the parabola of y5 on X5_test (the article has no targets for X5_test). */
"""]
    for name, (x, y, scaled) in sets.items():
        up = name.upper()
        parts.append("#define DATASETS_REF_%s_ROWS %d\n#define DATASETS_REF_%s_COLS %d\n" % (
            up, x.shape[0], up, x.shape[1]))
        parts.append(array("double", "datasets_ref_%s_raw" % name, x.ravel(), c_double))
        if scaled:
            scaler = StandardScaler().fit(x)
            parts.append(array("double", "datasets_ref_%s" % name, scaler.transform(x).ravel(),
                               c_double))
            parts.append(array("double", "datasets_ref_%s_mean" % name, scaler.mean_, c_double))
            parts.append(array("double", "datasets_ref_%s_scale" % name, scaler.scale_,
                               c_double))
        if y is not None:
            parts.append(array("double", "datasets_ref_%s_y" % name, y, c_double))
    header("datasets_ref.h", "TINYNN_TESTS_DATASETS_REF_H", "the article's data sets", parts)


if __name__ == "__main__":
    write_rng_ref()
    scaler_cases()
    article_datasets()
