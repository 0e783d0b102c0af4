"""One way to turn an HTML file into a PDF, offline: headless Chromium with its network cut off.

The report (``report.pdf``), the class results page and the printable questionnaire all print through
:func:`html_to_pdf`. Chromium is started with a fresh profile folder (deleted afterwards), no
background services, a proxy that points nowhere and a host resolver that finds no host but
``localhost``, so printing a page never reaches the network even when the HTML names a remote
resource. When no Chromium is installed the PDF is skipped with a message (the HTML is the
deliverable; the PDF is a convenience).
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["chromium", "html_to_pdf", "OFFLINE_FLAGS"]

#: Flags that keep headless Chromium off the network and away from the user's own profile.
OFFLINE_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-default-apps",
                 "--disable-domain-reliability", "--disable-client-side-phishing-detection",
                 "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost", "--no-pdf-header-footer")


def chromium() -> str | None:
    """The path of a Chromium (or Chrome) executable, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def html_to_pdf(html_path, pdf_path=None, *, log=print, what: str | None = None, timeout: int = 120) -> Path | None:
    """Print ``html_path`` to ``pdf_path`` (default: beside it, ``.pdf``); return the PDF, or None.

    The PDF is written to a temporary name and moved into place only when Chromium produced a
    non-empty file, so a failed print never leaves half a PDF. ``log`` receives one line when the
    PDF is skipped (no Chromium, Chromium failed or timed out); ``what`` names the file in it.
    """
    html_path = Path(html_path).resolve()
    pdf = Path(pdf_path) if pdf_path else html_path.with_suffix(".pdf")
    label = what or pdf.name
    exe = chromium()
    if not exe:
        if log:
            log(f"{label} skipped: no Chromium found (install Debian's 'chromium' package to get a PDF).")
        return None
    pdf.parent.mkdir(parents=True, exist_ok=True)
    tmp = pdf.with_name(f".{pdf.name}.tmp")
    profile = tempfile.mkdtemp(prefix="sedam-chromium-")
    cmd = [exe, *OFFLINE_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}", html_path.as_uri()]
    try:
        subprocess.run(cmd, capture_output=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as e:
        if log:
            log(f"{label} skipped: Chromium failed ({e}).")
        tmp.unlink(missing_ok=True)
        return None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if tmp.is_file() and tmp.stat().st_size > 0:
        tmp.replace(pdf)
        return pdf
    tmp.unlink(missing_ok=True)
    if log:
        log(f"{label} skipped: Chromium produced no file.")
    return None
