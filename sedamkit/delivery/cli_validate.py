"""``sedam validate CLIENT_DIR``: the verdict on a client folder, then the stages a run would leave out.

The kit's own lines (the verdict, the heading of the problems, "Fix", the stages left out and why) are in the
client's language — the ``language:`` of its client.yaml, read even when the file has problems; English
output is the one ``sedam validate`` always wrote. Each problem's code, place, message and fix are the
check's own words, shared with every other place that reports them (notebooks, the runner, the app).
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..core.errors import SedamError

__all__ = ["folder_language", "validate_folder", "problems_text", "print_left_out"]


def folder_language(path: Path) -> str:
    """The ``language:`` a client folder's client.yaml names (``en`` when it names none or cannot be read),
    so ``sedam validate`` speaks to a French client in French even when its client.yaml has problems."""
    import yaml

    from ..core.i18n import LANGUAGES, normalise_language

    try:
        raw = yaml.safe_load((path / "client.yaml").read_text(encoding="utf-8")) or {}
        lang = normalise_language(raw.get("language") if isinstance(raw, dict) else None)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError):
        return "en"
    return lang if lang in LANGUAGES else "en"


def validate_folder(path: Path) -> int:
    """``sedam validate CLIENT_DIR``: the verdict, then the stages a run would leave out; the kit's own
    lines in the client's language (the problems' texts are the checks' own, shared by every language)."""
    from ..core.i18n import t
    from .runner import validate_client

    lang = folder_language(path)
    try:
        client = validate_client(path)
    except SedamError as e:
        if lang == "en":
            print(str(e), file=sys.stderr)
        else:
            print(problems_text(e, t("deliver.validate.problems", lang, folder=str(path)), lang), file=sys.stderr)
        return 1
    if lang == "en":
        print(f"OK: client folder {path} ({client.get('name')}) is valid")
    else:
        print(t("deliver.validate.ok", lang, folder=str(path), name=client.get("name")))
    print_left_out(client, lang)
    return 0


def problems_text(e: SedamError, heading: str, language: str) -> str:
    """A :class:`SedamError` as ``str(e)`` writes it, with the kit's words (the heading, "Fix", "and K more")
    in ``language``; each problem's code, place, message and fix as the check wrote them."""
    from ..core.errors import SHOW_PER_CODE
    from ..core.i18n import t

    lines, shown = [heading + " :" if language == "fr" else heading + ":"], {}
    for p in e.problems:
        shown[p.code] = shown.get(p.code, 0) + 1
        if shown[p.code] > SHOW_PER_CODE:
            continue
        place = " : ".join(str(x) for x in (p.file, p.where) if x not in (None, ""))
        text = f"[{p.code}] " + (f"{place} : " if place else "") + p.message.rstrip(".") + "."
        lines.append("  " + text + (" " + t("deliver.validate.fix", language, fix=p.fix) if p.fix else ""))
    lines += ["  " + t("deliver.validate.more", language, n=n - SHOW_PER_CODE, code=code)
              for code, n in shown.items() if n > SHOW_PER_CODE]
    return "\n".join(lines)


def print_left_out(client, language: str = "en") -> None:
    """One line per stage a run of this client would leave out, with the reason and how to include it."""
    from ..core.i18n import t
    from .runner import left_out

    for skip in left_out(client, language=language):
        if language == "en":
            print(f"  left out of a run: {skip.stage} — {skip.reason}" + (f" (to include it: {skip.fix})" if skip.fix else ""))
        else:
            print("  " + t("deliver.validate.left_out", language, stage=skip.stage, reason=skip.reason)
                  + (" " + t("deliver.validate.include", language, fix=skip.fix) if skip.fix else ""))
