"""Reading and writing files safely.

Every write goes to a temporary file in the same folder and is then renamed
over the target (``os.replace`` is atomic on POSIX and Windows), so a crash
part-way leaves the previous file intact. Reads of user files report a
corrupt file as a coded error and never touch it.
"""
from __future__ import annotations

import json
import math
import os
import re
import stat
import tempfile
from pathlib import Path

from .errors import Problem, SedamError

__all__ = ["atomic_write_text", "atomic_write_bytes", "write_new", "write_json", "read_json", "read_yaml",
           "write_yaml", "read_bytes", "read_text", "decode_text", "loads_json", "loads_yaml",
           "MAX_DEPTH", "MAX_INT_DIGITS", "MAX_NODES"]


def _umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def _new_file_mode(path: Path) -> int:
    """The mode a written file should get: an existing file keeps its own; a new one gets what
    ``open()`` would give it under the current umask (``mkstemp`` alone would make it 0600)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def atomic_write_bytes(path, data: bytes, mode: int | None = None) -> Path:
    """Write ``data`` to ``path`` atomically; create parent folders. Returns the path.

    A new file gets the mode the umask allows (colleagues and shared folders can read it as they
    read any other file); a replaced file keeps its mode; ``mode`` (e.g. ``0o600`` for a file holding
    secrets) sets it instead."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _new_file_mode(path) if mode is None else mode
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
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


def atomic_write_text(path, text: str, mode: int | None = None) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"), mode)


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
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o666 & ~_umask())
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


# ---------------------------------------------------------------------------------------------
# Reading user files
#
# Every reader below refuses bad input with one coded SedamError and never a traceback or a hang.
# The problem keeps the code the caller passes (ANS001 for an answers file, CFG001 for client.yaml…):
# that code names *which* file failed; the message says *what* is wrong with it.

#: Deepest nesting of lists / mappings a user file may have.
MAX_DEPTH = 64
#: Most digits an integer in a user file may have (10**18 still converts to a float).
MAX_INT_DIGITS = 18
#: Most values a YAML file may expand to through aliases (a "billion laughs" file is refused).
MAX_NODES = 5_000_000

_SURROGATE = re.compile("[\ud800-\udfff]")
_FIX_SAVE = "save the file again as UTF-8 (in Excel: 'CSV UTF-8'; in Notepad: Save as, Encoding UTF-8)"


class _Refused(Exception):
    """A reader found something it does not accept; carries where and what."""

    def __init__(self, where, message, fix=""):
        super().__init__(message)
        self.where, self.message, self.fix = where, message, fix


class _BigInt(str):
    """An integer literal with too many digits, kept as text so the tree check names its place."""


