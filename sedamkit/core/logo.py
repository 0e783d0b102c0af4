"""The client's logo for the report cover: found, checked and embedded as a data URI.

The logo is ``logo:`` in client.yaml (a path inside the client folder), else ``logo.png`` or
``logo.svg`` beside client.yaml. It must be a real PNG (its signature) or an SVG without scripts,
event handlers or outside references, and at most :data:`MAX_BYTES`.

Error codes
-----------
RPT001  the logo file named in client.yaml is not there
RPT002  the logo is not a PNG or SVG file (wrong kind, or a damaged file)
RPT003  the logo is larger than 2 MB
RPT004  the SVG logo holds a script, an event handler or an outside reference
"""
from __future__ import annotations

import base64
import re
from pathlib import Path

from .errors import Problems

__all__ = ["MAX_BYTES", "find_logo", "logo_problems", "logo_data_uri"]

#: the largest logo accepted (it is embedded in every report)
MAX_BYTES = 2 * 1024 * 1024
_PNG = b"\x89PNG\r\n\x1a\n"
_SVG_BAD = re.compile(rb"<script|\son[a-z]+\s*=|(?:href|src)\s*=\s*[\"']\s*(?:https?:|//|javascript:|file:)"
                      rb"|<foreignObject|@import", re.I)


def find_logo(client: dict) -> Path | None:
    """The logo file of a loaded client config (``dir`` set), or None when it has none."""
    folder = client.get("dir")
    if not folder:
        return None
    folder = Path(folder)
    if client.get("logo"):
        return folder / str(client["logo"])
    for name in ("logo.png", "logo.svg"):
        if (folder / name).is_file():
            return folder / name
    return None


def logo_problems(path: Path | None, where: str = "logo") -> Problems:
    """Every problem with the logo file at ``path`` (none for None)."""
    probs = Problems(str(path) if path else "client.yaml")
    if path is None:
        return probs
    path = Path(path)
    if not path.is_file():
        probs.add("RPT001", where, f"no logo file at {path}", "put the logo there (PNG or SVG), fix the path, or remove 'logo:'")
        return probs
    size = path.stat().st_size
    if size > MAX_BYTES:
        probs.add("RPT003", where, f"the logo is {size // 1024} kB, more than {MAX_BYTES // 1024} kB",
                  "save a smaller version (a few hundred pixels wide is enough for the cover)")
        return probs
    head = path.read_bytes()
    if path.suffix.lower() == ".png" or head[:8] == _PNG:
        if head[:8] != _PNG:
            probs.add("RPT002", where, "the file is not a PNG image", "export the logo as PNG or SVG")
    elif path.suffix.lower() == ".svg":
        if b"<svg" not in head[:4096].lower():
            probs.add("RPT002", where, "the file is not an SVG image", "export the logo as PNG or SVG")
        elif _SVG_BAD.search(head):
            probs.add("RPT004", where, "the SVG holds a script, an event handler or an outside reference",
                      "export a plain SVG (no scripts, no links to other files or sites), or use a PNG")
    else:
        probs.add("RPT002", where, f"a logo must be a .png or .svg file, not {path.suffix or 'a file without extension'}",
                  "export the logo as PNG or SVG")
    return probs


def logo_data_uri(path: Path) -> str:
    """The checked logo as a ``data:`` URI (raises the coded problems of :func:`logo_problems`)."""
    logo_problems(path).raise_if_any("the client's logo cannot be used")
    mime = "image/png" if Path(path).read_bytes()[:8] == _PNG else "image/svg+xml"
    return f"data:{mime};base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")
