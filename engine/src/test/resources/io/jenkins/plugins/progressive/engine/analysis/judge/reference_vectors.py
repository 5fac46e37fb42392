#!/usr/bin/env python3
"""Writes the reference vectors the judge's tests compare against (run once by hand; CI has no scipy).

    cd engine/src/test/resources/io/jenkins/plugins/progressive/engine/analysis/judge
    python3 reference_vectors.py

Made with scipy 1.17.1 and numpy 2.4.6. Writes, next to this script:
  mannwhitney-scipy.json    U, two-sided p-value, Hodges-Lehmann shift and its confidence interval
  outliers-numpy.json       quartiles (numpy's default 'linear' method, R type 7) and the values kept
  standard-normal-scipy.json  Phi(x) and its inverse
Unbounded interval ends are written as null (JSON has no infinity).
"""
import json
import math
import pathlib

import numpy as np
import scipy
from scipy import special, stats

HERE = pathlib.Path(__file__).resolve().parent


def interval(diffs, n, m, confidence):
    """The normal approximation of the distribution-free interval, as MannWhitney computes it."""
    z_star = stats.norm.ppf((1 + confidence) / 2)
    raw = n * m / 2 - z_star * math.sqrt(n * m * (n + m + 1) / 12)
    # A k right at an integer could floor differently in Java and here; no case is allowed to be that close.
    assert abs(raw - round(raw)) > 1e-6, f"k={raw} is too close to an integer"
    k = math.floor(raw)
    if k < 1:
        return None, None
    return float(diffs[k - 1]), float(diffs[n * m - k])


def mann_whitney_case(name, x, y, confidence):
    x = [float(v) for v in x]
    y = [float(v) for v in y]
    result = stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic", use_continuity=True)
    diffs = np.sort(np.subtract.outer(np.array(x), np.array(y)).ravel())
    lower, upper = interval(diffs, len(x), len(y), confidence)
    return {
        "name": name,
        "version": x,
        "baseline": y,
        "confidence": confidence,
        "u": float(result.statistic),
        "pValue": float(result.pvalue),
        "shift": float(np.median(diffs)),
        "lowerBound": lower,
        "upperBound": upper,
        "ties": bool(len(set(x + y)) < len(x) + len(y)),
    }


def mann_whitney_cases():
    rng = np.random.default_rng(20240611)
    cases = []
    confidences = [0.98, 0.95, 0.9, 0.99, 0.8]
    plan = [  # (n, m, shift, scale of the baseline, decimals kept: None = no ties)
        (5, 5, 0.0, 1.0, None), (5, 7, 2.0, 1.0, None), (8, 6, 0.5, 1.0, 1), (10, 10, 0.0, 1.0, None),
        (10, 12, 1.0, 1.0, 0), (12, 10, -0.8, 2.0, None), (15, 15, 0.3, 1.0, 1), (20, 18, 0.0, 3.0, 0),
        (20, 20, 1.5, 1.0, None), (25, 30, -0.4, 1.0, 1), (30, 30, 0.0, 1.0, None), (30, 25, 5.0, 1.0, 0),
        (35, 40, 0.2, 0.5, 1), (40, 40, -2.0, 1.0, None), (45, 50, 0.1, 1.0, 2), (50, 45, 0.0, 1.0, 0),
        (55, 60, 0.7, 1.5, None), (60, 60, 0.05, 1.0, 1), (60, 55, -0.3, 1.0, None), (7, 60, 1.0, 1.0, 0),
    ]
    for i, (n, m, shift, scale, decimals) in enumerate(plan):
        while True:
            x = rng.normal(10 + shift, 1.0, n)
            y = rng.normal(10, scale, m)
            if decimals is not None:
                x, y = np.round(x, decimals), np.round(y, decimals)
            try:
                cases.append(mann_whitney_case(f"case{i:02d} n={n} m={m} shift={shift} decimals={decimals}",
                                               x.tolist(), y.tolist(), confidences[i % len(confidences)]))
                break
            except AssertionError:
                continue  # redraw
    # latency-like, heavy-tailed and skewed
    x = np.round(rng.lognormal(3.0, 0.6, 40), 0)
    y = np.round(rng.lognormal(2.9, 0.6, 35), 0)
    cases.append(mann_whitney_case("lognormal latencies rounded to ms", x.tolist(), y.tolist(), 0.98))
    # every value the same: variance 0
    cases.append(mann_whitney_case("all values equal", [3.0] * 6, [3.0] * 8, 0.98))
    # two values only, many ties
    cases.append(mann_whitney_case("0/1 values", [0, 1, 1, 0, 1, 1, 1, 0, 1, 1], [0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0],
                                   0.9))
    # too few pairs for 99%: k < 1, the interval is unbounded
    cases.append(mann_whitney_case("n=m=5 at 0.99", rng.normal(11, 1, 5).tolist(), rng.normal(10, 1, 5).tolist(), 0.99))
    # complete separation
    cases.append(mann_whitney_case("complete separation", list(range(20, 32)), list(range(0, 12)), 0.98))
    return cases


def outlier_case(name, values, factor):
    arr = np.array(values, dtype=float)
    q1, q3 = np.percentile(arr, [25, 75])
    iqr = q3 - q1
    if factor == 0:
        kept = arr
    else:
        kept = arr[(arr >= q1 - factor * iqr) & (arr <= q3 + factor * iqr)]
    return {"name": name, "values": arr.tolist(), "factor": factor, "q1": float(q1), "q3": float(q3),
            "kept": kept.tolist()}


def outlier_cases():
    rng = np.random.default_rng(7)
    cases = [
        outlier_case("one value", [4.2], 3.0),
        outlier_case("two values", [1.0, 9.0], 1.5),
        outlier_case("five, one far", [1.0, 2.0, 3.0, 4.0, 100.0], 1.5),
        outlier_case("textbook", [7, 15, 36, 39, 40, 41], 1.5),
        outlier_case("ties", [1, 1, 1, 2, 2, 2, 2, 3, 3, 50], 3.0),
        outlier_case("factor zero keeps all", [1.0, 2.0, 3.0, 4.0, 1000.0], 0.0),
    ]
    for i, (size, factor) in enumerate([(7, 3.0), (10, 1.5), (23, 3.0), (50, 3.0), (101, 1.5), (64, 0.5)]):
        values = rng.standard_t(2, size) * 10 + 100  # heavy tails: some values fall outside
        cases.append(outlier_case(f"t2 n={size} factor={factor}", values.tolist(), factor))
    return cases


def normal_cases():
    xs = [-38.0, -37.0, -30.0, -20.0, -10.0, -8.5, -6.0, -5.6, -3.0, -1.959963984540054, -1.0, -0.6744, -0.5, -1e-9,
          0.0, 1e-9, 0.3, 0.6745, 1.0, 1.959963984540054, 2.5, 5.0, 5.7, 8.0, 9.0]
    ps = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.02425, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.97575,
          0.99, 0.999, 1 - 1e-10]
    return {"cdf": [{"x": x, "p": float(special.ndtr(x))} for x in xs],
            "quantile": [{"p": p, "x": float(special.ndtri(p))} for p in ps]}


def write(name, payload):
    payload = {"generator": "reference_vectors.py", "scipy": scipy.__version__, "numpy": np.__version__, **payload}
    (HERE / name).write_text(json.dumps(payload, indent=1, allow_nan=False) + "\n")


if __name__ == "__main__":
    write("mannwhitney-scipy.json", {"cases": mann_whitney_cases()})
    write("outliers-numpy.json", {"cases": outlier_cases()})
    write("standard-normal-scipy.json", normal_cases())
