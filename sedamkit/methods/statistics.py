"""Small statistics the methods share: Student t, F and normal quantiles, the Wilson interval for
shares and the t interval for means.

The t and F quantiles are computed here (no SciPy needed) from the regularized incomplete beta
function; they agree with printed tables to four decimals.

Examples
--------
>>> round(t_quantile(0.975, 4), 4)
2.7764
"""
from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

__all__ = ["t_quantile", "f_quantile", "z_value", "wilson_interval", "t_interval"]


# ----------------------------------------------------------------------------------------------
# distributions (our own small implementation; no SciPy)


def _betacf(a, b, x, itmax=20000, eps=1e-15):
    # continued fraction for the incomplete beta function (modified Lentz method)
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, itmax + 1):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < eps:
            break
    return h


def _betainc(a, b, x):
    """Regularized incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    lbeta = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    front = math.exp(lbeta + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1 - x) / b


def _f_cdf(x, d1, d2):
    if x <= 0:
        return 0.0
    return _betainc(d1 / 2, d2 / 2, d1 * x / (d1 * x + d2))


def _t_cdf(t, df):
    x = df / (df + t * t)
    tail = 0.5 * _betainc(df / 2, 0.5, x)
    return 1 - tail if t > 0 else tail


def _invert(cdf, p, lo, hi):
    while cdf(hi) < p:
        lo, hi = hi, hi * 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if cdf(mid) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12 * max(1.0, abs(hi)):
            break
    return (lo + hi) / 2


def t_quantile(p, df):
    """Quantile of Student's t distribution with ``df`` degrees of freedom.

    >>> round(t_quantile(0.975, 10), 4)
    2.2281
    """
    if df > 1000:
        # Cornish–Fisher expansion around the normal quantile; error far below 1e-6 here
        z = NormalDist().inv_cdf(p)
        return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1 - p, df)
    return _invert(lambda t: _t_cdf(t, df), p, 0.0, 10.0)


def f_quantile(p, d1, d2):
    """Quantile of the F distribution with ``d1`` and ``d2`` degrees of freedom.

    >>> round(f_quantile(0.975, 10, 20), 4)
    2.7737
    """
    return _invert(lambda x: _f_cdf(x, d1, d2), p, 0.0, 10.0)


def z_value(confidence):
    """The two-sided normal quantile for ``confidence`` (1.96 for 0.95).

    >>> round(z_value(0.95), 4)
    1.96
    """
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson_interval(successes, n, confidence=0.95):
    """Wilson score interval for a proportion; arrays in, (low, high) arrays out (NaN where n = 0).

    >>> lo, hi = wilson_interval(40, 50)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.6696, 0.8876)
    """
    k = np.asarray(successes, dtype=float)
    n = np.asarray(n, dtype=float)
    z = z_value(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        den = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / den
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
        lo = np.where(k == 0, 0.0, np.clip(centre - half, 0, 1))      # exact ends, no rounding residue
        hi = np.where(k == n, 1.0, np.clip(centre + half, 0, 1))
    empty = ~(n > 0)
    return np.where(empty, np.nan, lo), np.where(empty, np.nan, hi)


def t_interval(mean, sd, n, confidence=0.95):
    """Student t interval for means; arrays in, (low, high) arrays out (NaN where n < 2 or sd is missing).

    >>> lo, hi = t_interval(5.0, 1.0, 10)
    >>> round(float(lo), 4), round(float(hi), 4)
    (4.2846, 5.7154)
    """
    mean, sd, n = (np.asarray(x, dtype=float) for x in (mean, sd, n))
    lo = np.full(mean.shape, np.nan)
    hi = np.full(mean.shape, np.nan)
    for i in np.ndindex(mean.shape):
        if n[i] >= 2 and np.isfinite(sd[i]):
            half = t_quantile(0.5 + confidence / 2, n[i] - 1) * sd[i] / math.sqrt(n[i])
            lo[i], hi[i] = mean[i] - half, mean[i] + half
    return lo, hi
