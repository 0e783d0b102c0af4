"""The PDF step makes no network access: proved in-process (a socket guard) and from outside (strace),
with negative controls that show each check catches a violation. Also: A4 by default, Letter when the
HTML's @page says so, page numbers in the page's language."""
import re
import shutil
import socket
import subprocess
import sys

import pytest

from sedamkit.delivery import pdf as pdfmod
from sedamkit.delivery.pdf import html_to_pdf, page_size

pytestmark = pytest.mark.skipif(not pdfmod.available(), reason="WeasyPrint (or Pango) is not installed")

#: an HTML page that names remote resources of every kind WeasyPrint would load
REMOTE = """<!DOCTYPE html><html lang="{lang}"><head>
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
<style>@import url("http://cdn.example.com/x.css"); {extra}</style></head>
<body><h1>Offline</h1><img src="http://images.example.com/logo.png" alt="logo">
<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt="pixel">
<p>text</p></body></html>"""


def _page(tmp_path, lang="en", extra="", name="page.html"):
    p = tmp_path / name
    p.write_text(REMOTE.format(lang=lang, extra=extra), encoding="utf-8")
    return p


class _Guard:
    """Records (and refuses) every DNS lookup and every non-loopback connect made in this process."""

    def __init__(self, monkeypatch):
        self.calls = []
        real_connect = socket.socket.connect

        def lookup(name):
            def fn(host, *a, **k):
                self.calls.append((name, host))
                raise OSError("network access refused by the test guard")
            return fn

        def connect(sock, address):
            host = address[0] if isinstance(address, tuple) else address
            if sock.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1", "localhost"):
                self.calls.append(("connect", host))
                raise OSError("network access refused by the test guard")
            return real_connect(sock, address)

        for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "create_connection"):
            monkeypatch.setattr(socket, name, lookup(name))
        monkeypatch.setattr(socket.socket, "connect", connect)


def test_in_process_guard_sees_no_lookup_and_catches_the_default_fetcher(tmp_path, monkeypatch):
    page = _page(tmp_path)
    guard = _Guard(monkeypatch)
    lines = []
    out = html_to_pdf(page, tmp_path / "ok.pdf", log=lines.append)
    assert out and out.read_bytes()[:5] == b"%PDF-"
    assert guard.calls == [], guard.calls
    assert any("outside resource" in line for line in lines), lines    # the refused URLs are named
    # negative control: WeasyPrint's own fetcher on the same page is caught by the same guard
    import weasyprint

    weasyprint.HTML(filename=str(page)).write_pdf(tmp_path / "bad.pdf")
    assert any(host and "example.com" in str(host) or "googleapis" in str(host) for _, host in guard.calls), \
        "the guard must catch a lookup"


#: strace lines of a connect/sendto/sendmsg with an address
_ADDR = re.compile(r"(connect|sendto|sendmsg)\(.*?sa_family=(AF_INET6?|AF_UNIX)(.*?)\}")


def network_violations(trace: str) -> list[str]:
    """The lines of an ``strace -f -e trace=connect,sendto,sendmsg`` log that are a DNS query (port 53,
    or the nscd socket) or a connection to an address that is not loopback."""
    bad = []
    for line in trace.splitlines():
        m = _ADDR.search(line)
        if not m:
            continue
        family, rest = m.group(2), m.group(3)
        if family == "AF_UNIX":
            if "nscd" in rest or "resolve" in rest:
                bad.append(line)
            continue
        port = re.search(r"htons\((\d+)\)", rest)
        addr = re.search(r'inet_(?:addr|pton)\((?:AF_INET6, )?"([^"]+)"', rest)
        host = addr.group(1) if addr else ""
        loopback = host.startswith("127.") or host in ("::1", "::ffff:127.0.0.1")
        if (port and port.group(1) == "53") or not loopback:
            bad.append(line)
    return bad


