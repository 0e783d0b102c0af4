"""Reading and writing files safely.

Every write goes to a temporary file in the same folder and is then renamed
over the target (``os.replace`` is atomic on POSIX and Windows), so a crash
part-way leaves the previous file intact. Reads of user files report a
corrupt file as a coded error and never touch it.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .errors import Problem, SedamError

__all__ = ["atomic_write_text", "atomic_write_bytes", "write_new", "write_json", "read_json", "read_yaml",
           "write_yaml"]


def atomic_write_bytes(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; create parent folders. Returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def atomic_write_text(path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def write_new(path, text: str, code: str) -> Path:
    """Write ``text`` to ``path`` only if no file is there yet, atomically and race-free.

    The text goes to a temporary file that is then hard-linked to ``path``; linking fails when
    ``path`` exists, even if another process created it a moment ago. An existing file raises
    a :class:`SedamError` with ``code`` and is left untouched.
    """
    path = Path(path)
    exists = Problem(code, str(path), None, "the file already exists and was left untouched",
                     "pass overwrite=True to replace it, or save a new version beside it")
    if path.exists():
        raise SedamError(exists)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise SedamError(exists) from None
        except OSError:  # file systems without hard links: best effort
            if path.exists():
                raise SedamError(exists) from None
            os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def write_json(path, obj) -> Path:
    """Write ``obj`` as indented, UTF-8 JSON, atomically."""
    return atomic_write_text(path, json.dumps(obj, indent=2, ensure_ascii=False, default=_default) + "\n")


def _default(o):
    # numpy scalars, Timestamps, Paths
    if hasattr(o, "item"):
        return o.item()
    if hasattr(o, "isoformat"):
        return o.isoformat()
    if isinstance(o, Path):
        return str(o)
    raise TypeError(f"not JSON serializable: {type(o).__name__}")


def read_json(path, code: str = "IO001"):
    """Read a JSON file; a missing or corrupt file is a coded :class:`SedamError`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SedamError(Problem(code, str(path), None, "file not found",
                                 "check the path, or create the file")) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise SedamError(Problem(code, str(path), f"line {e.lineno} column {e.colno}",
                                 f"not valid JSON ({e.msg}); the file was left untouched",
                                 "repair the file by hand or restore it from a backup")) from None


def read_yaml(path, code: str = "IO002"):
    """Read a YAML file; a missing or corrupt file is a coded :class:`SedamError`."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SedamError(Problem(code, str(path), None, "file not found",
                                 "check the path, or create the file")) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1} column {mark.column + 1}" if mark else None
        raise SedamError(Problem(code, str(path), where, f"not valid YAML ({getattr(e, 'problem', e)})",
                                 "fix the indentation or quoting at that line")) from None


def write_yaml(path, obj) -> Path:
    import yaml

    return atomic_write_text(path, yaml.safe_dump(obj, sort_keys=False, allow_unicode=True))