def _kind(mode: int) -> str | None:
    """None for a regular file, else what the path is instead."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_bytes(path, code: str = "IO004") -> bytes:
    """The bytes of a regular file, or a coded :class:`SedamError`.

    The path is checked with ``os.stat`` *before* it is opened, so a folder, a named pipe (FIFO), a
    device or a socket where a file belongs is refused at once (opening a FIFO would wait forever
    for a writer). The file is then opened non-blocking and checked again, in case it was swapped.
    """
    path = Path(path)

    def refuse(message, fix):
        return SedamError(Problem(code, str(path), None, message, fix))

    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise refuse("file not found", "check the path, or create the file") from None
    except PermissionError:
        raise refuse("the file cannot be read (permission denied)", "check the file's permissions") from None
    except (OSError, ValueError) as e:  # a name too long, a NUL byte in the path…
        raise refuse(f"the file cannot be read ({e.__class__.__name__}: {e})", "check the path") from None
    kind = _kind(st.st_mode)
    if kind:
        raise refuse(f"{kind} is where a file belongs (refused without opening it)",
                     "point to a regular file; a folder, named pipe or device cannot be read as one")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except PermissionError:
        raise refuse("the file cannot be read (permission denied)", "check the file's permissions") from None
    except OSError as e:
        raise refuse(f"the file cannot be read ({e.strerror or e})", "check the path") from None
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind:
            raise refuse(f"{kind} is where a file belongs", "point to a regular file")
        chunks = []
        while True:
            try:
                chunk = os.read(fd, 1 << 20)
            except BlockingIOError:  # pragma: no cover — only a non-regular file blocks
                raise refuse("the file cannot be read without waiting", "point to a regular file") from None
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as e:
        raise refuse(f"the file cannot be read ({e.strerror or e})", "check the file") from None
    finally:
        os.close(fd)


def _line_col(text, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    return f"line {line} column {pos - (text.rfind(chr(10), 0, pos) + 1) + 1}"


def decode_text(data: bytes, file=None, code: str = "IO004") -> str:
    """UTF-8 bytes (with or without a byte-order mark) as text, or a coded :class:`SedamError`.

    UTF-16 and UTF-32 files (a byte-order mark, or NUL bytes between letters) are refused, not
    guessed at: the message names the encoding and says how to save the file as UTF-8. Bytes that
    are not UTF-8 but read as Windows-1252 are reported as such, with the line and column.
    """
    def refuse(where, message):
        return SedamError(Problem(code, None if file is None else str(file), where, message, _FIX_SAVE))

    for bom, name in ((b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"), (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
                      (b"\xff\xfe", "UTF-16 (little-endian)"), (b"\xfe\xff", "UTF-16 (big-endian)")):
        if data.startswith(bom):
            raise refuse(None, f"the file is {name} text (it starts with a {name.split()[0]} byte-order mark); "
                               "only UTF-8 is read")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:4096]
    if head and head.count(0) * 4 >= len(head):
        raise refuse(None, "the file looks like UTF-16 text without a byte-order mark (every other byte is 0); "
                           "only UTF-8 is read")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        good = data[:e.start].decode("utf-8", "replace")
        bad = data[e.start:e.start + 4]
        try:
            data.decode("cp1252")
            looks = "it looks like Windows-1252 (Western European, as old Excel and Notepad save it)"
        except UnicodeDecodeError:
            looks = "it is in an unknown encoding, or not text at all"
        raise refuse(_line_col(good, len(good)), f"the file is not UTF-8 text (byte {bad[:1].hex(' ')} "
                                                 f"cannot be decoded); {looks}") from None
    if "\x00" in text:
        pos = text.index("\x00")
        raise refuse(_line_col(text, pos), "the file holds a NUL character: it is binary, not text")
    return text


def read_text(path, code: str = "IO004") -> str:
    """A user's text file (UTF-8, with or without a byte-order mark) or a coded :class:`SedamError`;
    see :func:`read_bytes` for what is refused before opening and :func:`decode_text` for encodings."""
    return decode_text(read_bytes(path, code), path, code)


def _where(path) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (("." if out else "") + str(p))
    return out or "(top level)"


def _check_tree(obj, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES, allow_nan: bool = False) -> None:
    """Raise :class:`_Refused` for the first value a user file may not hold.

    Refused: NaN and infinite floats, integers with more than :data:`MAX_INT_DIGITS` digits,
    strings (values or keys) with unpaired surrogates, nesting deeper than ``max_depth``, a
    structure that contains itself (YAML aliases) and aliases that expand past ``max_nodes`` values.
    Each shared container is checked once.
    """
    sizes: dict = {}
    on_path: set = set()

    def walk(node, path):
        if isinstance(node, _BigInt):
            raise _Refused(_where(path), f"an integer with {len(node.lstrip('+-'))} digits is too large "
                                         f"(at most {MAX_INT_DIGITS} digits)", "check the value; write a smaller number")
        if isinstance(node, str):
            if _SURROGATE.search(node):
                raise _Refused(_where(path), "the text holds an unpaired surrogate (a broken \\ud800-\\udfff escape)",
                               "remove the broken escape or retype the character")
            return 1
        if isinstance(node, float):
            if not allow_nan and not math.isfinite(node):
                raise _Refused(_where(path), f"{node!r} is not a finite number (NaN, infinity, or a number too "
                                             "large such as 1e999, is not allowed)", "write an ordinary number")
            return 1
        if not isinstance(node, (dict, list, tuple, set)):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in on_path:
            raise _Refused(_where(path), "the value contains itself (a YAML alias to its own parent)",
                           "write the value out instead of using an alias")
        if len(path) >= max_depth:
            raise _Refused(_where(path), f"the values are nested deeper than {max_depth} levels",
                           "flatten the structure; no kit file needs that much nesting")
        on_path.add(key)
        total = 1
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(k, str) and _SURROGATE.search(k):
                    raise _Refused(_where(path), f"a key holds an unpaired surrogate ({k!r})", "retype the key")
                total += walk(k, path + [f"{k}"]) if isinstance(k, (float, _BigInt)) else 0
                total += walk(v, path + [k])
                if total > max_nodes:
                    raise _Refused(_where(path), f"the file expands to more than {max_nodes:,} values (aliases)",
                                   "write the values out instead of nesting aliases")
        else:
            for n, v in enumerate(node):
                total += walk(v, path + [n])
                if total > max_nodes:
                    raise _Refused(_where(path), f"the file expands to more than {max_nodes:,} values (aliases)",
                                   "write the values out instead of nesting aliases")
        on_path.discard(key)
        sizes[key] = total
        return total

    walk(obj, [])


# -- JSON ---------------------------------------------------------------------------------------
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_JSON_BRACKETS = re.compile(r"[\[\]{}]")


def _json_depth(text: str, limit: int):
    """Position of the first bracket nested deeper than ``limit``, or None (strings skipped)."""
    depth = 0
    last = 0
    pieces = []
    for m in _JSON_STRING.finditer(text):
        pieces.append((last, text[last:m.start()]))
        last = m.end()
    pieces.append((last, text[last:]))
    for offset, piece in pieces:
        for m in _JSON_BRACKETS.finditer(piece):
            if m.group() in "[{":
                depth += 1
                if depth > limit:
                    return offset + m.start()
            else:
                depth -= 1
    return None


def _json_pairs(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise _Refused(None, f"the key {k!r} appears twice in one object",
                           "keep one of the two entries; JSON readers silently drop the other")
        out[k] = v
    return out


def _json_int(s: str):
    return _BigInt(s) if len(s.lstrip("-")) > MAX_INT_DIGITS else int(s)


#: Codes of files the kit writes itself and reads back as written: stage results (``RES``) have
#: always carried ``NaN`` for a missing number, so ``NaN`` / ``Infinity`` are accepted there.
KIT_WRITTEN = ("RES",)


def loads_json(text: str, file=None, code: str = "IO001", *, allow_nan: bool | None = None):
    """Parse JSON text strictly; see :func:`read_json`."""
    if allow_nan is None:
        allow_nan = code.startswith(KIT_WRITTEN)
    fix = "repair the file by hand or restore it from a backup"
    pos = _json_depth(text, MAX_DEPTH)
    if pos is not None:
        raise SedamError(Problem(code, file, _line_col(text, pos), f"the values are nested deeper than "
                                 f"{MAX_DEPTH} levels; the file was left untouched", "flatten the structure"))
    try:
        obj = json.loads(text, object_pairs_hook=_json_pairs, parse_int=_json_int)
        _check_tree(obj, allow_nan=allow_nan)
    except json.JSONDecodeError as e:
        raise SedamError(Problem(code, file, f"line {e.lineno} column {e.colno}",
                                 f"not valid JSON ({e.msg}); the file was left untouched", fix)) from None
    except _Refused as e:
        raise SedamError(Problem(code, file, e.where, f"not valid JSON: {e.message}; the file was left untouched",
                                 e.fix or fix)) from None
    except (RecursionError, ValueError, OverflowError, MemoryError) as e:  # belt and braces
        raise SedamError(Problem(code, file, None, f"not valid JSON ({e.__class__.__name__}: {e})"[:300], fix)) from None
    return obj


def read_json(path, code: str = "IO001", *, allow_nan: bool | None = None):
    """Read a JSON file; a missing, special, mis-encoded or corrupt file is a coded :class:`SedamError`.

    Refused, each with ``code``: what is not a regular file (checked before opening, so a named pipe
    never blocks), text that is not UTF-8, ``NaN`` / ``Infinity`` / numbers that overflow (``1e999``),
    integers of more than :data:`MAX_INT_DIGITS` digits, a key twice in one object, nesting deeper
    than :data:`MAX_DEPTH` and unpaired surrogates (``"\\ud800"``).

    ``allow_nan=True`` accepts ``NaN`` / ``Infinity`` (the kit's own files); by default they are
    refused except for the codes in :data:`KIT_WRITTEN` (stage results).
    """
    path = Path(path)
    return loads_json(read_text(path, code), str(path), code, allow_nan=allow_nan)


# -- YAML ---------------------------------------------------------------------------------------
def _strict_loader():
    import yaml
    from yaml.constructor import ConstructorError

    class StrictLoader(yaml.SafeLoader):
        """SafeLoader that refuses duplicate keys and deep nesting, and turns every construction
        error (a date that does not exist, a huge integer) into a ConstructorError with its mark."""

        def __init__(self, stream):
            super().__init__(stream)
            self._depth = 0

        def compose_node(self, parent, index):
            self._depth += 1
            try:
                if self._depth > MAX_DEPTH + 1:  # containers plus the scalar inside
                    raise yaml.composer.ComposerError(None, None, f"the values are nested deeper than {MAX_DEPTH} "
                                                      "levels", self.peek_event().start_mark)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

        def construct_object(self, node, deep=False):
            try:
                return super().construct_object(node, deep)
            except yaml.YAMLError:
                raise
            except (ValueError, TypeError, OverflowError, ArithmeticError) as e:
                raise ConstructorError(None, None, f"cannot read {node.value!r} as "
                                       f"{node.tag.rsplit(':', 1)[-1]} ({e})" if isinstance(node.value, str)
                                       else f"cannot read the value ({e})", node.start_mark) from None

        def construct_mapping(self, node, deep=False):
            if isinstance(node, yaml.MappingNode):
                seen = {}
                for key_node, _ in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue
                    key = self.construct_object(key_node, deep=True)
                    try:
                        hash(key)
                    except TypeError:
                        continue  # the base class reports an unhashable key
                    if key in seen:
                        raise ConstructorError("while reading a mapping", node.start_mark,
                                               f"the key {key!r} appears twice (first at line "
                                               f"{seen[key].line + 1})", key_node.start_mark)
                    seen[key] = key_node.start_mark
            return super().construct_mapping(node, deep)

        def construct_yaml_int(self, node):
            digits = self.construct_scalar(node).replace("_", "").lstrip("+-")
            if len(digits) > MAX_INT_DIGITS and digits.isdigit():
                return _BigInt(self.construct_scalar(node))
            return super().construct_yaml_int(node)

    StrictLoader.add_constructor("tag:yaml.org,2002:int", StrictLoader.construct_yaml_int)
    return StrictLoader


_LOADER = None


def loads_yaml(text: str, file=None, code: str = "IO003"):
    """Parse YAML text strictly; see :func:`read_yaml`."""
    import yaml

    global _LOADER
    if _LOADER is None:
        _LOADER = _strict_loader()
    fix = "fix the indentation or quoting at that line"
    try:
        obj = yaml.load(text, Loader=_LOADER)  # noqa: S506 — a SafeLoader subclass
        _check_tree(obj)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        if mark is not None:
            where = f"line {mark.line + 1} column {mark.column + 1}"
        elif getattr(e, "position", None) is not None:  # ReaderError: a character YAML does not allow
            where = _line_col(text, e.position)
        else:
            where = None
        problem = getattr(e, "problem", None) or getattr(e, "reason", None) or e
        if getattr(e, "character", None) is not None and not isinstance(getattr(e, "character"), str):
            problem = f"{problem} (byte {e.character:#x})"
        elif isinstance(getattr(e, "character", None), str):
            problem = f"{problem}: character {ord(e.character):#06x} is not allowed in YAML"
        if isinstance(e, yaml.constructor.ConstructorError) or "nested deeper" in str(problem):
            fix = "correct the value at that line (quote it to keep it as text)"
        raise SedamError(Problem(code, file, where, f"not valid YAML ({problem})", fix)) from None
    except _Refused as e:
        raise SedamError(Problem(code, file, e.where, f"not valid YAML: {e.message}", e.fix or fix)) from None
    except (RecursionError, ValueError, TypeError, OverflowError, MemoryError) as e:  # belt and braces
        raise SedamError(Problem(code, file, None, f"not valid YAML ({e.__class__.__name__}: {e})"[:300], fix)) from None
    return obj


def read_yaml(path, code: str = "IO003"):
    """Read a YAML file; a missing, special, mis-encoded or corrupt file is a coded :class:`SedamError`.

    Refused, each with ``code`` and the 1-based line and column where YAML gives one: what is not a
    regular file (checked before opening), text that is not UTF-8, YAML syntax errors, values that
    cannot be built (a date that does not exist such as ``2025-02-30``), a key twice in one mapping,
    nesting deeper than :data:`MAX_DEPTH`, ``.nan`` / ``.inf``, integers of more than
    :data:`MAX_INT_DIGITS` digits, unpaired surrogates and aliases that contain themselves or expand
    past :data:`MAX_NODES` values.
    """
    path = Path(path)
    return loads_yaml(read_text(path, code), str(path), code)


def write_yaml(path, obj) -> Path:
    import yaml

    return atomic_write_text(path, yaml.safe_dump(obj, sort_keys=False, allow_unicode=True))