def test_the_parser_flags_dns_and_public_addresses():
    trace = "\n".join([
        '1 connect(3, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
        '1 connect(4, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("142.250.1.1")}, 16) = -1',
        '1 connect(5, {sa_family=AF_INET, sin_port=htons(8888), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
        '1 connect(6, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT',
        '1 connect(7, {sa_family=AF_UNIX, sun_path="/tmp/.X11-unix/X0"}, 110) = -1 ENOENT',
        '1 sendto(8, "x", 1, 0, {sa_family=AF_INET6, sin6_port=htons(53), sin6_flowinfo=htonl(0), '
        'inet_pton(AF_INET6, "2001:4860::8888", &sin6_addr), sin6_scope_id=0}, 28) = 1',
    ])
    assert len(network_violations(trace)) == 4


def _strace(tmp_path, code: str) -> str:
    log = tmp_path / f"trace{len(list(tmp_path.glob('trace*')))}.txt"
    subprocess.run(["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-e", "signal=none",
                    "-o", str(log), sys.executable, "-c", code], check=True, capture_output=True, timeout=240)
    return log.read_text()


needs_strace = pytest.mark.skipif(not shutil.which("strace"), reason="strace is not installed (apt-get install strace)")


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    """A real report.html: stage 01 of the demo, without PDF."""
    from conftest import ROOT
    from sedamkit.delivery import runner

    base = tmp_path_factory.mktemp("pdfrun")
    run_dir = runner.run_client(ROOT / "datasets/demo", runs_root=base / "runs", stages=["01"], progress=False,
                                log=None, pdf=False)
    return run_dir / "report.html"


@needs_strace
def test_strace_sees_no_dns_and_no_public_connect_for_a_real_report_and_a_remote_page(tmp_path, demo_report):
    page = _page(tmp_path)
    code = ("from sedamkit.delivery.pdf import html_to_pdf\n"
            f"assert html_to_pdf({str(demo_report)!r}, {str(tmp_path / 'report.pdf')!r}, log=None)\n"
            f"assert html_to_pdf({str(page)!r}, {str(tmp_path / 'remote.pdf')!r}, log=None)\n")
    trace = _strace(tmp_path, code)
    assert network_violations(trace) == [], network_violations(trace)
    assert page_size(tmp_path / "report.pdf") == pdfmod.PAPER["A4"]
    info = subprocess.run(["pdfinfo", str(tmp_path / "report.pdf")], capture_output=True, text=True).stdout
    assert "(A4)" in info


@needs_strace
def test_strace_catches_a_print_that_resolves_a_remote_image(tmp_path):
    """Negative control: the same page printed with WeasyPrint's default fetcher is caught."""
    page = _page(tmp_path)
    code = f"import weasyprint\nweasyprint.HTML(filename={str(page)!r}).write_pdf({str(tmp_path / 'x.pdf')!r})\n"
    assert network_violations(_strace(tmp_path, code)), "a DNS query or remote connect must be seen"


def test_a4_by_default_letter_when_the_html_says_so_and_page_numbers_in_its_language(tmp_path):
    a4 = html_to_pdf(_page(tmp_path, "fr", name="fr.html"), log=None)
    assert page_size(a4) == pdfmod.PAPER["A4"]
    letter = html_to_pdf(_page(tmp_path, "en", "@page{size:letter}", name="us.html"), log=None)
    assert page_size(letter) == pdfmod.PAPER["Letter"]
    text = subprocess.run(["pdftotext", str(a4), "-"], capture_output=True, text=True).stdout
    assert "Page 1 sur 1" in text
    text = subprocess.run(["pdftotext", str(letter), "-"], capture_output=True, text=True).stdout
    assert "Page 1 of 1" in text
    assert not list(tmp_path.glob(".*.tmp"))


def test_missing_weasyprint_skips_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(pdfmod, "_weasyprint", lambda: (None, "WeasyPrint is not installed"))
    lines = []
    assert html_to_pdf(_page(tmp_path), log=lines.append, what="report.pdf") is None
    assert lines == ["report.pdf skipped: WeasyPrint is not installed."]
