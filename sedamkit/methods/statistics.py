"""Small statistics the methods share: Student t, F and normal quantiles, the Wilson interval for
shares and the t interval for means, and the tests of a difference between two groups (regions,
periods): Welch's t-test for means, Newcombe's interval with the two-proportion z-test for shares,
the NPS difference with its variance, and Holm's correction when several pairs are tested at once.

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

__all__ = ["t_quantile", "t_cdf", "f_quantile", "z_value", "wilson_interval", "t_interval", "welch_test",
           "welch_from_stats", "newcombe_interval", "nps_difference", "holm", "two_sided_z"]


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


# ----------------------------------------------------------------------------------------------
# tests of a difference between two groups (regions, periods)


def t_cdf(t, df):
    """Distribution function of Student's t with ``df`` degrees of freedom (any real ``df`` > 0).

    >>> round(t_cdf(2.2281, 10), 4)
    0.975
    """
    if df > 1e7:
        return NormalDist().cdf(t)
    return _t_cdf(float(t), float(df))


def _two_sided_t(t, df):
    """Two-sided p-value of a t statistic."""
    if not math.isfinite(t):
        return 0.0
    return min(1.0, 2 * t_cdf(-abs(t), df))


def two_sided_z(z):
    """Two-sided p-value of a normal z statistic (0 for an infinite one).

    >>> round(two_sided_z(1.959964), 3)
    0.05
    """
    if not math.isfinite(z):
        return 0.0
    return min(1.0, 2 * NormalDist().cdf(-abs(z)))


def _result(difference, lo, hi, p, method, **extra):
    return {"difference": float(difference), "ci_low": float(lo), "ci_high": float(hi), "p_value": float(p),
            "method": method, **extra}


def welch_from_stats(mean_a, sd_a, n_a, mean_b, sd_b, n_b, confidence=0.95):
    """Welch's t-test of ``mean_a − mean_b`` from each group's mean, standard deviation and size.

    The two groups may have different spreads. The standard error of the difference is
    ``sqrt(sd_a²/n_a + sd_b²/n_b)`` and its degrees of freedom come from the Welch–Satterthwaite
    formula; the interval is ``difference ± t(df) · se``.

    Returns a dict: ``difference``, ``ci_low``, ``ci_high``, ``p_value`` (two-sided), ``method``
    (``"welch_t"``), ``t``, ``df``, ``se``. NaN everywhere when a group has fewer than two answers.

    >>> r = welch_from_stats(20.82, 2.98, 15, 22.99, 1.61, 15)
    >>> round(r["t"], 2), round(r["df"], 1), round(r["p_value"], 3)
    (-2.48, 21.5, 0.021)
    """
    ma, sa, na, mb, sb, nb = (float(x) for x in (mean_a, sd_a, n_a, mean_b, sd_b, n_b))
    diff = ma - mb
    if na < 2 or nb < 2 or not (math.isfinite(sa) and math.isfinite(sb)):
        nan = float("nan")
        return _result(diff, nan, nan, nan, "welch_t", t=nan, df=nan, se=nan)
    va, vb = sa * sa / na, sb * sb / nb
    se = math.sqrt(va + vb)
    if se == 0:
        p = 1.0 if diff == 0 else 0.0
        return _result(diff, diff, diff, p, "welch_t", t=(0.0 if diff == 0 else math.copysign(math.inf, diff)),
                       df=na + nb - 2, se=0.0)
    df = (va + vb) ** 2 / (va * va / (na - 1) + vb * vb / (nb - 1))
    t = diff / se
    half = t_quantile(0.5 + confidence / 2, df) * se
    return _result(diff, diff - half, diff + half, _two_sided_t(t, df), "welch_t", t=t, df=df, se=se)


def welch_test(a, b, confidence=0.95):
    """Welch's t-test of ``mean(a) − mean(b)`` for two samples of individual answers (missing values
    left out); see :func:`welch_from_stats` for the returned dict.

    Checked against a published example (Welch's test, two samples of 15):

    >>> a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
    >>> b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]
    >>> r = welch_test(a, b)
    >>> round(r["t"], 2), round(r["df"], 1), round(r["p_value"], 3)
    (-2.46, 25.0, 0.021)
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    sd = lambda x: float(np.std(x, ddof=1)) if len(x) > 1 else float("nan")  # noqa: E731
    return welch_from_stats(a.mean() if len(a) else float("nan"), sd(a), len(a),
                            b.mean() if len(b) else float("nan"), sd(b), len(b), confidence)


