"""One way to turn an HTML file into a PDF, offline by construction: WeasyPrint with a fetcher that
serves only ``data:`` URLs.

The report (``report.pdf``), the class results page and the printable questionnaire all print through
:func:`html_to_pdf`. WeasyPrint lays the page out in this process (no browser, no helper process); every
resource it would load goes through :class:`DataOnlyFetcher`, which decodes ``data:`` URLs and refuses
everything else (``http:``, ``https:``, ``ftp:``, even ``file:``) before any lookup is made, so printing
never touches the network or the disk beyond the HTML itself, even when the HTML names a remote image.
``tests/test_pdf_offline.py`` proves it with an in-process socket guard and under ``strace``.

Why WeasyPrint and not headless Chromium (measured on the demo report, 1.7 MB of HTML with 19 figures,
see docs/deliverables.md): Chromium sent DNS queries for Google hosts even with its network flags; WeasyPrint
makes no request by construction, supports page-margin boxes (``page X of Y``) and named page sizes, and
adds about 20 MB of wheels where Chromium is a 330 MB system package; it takes about 5 s instead of 3 s.

Pages are A4 with a page number ``page X of Y`` in the page's language (``<html lang>``) at the foot:
this module adds a *user* stylesheet, so an ``@page`` rule in the HTML itself (``size: letter``, its own
margins or footer) wins over these defaults. When WeasyPrint or the Pango library it needs is missing, the
PDF is skipped with one line (the HTML is the deliverable; the PDF is a convenience).
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

__all__ = ["available", "chromium", "html_to_pdf", "page_css", "DataOnlyFetcher", "page_size"]

#: The paper sizes the kit names, in PDF points (width, height), portrait.
PAPER = {"A4": (595.28, 841.89), "Letter": (612.0, 792.0)}


def chromium() -> str | None:
    """The path of a Chromium (or Chrome) executable, or None (browser tests and screenshots use it;
    PDFs do not)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def _weasyprint():
    """The weasyprint module, or the reason it cannot be used (not installed, or Pango missing)."""
    try:
        import weasyprint
    except ImportError:
        return None, "WeasyPrint is not installed (pip install weasyprint)"
    except OSError as e:  # Pango / GObject missing: WeasyPrint raises OSError at import
        return None, f"WeasyPrint cannot load the Pango library ({str(e).splitlines()[0]})"
    return weasyprint, ""


def available() -> bool:
    """True when :func:`html_to_pdf` can print (WeasyPrint and Pango are installed)."""
    return _weasyprint()[0] is not None


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class _DataOnly(URLFetcher):
        """A WeasyPrint fetcher that decodes ``data:`` URLs and refuses every other URL unopened."""

        def __init__(self):
            super().__init__(allowed_protocols=("data",), allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if not str(url)[:5].lower() == "data:":
                self.refused.append(str(url))
                raise ValueError(f"refused {str(url)[:80]!r}: the PDF step loads only data: URLs")
            return super().fetch(url, headers)

    return _DataOnly


def DataOnlyFetcher():  # noqa: N802 — reads as a class; built lazily so importing this module stays light
    """A new fetcher for ``weasyprint.HTML(url_fetcher=...)`` that serves only ``data:`` URLs; the URLs it
    refused are in its ``refused`` list."""
    return _fetcher_class()()


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_css(language: str = "en") -> str:
    """The default print stylesheet: A4, margins, ``page X of Y`` at the foot in ``language``.

    >>> 'counter(pages)' in page_css('fr') and '"Page "' in page_css('fr') and '" sur "' in page_css('fr')
    True
    """
    from ..core.i18n import normalise_language, t

    try:
        lang = normalise_language(language)
    except Exception:
        lang = "en"
    template = t("deliver.pdf.page_of", lang, page="\x00page\x00", pages="\x00pages\x00")
    parts = []
    for piece in re.split(r"(\x00pages?\x00)", template):
        if piece == "\x00page\x00":
            parts.append("counter(page)")
        elif piece == "\x00pages\x00":
            parts.append("counter(pages)")
        elif piece:
            parts.append(_css_string(piece))
    return ("@page{size:A4;margin:16mm 14mm 18mm 14mm;"
            f"@bottom-right{{content:{' '.join(parts)};font-size:8pt;color:#555;font-family:system-ui,Arial,sans-serif}}}}"
            "html{font-size:10pt} img{max-width:100%} table{max-width:100%} td,th{overflow-wrap:break-word}"
            "h1,h2,h3,h4{break-after:avoid} figure,tr{break-inside:avoid}"
            "figcaption,caption{break-before:avoid}")


_LONG = re.compile(r"[^\s<>]{16,}")


def breakable(html: str) -> str:
    """``html`` with a zero-width break opportunity after ``_``, ``/``, ``.`` and ``,`` inside long tokens
    of the body's text (ids, file paths), so a table holding one still fits the page; attributes, styles
    and scripts are left alone.

    >>> breakable("<html><body><td>s02_flag_plan204_support</td><td title='a_b_c_d_e_f_g_h_i'>x</td>")
    "<html><body><td>s02_\u200bflag_\u200bplan204_\u200bsupport</td><td title='a_b_c_d_e_f_g_h_i'>x</td>"
    """
    start = html.lower().find("<body")
    if start < 0:
        return html
    head, body = html[:start], html[start:]
    parts = re.split(r"(<script\b.*?</script>|<style\b.*?</style>|<[^>]*>)", body, flags=re.S | re.I)
    for i in range(0, len(parts), 2):  # the even parts are text between tags
        parts[i] = _LONG.sub(lambda m: re.sub(r"([_/.,])(?=\w)", "\\1\u200b", m.group(0)), parts[i])
    return head + "".join(parts)


def _language(html: str) -> str:
    m = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z-]+)", html[:4000], re.I)
    return (m.group(1).split("-")[0].lower() if m else "en")


