"""Reliability of a block of Likert items: Cronbach's alpha with Feldt's interval."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.tables import numeric
from .cx_base import prepare
from .statistics import f_quantile

__all__ = ['cronbach_alpha']


def cronbach_alpha(data, items=None, *, confidence=0.95):
    """Cronbach's alpha for a block of Likert items, with Feldt's interval.

    ``alpha = k/(k−1) · (1 − Σ var(item) / var(total))`` over respondents with all
    ``k`` items answered (rows with a missing item are left out). Feldt's
    interval: ``1 − (1 − alpha)·F`` with the upper and lower quantiles of the
    F distribution on ``n − 1`` and ``(n − 1)(k − 1)`` degrees of freedom.
    Around 0.7 or more is usually read as acceptable internal consistency.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent, one column per item.
    items : list of str, optional
        The item columns (default: all columns).
    confidence : float

    Returns
    -------
    pandas.DataFrame
        One row: ``alpha``, ``ci_low``, ``ci_high``, ``n`` (complete rows used),
        ``k`` (items), ``n_dropped`` (rows left out for missing answers).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"q1": [1, 2, 3, 4, 5], "q2": [1, 2, 3, 4, 5], "q3": [2, 2, 3, 5, 5]})
    >>> round(float(cronbach_alpha(df)["alpha"].iloc[0]), 4)
    0.9859
    """
    probs, _ = prepare(data, list(items or []), None, confidence, "the item block")
    if probs:
        probs.raise_if_any("cannot compute Cronbach's alpha")
    items = list(items) if items is not None else list(data.columns)
    block = np.column_stack([numeric(data, c, probs, what="item answers") for c in items]) if items else None
    k = len(items)
    if k < 2:
        probs.add("CX001", "items", f"alpha needs at least 2 items, got {k}", "pass two or more item columns")
    probs.raise_if_any("cannot compute Cronbach's alpha")
    complete = ~np.isnan(block).any(axis=1)
    x = block[complete]
    n = len(x)
    if n < 3:
        probs.add("CX001", "data", f"alpha needs at least 3 complete rows, got {n}", "collect more answers")
        probs.raise_if_any("cannot compute Cronbach's alpha")
    item_var = x.var(axis=0, ddof=1).sum()
    total_var = x.sum(axis=1).var(ddof=1)
    alpha = k / (k - 1) * (1 - item_var / total_var) if total_var > 0 else float("nan")
    df1, df2 = n - 1, (n - 1) * (k - 1)
    g = (1 - confidence) / 2
    lo = 1 - (1 - alpha) * f_quantile(1 - g, df1, df2)
    hi = 1 - (1 - alpha) * f_quantile(g, df1, df2)
    return pd.DataFrame({"alpha": [alpha], "ci_low": [lo], "ci_high": [hi], "n": [n], "k": [k],
                         "n_dropped": [int((~complete).sum())]})