def newcombe_interval(k_a, n_a, k_b, n_b, confidence=0.95):
    """The difference of two shares ``k_a/n_a − k_b/n_b`` with Newcombe's hybrid score interval
    (built from each share's Wilson interval) and the two-proportion z-test (pooled share).

    Returns a dict: ``difference`` (a proportion, not percent), ``ci_low``, ``ci_high``, ``p_value``,
    ``method`` (``"newcombe"``), ``z``.

    Newcombe's (1998) worked example, 56/70 against 48/80:

    >>> r = newcombe_interval(56, 70, 48, 80)
    >>> round(r["difference"], 4), round(r["ci_low"], 4), round(r["ci_high"], 4)
    (0.2, 0.0524, 0.3339)
    """
    ka, na, kb, nb = (float(x) for x in (k_a, n_a, k_b, n_b))
    if na <= 0 or nb <= 0:
        nan = float("nan")
        return _result(nan, nan, nan, nan, "newcombe", z=nan)
    pa, pb = ka / na, kb / nb
    la, ua = (float(x) for x in wilson_interval(ka, na, confidence))
    lb, ub = (float(x) for x in wilson_interval(kb, nb, confidence))
    d = pa - pb
    lo = d - math.sqrt((pa - la) ** 2 + (ub - pb) ** 2)
    hi = d + math.sqrt((ua - pa) ** 2 + (pb - lb) ** 2)
    pool = (ka + kb) / (na + nb)
    se0 = math.sqrt(pool * (1 - pool) * (1 / na + 1 / nb))
    z = (0.0 if d == 0 else math.copysign(math.inf, d)) if se0 == 0 else d / se0
    return _result(d, lo, hi, two_sided_z(z), "newcombe", z=z)


def nps_difference(prom_a, det_a, n_a, prom_b, det_b, n_b, confidence=0.95):
    """The difference of two Net Promoter Scores (points) with a normal interval and z-test.

    Each NPS has the variance ``(p + d − (p − d)²) / n`` (``p``, ``d`` the shares of promoters and
    detractors); the groups are independent, so the variance of the difference is the sum.

    Returns a dict: ``difference``, ``ci_low``, ``ci_high`` (points), ``p_value``, ``method``
    (``"nps_normal"``), ``z``, ``se``.

    >>> r = nps_difference(50, 20, 100, 40, 30, 100)
    >>> round(r["difference"], 1), round(r["se"], 2), round(r["p_value"], 3)
    (20.0, 11.4, 0.079)
    """
    pa_, da_, na, pb_, db_, nb = (float(x) for x in (prom_a, det_a, n_a, prom_b, det_b, n_b))
    if na <= 0 or nb <= 0:
        nan = float("nan")
        return _result(nan, nan, nan, nan, "nps_normal", z=nan, se=nan)
    pa, da, pb, db = pa_ / na, da_ / na, pb_ / nb, db_ / nb
    d = 100 * ((pa - da) - (pb - db))
    se = 100 * math.sqrt((pa + da - (pa - da) ** 2) / na + (pb + db - (pb - db) ** 2) / nb)
    zc = z_value(confidence)
    z = (0.0 if d == 0 else math.copysign(math.inf, d)) if se == 0 else d / se
    return _result(d, d - zc * se, d + zc * se, two_sided_z(z), "nps_normal", z=z, se=se)


def holm(p_values, alpha=0.05):
    """Holm's step-down correction for several tests at once: ``(adjusted p-values, significant)``.

    The smallest p-value is multiplied by the number of tests, the next by one less, and so on;
    each adjusted value is at least the one before (so the order is kept) and at most 1. A test is
    significant when its adjusted p-value is below ``alpha``. NaN p-values stay NaN (not significant)
    and do not count as tests.

    >>> adj, sig = holm([0.01, 0.04, 0.03, 0.005])
    >>> [round(x, 3) for x in adj], sig
    ([0.03, 0.06, 0.06, 0.02], [True, False, False, True])
    """
    p = np.asarray(p_values, dtype=float)
    adj = np.full(p.shape, np.nan)
    idx = np.flatnonzero(~np.isnan(p))
    m = len(idx)
    order = idx[np.argsort(p[idx], kind="stable")]
    running = 0.0
    for i, j in enumerate(order):
        running = max(running, min(1.0, (m - i) * p[j]))
        adj[j] = running
    sig = [bool(a < alpha) if a == a else False for a in adj]
    return [float(a) for a in adj], sig