def page_size(pdf_path) -> tuple[float, float] | None:
    """The ``(width, height)`` in points of the first page's MediaBox, read from the PDF's bytes (None
    when none is found). Looks in the plain objects, then in the compressed object streams (``/ObjStm``,
    FlateDecode) where WeasyPrint puts its page dictionaries; no PDF library needed.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x.pdf"
    >>> _ = f.write_bytes(b"%PDF-1.7 1 0 obj <</Type /Page /MediaBox [0 0 595.28 841.89]>> endobj")
    >>> page_size(f)
    (595.28, 841.89)
    """
    import zlib

    box = rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]"
    data = Path(pdf_path).read_bytes()
    chunks = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", m.end())
        if end < 0:
            continue
        try:
            chunks.append(zlib.decompressobj().decompress(data[m.end():end]))
        except zlib.error:
            continue
    for chunk in chunks:
        found = re.search(box, chunk)
        if found:
            x0, y0, x1, y1 = (float(v) for v in found.groups())
            return round(x1 - x0, 2), round(y1 - y0, 2)
    return None


def html_to_pdf(html_path, pdf_path=None, *, log=print, what: str | None = None, timeout: int = 120) -> Path | None:
    """Print ``html_path`` to ``pdf_path`` (default: beside it, ``.pdf``); return the PDF, or None.

    Offline: the HTML is read from disk and laid out by WeasyPrint with :func:`DataOnlyFetcher`, so no
    URL other than a ``data:`` URL is opened (a refused one is named in one ``log`` line). The PDF is
    written to a temporary name and moved into place only when it is complete, so a failed print never
    leaves half a PDF. ``log`` receives one line when the PDF is skipped (WeasyPrint or Pango missing,
    layout failed); ``what`` names the file in it. ``timeout`` is kept for callers of the Chromium
    version and not used.
    """
    html_path = Path(html_path).resolve()
    pdf = Path(pdf_path) if pdf_path else html_path.with_suffix(".pdf")
    label = what or pdf.name
    wp, why = _weasyprint()
    if wp is None:
        if log:
            log(f"{label} skipped: {why}.")
        return None
    html = html_path.read_text(encoding="utf-8")
    fetcher = DataOnlyFetcher()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    tmp = pdf.with_name(f".{pdf.name}.tmp")
    try:
        doc = wp.HTML(string=breakable(html), base_url=None, url_fetcher=fetcher)
        doc.write_pdf(tmp, stylesheets=[wp.CSS(string=page_css(_language(html)), url_fetcher=fetcher)])
    except Exception as e:  # a layout bug must not lose the run: the HTML is there
        tmp.unlink(missing_ok=True)
        if log:
            log(f"{label} skipped: WeasyPrint failed ({type(e).__name__}: {e}).")
        return None
    if fetcher.refused and log:
        log(f"{label}: {len(fetcher.refused)} outside resource(s) left out (the PDF loads nothing from outside "
            f"the file), e.g. {fetcher.refused[0][:80]}")
    if tmp.is_file() and tmp.stat().st_size > 0:
        tmp.replace(pdf)
        return pdf
    tmp.unlink(missing_ok=True)
    if log:
        log(f"{label} skipped: WeasyPrint produced no file.")
    return None
