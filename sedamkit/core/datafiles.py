"""The package's data files (``sedamkit/data/*.yaml``: the catalogue, the KPI catalogue, the
journey rules, the maturity levels, the design links …), read once and handed out as copies.

:func:`load_data` is the one cached loader: each file is read (and, when a ``check`` is given,
validated) once per process; every call returns a deep copy, so a caller can change what it got
without corrupting the cache or another caller's view.

Examples
--------
>>> a = load_data("application_maturity.yaml")
>>> a["priority_weights"]["weakness"] = 99
>>> load_data("application_maturity.yaml")["priority_weights"]["weakness"]
0.4
"""
from __future__ import annotations

import copy
import functools
from pathlib import Path

from .fileio import read_yaml
from .paths import data_dir

__all__ = ["load_data", "data_path", "clear_cache"]


def data_path(name) -> Path:
    """The path of a data file.

    A plain file name given as a string (``"journey_rules.yaml"``) is a package data file:
    ``sedamkit/data/<name>``. A :class:`~pathlib.Path`, or a string with a folder in it, is a
    file of the user's and is used as given.

    >>> data_path("journey_rules.yaml").parent.name
    'data'
    >>> data_path(Path("my_rules.yaml")).as_posix()
    'my_rules.yaml'
    """
    p = Path(name)
    if isinstance(name, Path) or p.is_absolute() or len(p.parts) > 1:
        return p
    return data_dir() / p


def load_data(name, *, code: str = "IO002", check=None):
    """The parsed content of a YAML data file, as a fresh deep copy (cached per process).

    Parameters
    ----------
    name : str or Path
        A file name in ``sedamkit/data`` (e.g. ``"approaches.yaml"``), or a user's file as a
        :class:`~pathlib.Path` (see :func:`data_path`).
    code : str
        Error code for a missing or unreadable file (e.g. ``CAT000`` for the catalogue).
    check : callable, optional
        ``check(content, file) -> content``: validates (and may normalise) the content once,
        before it is cached; its :class:`~sedamkit.core.errors.SedamError` is raised to the caller
        (and nothing is cached).
    """
    return copy.deepcopy(_cached(str(data_path(name)), code, check))


@functools.lru_cache(maxsize=32)
def _cached(path: str, code: str, check):
    obj = read_yaml(path, code=code)
    return check(obj, path) if check is not None else obj


def clear_cache() -> None:
    """Forget every file read so far (e.g. after a data file was edited in a session)."""
    _cached.cache_clear()
