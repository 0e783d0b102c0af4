"""The workshop server behind ``sedam app``: Voila on an address of this machine, with a workshop code.

:func:`start` runs ``python -m sedamkit.ui.app_voila`` (Voila with the workshop's guard, see
:mod:`sedamkit.ui.app_voila`) in its own process group and waits until it listens; :func:`serve` (the
``sedam app`` command) prints the join link and stops the server and its kernels on Ctrl+C.

- **Address.** Loopback (``127.0.0.1``) unless ``host`` is given: ``0.0.0.0`` serves every address of
  this machine (the room's network), a single address serves only that one.
- **Workshop code.** Jupyter's own token: the code is Voila's ``--Voila.token``, the join link carries it
  as ``?token=CODE`` and the browser keeps a login cookie after the first page. Every page, kernel and
  API request without it is refused (403); a person gets a plain page in the client's language where
  the code can be typed (:mod:`sedamkit.ui.app_auth`). A code is made at start (:func:`new_code`: six
  letters and digits without look-alikes, from :mod:`secrets`), or given (``--code``).
- **Same code after a restart.** The code and the facilitator key are kept per client in
  ``<scratch>/runs/<client id>/app/workshop.json`` (:func:`workshop_secrets`; written atomically, mode
  0600), so a restart without ``--code`` gives the code printed on the handouts and QR codes again.
  ``--code`` and ``--facilitator-key`` override and are kept in turn; ``--new-code`` makes fresh ones.
- **Preheated kernels.** Voila's ``--preheat_kernel`` with a pool of ``pool_size`` kernels per page:
  each kernel imports the kit and runs the page up to the visitor's request (see
  :func:`sedamkit.ui.app_request.wait_for_visitor`), so a page opens in about a second instead of a kernel
  start.
- **Environment.** The kernels inherit ``SEDAM_CLIENT`` (the client folder), ``SEDAM_APP=1`` (pages hide
  server paths), ``SEDAM_APP_LANGUAGE`` (the refusal page's language) and ``SEDAM_APP_URL`` (the join
  link with the code, e.g. for a QR code on the facilitator page) and ``SEDAM_APP_FACILITATOR_KEY``.
- **Facilitator key.** A second secret, made at start (:func:`new_key`) or given (``--facilitator-key``):
  the facilitator's pages (the live view, the plan and assessment editors) show their content only to
  the facilitator (:func:`sedamkit.ui.app_facilitator.facilitator_allowed`); the workshop code alone lets
  participants in, not into those pages. :func:`facilitator_links` are printed apart from the join links
  and carry it as ``?key=KEY``; the first visit turns it into an HttpOnly, SameSite=Strict cookie
  (:data:`KEY_COOKIE`, holding :func:`facilitator_proof`, not the key) and sends the browser to the same
  page without the key (see :mod:`sedamkit.ui.app_voila`), so the key leaves the address bar and history.
- **Port check.** :func:`port_is_free` binds with ``SO_REUSEADDR``, as the server does: the sockets a
  stopped server leaves in TIME_WAIT do not block a quick restart on the same port, a program listening
  there does (WEB004, before anything else starts).
- **The code leaves the address too.** Jupyter Server turns a ``?token=`` into its login cookie but keeps
  the token in the address; the workshop's page handler then sends the browser to the same page without
  it.
- **Kernels of pages left.** A page left (its tab closed) gives its kernel back once it has had no
  connection for ``left_page_seconds`` (:data:`LEFT_PAGE_SECONDS`); a page still open, or whose connection
  dropped for less than that, keeps it (:class:`sedamkit.ui.app_voila.WorkshopKernelManager`).

Error codes: WEB001–WEB006 (client folder, Voila, port, notebooks, server start), WEB008 (a workshop code
that is not 4–32 letters or digits), WEB009 (an address that is not one of this machine's), WEB010 (a
pool size out of range), WEB012 (preheated kernels that would not fit in the free memory), WEB013 (a time a
page left keeps its kernel out of range).
"""
from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from ..core import paths as _paths
from ..core.errors import Problem, SedamError

__all__ = ["workshop_state_file", "workshop_secrets", "HOST", "ALL_ADDRESSES", "TEMPLATE", "CODE_ALPHABET", "new_code", "check_code", "normalise_code",
           "room_addresses", "connect_host", "app_dir", "template_root", "resolve_client", "voila_command",
           "app_environment", "free_port", "port_is_free", "wait_for_port", "AppServer", "start", "serve",
           "join_links", "wait_until_ready", "KEY_ENV", "KEY_PARAM", "new_key", "check_key", "facilitator_links",
           "FACILITATOR_NOTEBOOKS", "KEY_COOKIE", "KEY_HEADER", "facilitator_proof", "KERNEL_MB", "preheat_memory",
           "IOPUB_TIMEOUT", "LEFT_PAGE_SECONDS", "CULL_INTERVAL", "FIRST_CONNECTION_SECONDS", "check_left_page_seconds"]

HOST = "127.0.0.1"
#: ``--host`` value that serves every address of this machine (the room's network).
ALL_ADDRESSES = "0.0.0.0"
#: The Voila template shipped in ``sedamkit/templates/app/voila/templates/``.
TEMPLATE = "sedam"
#: Letters and digits of a workshop code: no 0/O, 1/I/L look-alikes, easy to read aloud and type.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_RE = re.compile(r"[A-Z0-9]{4,32}")
#: The environment variable that hands the facilitator key to the kernels.
KEY_ENV = "SEDAM_APP_FACILITATOR_KEY"
#: The query parameter of the facilitator's links that carries the key.
KEY_PARAM = "key"
#: The cookie that keeps the facilitator's key after the first visit (HttpOnly, SameSite=Strict).
KEY_COOKIE = "sedam_facilitator"
#: The request header the server sets (never the browser) when that cookie is right; Voila hands it to
#: the page's kernel as ``HTTP_X_SEDAM_FACILITATOR`` (``--VoilaConfiguration.http_header_envs``).
KEY_HEADER = "X-Sedam-Facilitator"
#: Seconds Voila's cell runner waits for a cell's outputs once the cell has finished (nbclient: 4 s).
IOPUB_TIMEOUT = 60
#: Seconds the kernel of a page left (tab closed, browser gone) is kept once it has no connection; then it
#: is shut down and its memory given back (:class:`sedamkit.ui.app_voila.WorkshopKernelManager`). A page
#: still open keeps its kernel however long it stays idle. ``sedam app --left-page-minutes`` sets it.
LEFT_PAGE_SECONDS = 600
#: How often (seconds, at most) the server looks for such kernels.
CULL_INTERVAL = 60
#: Seconds a kernel handed to a page waits at least for the page's first connection (a page still arriving
#: on a busy machine): its kernel is not freed before this or :data:`LEFT_PAGE_SECONDS`, the longer.
FIRST_CONNECTION_SECONDS = 120
#: Longest ``--left-page-minutes`` (a day).
LEFT_PAGE_MAX_MINUTES = 1440
#: Resident memory of one warm page kernel in MB (measured: 148 MB for stage 01, demo client).
KERNEL_MB = 150
#: The app pages only the facilitator may open (notebook stems).
FACILITATOR_NOTEBOOKS = ("facilitator", "02_plan", "03_assessment")
_KEY_RE = re.compile(r"[A-Za-z0-9_-]{8,64}")


# -- the workshop code ----------------------------------------------------------------------------

def new_code(length: int = 6) -> str:
    """A fresh workshop code: ``length`` characters of :data:`CODE_ALPHABET`, from :mod:`secrets`.

    >>> c = new_code()
    >>> len(c), set(c) <= set(CODE_ALPHABET), check_code(c) == c
    (6, True, True)
    """
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(text) -> str:
    """A code as people type it, made comparable: capitals, no spaces or dashes.

    >>> normalise_code(" ab3-k7q ")
    'AB3K7Q'
    """
    return re.sub(r"[\s\-_.]", "", str(text or "")).upper()


def check_code(code) -> str:
    """``code`` normalised (:func:`normalise_code`); WEB008 unless it is 4–32 letters or digits.

    >>> check_code("room-42")
    'ROOM42'
    >>> check_code("é!")
    Traceback (most recent call last):
    ...
    sedamkit.core.errors.SedamError: 1 problem found:
      [WEB008] code: the workshop code 'é!' is not 4 to 32 letters or digits. Fix: give a code such as ROOM42 (letters A-Z and digits), or leave --code out to get one made
    """
    norm = normalise_code(code)
    if not _CODE_RE.fullmatch(norm):
        raise SedamError(Problem("WEB008", None, "code", f"the workshop code {code!r} is not 4 to 32 letters or digits",
                                 "give a code such as ROOM42 (letters A-Z and digits), or leave --code out to get one made"))
    return norm


def new_key() -> str:
    """A fresh facilitator key: 16 URL-safe characters from :mod:`secrets` (about 96 bits).

    >>> k = new_key()
    >>> len(k), check_key(k) == k
    (16, True)
    """
    return secrets.token_urlsafe(12)


def check_key(key, code: str | None = None) -> str:
    """``key`` stripped; WEB050 unless it is 8–64 letters, digits, ``-`` or ``_``; WEB051 when it is the
    workshop ``code`` (participants know that one).

    >>> check_key(" fac-Key_2026 ")
    'fac-Key_2026'
    >>> check_key("short")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sedamkit.core.errors.SedamError: 1 problem found:
      [WEB050] facilitator_key: the facilitator key 'short' is not 8 to 64 letters, digits, - or _. Fix: ...
    """
    text = str(key or "").strip()
    if not _KEY_RE.fullmatch(text):
        raise SedamError(Problem("WEB050", None, "facilitator_key",
                                 f"the facilitator key {key!r} is not 8 to 64 letters, digits, - or _",
                                 "give a key such as Anna-2026-plan, or leave --facilitator-key out to get one made"))
    if code and normalise_code(text) == normalise_code(code):
        raise SedamError(Problem("WEB051", None, "facilitator_key", "the facilitator key is the workshop code",
                                 "give a key the participants do not know, or leave --facilitator-key out"))
    return text


def facilitator_proof(key: str) -> str:
    """What the facilitator's cookie holds: an HMAC-SHA256 of a fixed label under the facilitator ``key``,
    so the cookie never holds the key itself and stops working when the server gets another key.

    >>> facilitator_proof("k3y-k3y-k3y") == facilitator_proof("k3y-k3y-k3y") != facilitator_proof("other-key")
    True
    """
    import hashlib
    import hmac

    return hmac.new(str(key).encode("utf-8"), b"sedam facilitator cookie", hashlib.sha256).hexdigest()


# -- the same code and key after a restart -------------------------------------------------------------

def workshop_state_file(client_id: str) -> Path:
    """Where the workshop code and facilitator key of ``client_id`` are kept between runs of the server."""
    return _paths.scratch() / "runs" / str(client_id) / "app" / "workshop.json"


def _read_secrets(path: Path) -> dict:
    import json

    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: fresh ones are made and written over it
    return doc if isinstance(doc, dict) else {}


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` atomically to ``path`` readable by its owner only (0600): it holds secrets."""
    from ..core.fileio import atomic_write_text

    atomic_write_text(path, text, mode=0o600)


def workshop_secrets(client_id: str, code=None, key: str | None = None, *, fresh: bool = False):
    """The workshop code and facilitator key for ``client_id``: ``(code, key, same)``.

    ``code``/``key`` given (``--code``, ``--facilitator-key``) win and are checked (WEB008, WEB050,
    WEB051); otherwise the ones kept from the last run (:func:`workshop_state_file`), unless ``fresh``
    (``--new-code``) or none are kept: then new ones (:func:`new_code`, :func:`new_key`). ``code=False``:
    no code. What is used is kept for the next run. ``same`` is True when the code is the last run's.
    """
    import json

    path = workshop_state_file(client_id)
    kept = {} if fresh else _read_secrets(path)
    same = False
    if code is False:
        code = None
    elif code not in (None, True):
        code = check_code(code)
        same = code == kept.get("code")
    else:
        try:
            code = check_code(kept["code"]) if kept.get("code") else None
            same = code is not None
        except SedamError:
            code = None
        code = code or new_code()
    if key is not None:
        key = check_key(key, code)
    else:
        try:
            key = check_key(kept["key"], code) if kept.get("key") else None
        except SedamError:
            key = None
        key = key or new_key()
    if kept.get("code") != code or kept.get("key") != key or not path.is_file():
        _write_private(path, json.dumps({"code": code, "key": key}, indent=1) + "\n")
    return code, key, same


def preheat_memory(pages: int, pool_size: int, available_mb: float | None = None) -> int:
    """The memory (MB) ``pool_size`` warm kernels for each of ``pages`` pages take (:data:`KERNEL_MB`
    each); WEB012 when it is more than 80 % of ``available_mb`` (default: this machine's free memory).

    >>> preheat_memory(8, 1, available_mb=16000)
    1200
    >>> preheat_memory(8, 8, available_mb=4000)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sedamkit.core.errors.SedamError: 1 problem found:
      [WEB012] pool_size: 64 preheated kernels (8 per page, 8 pages) take about 9600 MB; 4000 MB are free. Fix: ...
    """
    need = int(pages) * int(pool_size) * KERNEL_MB
    if available_mb is None:
        try:
            import psutil

            available_mb = psutil.virtual_memory().available / 2**20
        except ImportError:
            return need
    if need > 0.8 * available_mb:
        raise SedamError(Problem("WEB012", None, "pool_size",
                                 f"{pages * pool_size} preheated kernels ({pool_size} per page, {pages} pages) take "
                                 f"about {need} MB; {available_mb:.0f} MB are free",
                                 "use a smaller --pool-size (1 keeps one warm kernel a page; the others start "
                                 "when asked, and the page says it is being prepared)"))
    return need


# -- addresses ----------------------------------------------------------------------------------------

def room_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback, read from its interfaces (no network call)."""
    found = []
    try:
        import psutil

        for addrs in psutil.net_if_addrs().values():
            found += [a.address for a in addrs if a.family == socket.AF_INET]
    except ImportError:  # psutil comes with Jupyter; without it, what the host name resolves to locally
        try:
            found = socket.gethostbyname_ex(socket.gethostname())[2]
        except OSError:
            found = []
    return sorted({a for a in found if not a.startswith("127.")})


def connect_host(host: str) -> str:
    """The address this machine reaches a server bound to ``host`` on (``0.0.0.0`` and ``""`` → loopback).

    >>> connect_host("0.0.0.0"), connect_host("127.0.0.3")
    ('127.0.0.1', '127.0.0.3')
    """
    return HOST if host in (ALL_ADDRESSES, "", "::") else host


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def join_links(host: str, port: int, code: str) -> list[str]:
    """The join links to print: one per address people can reach (every room address for ``0.0.0.0``).

    >>> join_links("127.0.0.1", 8866, "AB3K7Q")
    ['http://127.0.0.1:8866/voila/render/index.ipynb?token=AB3K7Q']
    """
    hosts = (room_addresses() or [HOST]) if host in (ALL_ADDRESSES, "", "::") else [host]
    return [f"http://{_url_host(h)}:{int(port)}/voila/render/index.ipynb?token={code}" for h in hosts]


def facilitator_links(host: str, port: int, code: str | None, key: str) -> list[str]:
    """The facilitator's links (live view, plan, assessment) on the first address people can reach, each
    with the workshop code and the facilitator ``key``.

    >>> facilitator_links("127.0.0.1", 8866, "AB3K7Q", "k3y-k3y-k3y")[0]
    'http://127.0.0.1:8866/voila/render/facilitator.ipynb?token=AB3K7Q&key=k3y-k3y-k3y'
    """
    from urllib.parse import urlencode

    hosts = (room_addresses() or [HOST]) if host in (ALL_ADDRESSES, "", "::") else [host]
    query = urlencode({**({"token": code} if code else {}), KEY_PARAM: key})
    return [f"http://{_url_host(hosts[0])}:{int(port)}/voila/render/{nb}.ipynb?{query}" for nb in FACILITATOR_NOTEBOOKS]


# -- folders and the command ------------------------------------------------------------------------

def app_dir() -> Path:
    """The folder Voila serves: ``notebooks/app/`` in the workspace."""
    from ..core.paths import notebooks_dir

    return notebooks_dir() / "app"


def template_root() -> Path:
    """The Jupyter data folder holding the ``sedam`` Voila template (put first on ``JUPYTER_PATH``)."""
    return _paths.templates_dir() / "app"


def resolve_client(client=None) -> Path:
    """The absolute client folder for ``client`` (None: the demo client); WEB001/WEB002 when unusable.

    >>> resolve_client(None).name
    'demo'
    >>> resolve_client("no/such/folder")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sedamkit.core.errors.SedamError: 1 problem found:
      [WEB001] .../no/such/folder: client_dir: the client folder does not exist. Fix: ...
    """
    cdir = _paths.demo_dir() if client is None else _paths.resolve(client)
    if not cdir.is_dir():
        raise SedamError(Problem("WEB001", str(cdir), "client_dir", "the client folder does not exist",
                                 "give the folder that holds client.yaml (e.g. clients/acme-care), "
                                 "or create one with 'sedam new-client NAME'"))
    if not (cdir / "client.yaml").is_file():
        raise SedamError(Problem("WEB002", str(cdir / "client.yaml"), "client_dir",
                                 "the folder holds no client.yaml",
                                 "give the folder that holds client.yaml, or run 'sedam new-client NAME'"))
    return cdir


def check_left_page_seconds(seconds, minimum: float = 1) -> int:
    """``seconds`` as whole seconds; WEB013 unless it is 0 (never free a kernel) or ``minimum`` s to a day.
    ``sedam app`` asks for a minute at least: after its connection drops, a page first asks whether its
    kernel is still there, and when that fails (the network not yet back) it asks again only 10–30 s later.

    >>> check_left_page_seconds(90.4)
    90
    >>> check_left_page_seconds(-60)
    Traceback (most recent call last):
    ...
    sedamkit.core.errors.SedamError: 1 problem found:
      [WEB013] left_page_minutes: a page left keeping its kernel for -1 minutes is out of range. Fix: give 0 (never give kernels back) or 1 s to 1440 minutes (a day); the default, 10, suits a workshop: a page whose network is gone for a moment takes up to half a minute to connect again
    """
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        value = float("nan")
    if not 0 <= value <= LEFT_PAGE_MAX_MINUTES * 60 or 0 < value < max(0.5, minimum):
        shown = f"{value / 60:g}" if value == value else repr(seconds)
        low = f"{minimum / 60:g} minute" if minimum >= 60 else f"{minimum:g} s"
        raise SedamError(Problem("WEB013", None, "left_page_minutes",
                                 f"a page left keeping its kernel for {shown} minutes is out of range",
                                 f"give 0 (never give kernels back) or {low} to {LEFT_PAGE_MAX_MINUTES} "
                                 f"minutes (a day); the default, {LEFT_PAGE_SECONDS // 60}, suits a workshop: a page "
                                 "whose network is gone for a moment takes up to half a minute to connect again"))
    return int(round(value))


def voila_command(root, port: int, *, python: str | None = None, template: str = TEMPLATE, host: str = HOST,
                  code: str | None = None, pool_size: int = 1, not_preheated=(),
                  left_page_seconds: int = LEFT_PAGE_SECONDS, cull_interval: int | None = None,
                  first_connection_seconds: int = FIRST_CONNECTION_SECONDS) -> list[str]:
    """The command line that serves the app folder ``root`` on ``host:port``.

    Voila with the workshop guard (:mod:`sedamkit.ui.app_voila`), no browser, the ``sedam`` template and
    light theme (no override from the URL), sources stripped, no tracebacks on the page (the pages show
    coded problems in plain words, see :func:`sedamkit.ui.app.problem_html`), the workshop ``code`` as
    Jupyter's token, and ``pool_size`` preheated kernels per page (0: no preheating) except the notebooks
    named in ``not_preheated`` (file names such as ``06_scores.ipynb``). A page left gives its kernel back
    once it has had no connection for ``left_page_seconds`` (0: never), looked at every ``cull_interval``
    seconds (None: every :data:`CULL_INTERVAL` s, or more often for a short limit); a page not yet
    connected gets ``first_connection_seconds`` at least (:class:`sedamkit.ui.app_voila.WorkshopKernelManager`).

    >>> cmd = voila_command("/x/notebooks/app", 8866, python="python", code="AB3K7Q")
    >>> cmd[:4]
    ['python', '-m', 'sedamkit.ui.app_voila', '/x/notebooks/app']
    >>> {"--port=8866", "--Voila.ip=127.0.0.1", "--template=sedam", "--Voila.token=AB3K7Q"} <= set(cmd)
    True
    >>> "--preheat_kernel=True" in cmd and "--pool_size=1" in cmd
    True
    >>> [c for c in cmd if c.startswith("--WorkshopKernelManager.")]  # doctest: +NORMALIZE_WHITESPACE
    ['--WorkshopKernelManager.cull_idle_timeout=600', '--WorkshopKernelManager.cull_interval=60',
     '--WorkshopKernelManager.first_connection_grace=120', '--WorkshopKernelManager.cull_busy=False']
    """
    cmd = [python or sys.executable, "-m", "sedamkit.ui.app_voila", str(root), "--no-browser", f"--port={int(port)}",
           f"--Voila.ip={host}", f"--template={template}", "--theme=light",
           "--VoilaConfiguration.allow_template_override=NO", "--VoilaConfiguration.allow_theme_override=NO",
           "--VoilaConfiguration.strip_sources=True", "--VoilaConfiguration.show_tracebacks=False",
           "--Voila.port_retries=0", f"--VoilaConfiguration.http_header_envs={KEY_HEADER}",
           # nbclient waits only 4 s (its default) for a cell's outputs after the cell's reply, then drops
           # them: on a loaded machine a page then came without its form. The outputs do come; wait for them
           f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT}"]
    if code:
        cmd.append(f"--Voila.token={code}")
    limit = int(left_page_seconds)
    if limit > 0:
        # a page that says it leaves gives its kernel back at once (app_voila.WorkshopShutdownHandler); for one
        # that leaves without a word the workshop's kernel manager frees it after the limit without connection
        every = int(cull_interval) if cull_interval else min(CULL_INTERVAL, max(1, limit // 4))
        cmd += [f"--WorkshopKernelManager.cull_idle_timeout={limit}",
                f"--WorkshopKernelManager.cull_interval={max(1, every)}",
                f"--WorkshopKernelManager.first_connection_grace={int(first_connection_seconds)}",
                "--WorkshopKernelManager.cull_busy=False"]
    if pool_size > 0:
        # a used kernel is replaced 4 s later, once its page is built (not while: 2 cores are few)
        cmd += ["--preheat_kernel=True", f"--pool_size={int(pool_size)}", "--VoilaKernelManager.fill_delay=4"]
        cmd += [f"--VoilaKernelManager.preheat_denylist={name}" for name in not_preheated]
    return cmd


def app_environment(client_dir, base=None, *, code: str | None = None, url: str | None = None,
                    language: str | None = None, host: str = HOST, key: str | None = None) -> dict:
    """The server's environment: ``base`` (default ``os.environ``) plus ``SEDAM_CLIENT``, ``SEDAM_APP``,
    the template folder first on ``JUPYTER_PATH``, and for a workshop ``SEDAM_APP_URL`` (the join link),
    ``SEDAM_APP_LANGUAGE``, ``SEDAM_APP_FACILITATOR_KEY`` (:data:`KEY_ENV`, the facilitator ``key``) and
    ``VOILA_APP_IP`` (where a preheated kernel asks for its request). Kernels inherit it.

    >>> env = app_environment("/clients/acme", base={"JUPYTER_PATH": "/elsewhere"})
    >>> env["SEDAM_CLIENT"], env["SEDAM_APP"]
    ('/clients/acme', '1')
    >>> env["JUPYTER_PATH"].split(os.pathsep)[1]
    '/elsewhere'
    """
    env = dict(os.environ if base is None else base)
    env["SEDAM_CLIENT"] = str(client_dir)
    env["SEDAM_APP"] = "1"
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(template_root()), env.get("JUPYTER_PATH")) if p)
    env["VOILA_APP_IP"] = connect_host(host)
    for name, value in (("SEDAM_APP_URL", url), ("SEDAM_APP_LANGUAGE", language), (KEY_ENV, key)):
        if value:
            env[name] = value
        else:
            env.pop(name, None)
    env.pop("SEDAM_APP_CODE", None)
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


# -- ports ------------------------------------------------------------------------------------------

def free_port(host: str = HOST) -> int:
    """A TCP port on ``host`` that nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((connect_host(host) if host == "" else host, 0))
        return s.getsockname()[1]


def _bind_error(port: int, host: str = HOST):
    """The error binding ``host:port`` gives, or None. With ``SO_REUSEADDR`` like Tornado's listening
    socket (on POSIX): TIME_WAIT sockets of a stopped server are no obstacle, a listening program is."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        try:
            if os.name != "nt":  # on Windows SO_REUSEADDR would let two servers share a port
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, int(port)))
        except OSError as e:
            return e
    return None


def port_is_free(port: int, host: str = HOST) -> bool:
    """True when a server could listen on ``host:port``."""
    return _bind_error(port, host) is None


def wait_for_port(port: int, host: str = HOST, timeout: float = 60.0, process=None) -> float:
    """Wait until ``host:port`` accepts connections; return the seconds waited.

    A TCP connect, not an HTTP request (with Voila, every GET of a page starts a kernel). Raises
    WEB006 when ``process`` (a :class:`subprocess.Popen`) ends first or ``timeout`` passes.
    """
    t0 = time.monotonic()
    host = connect_host(host)
    while True:
        try:
            with socket.create_connection((host, int(port)), timeout=1):
                return time.monotonic() - t0
        except OSError:
            pass
        if process is not None and process.poll() is not None:
            raise SedamError(Problem("WEB006", None, f"{host}:{port}",
                                     f"the server stopped (exit code {process.returncode}) before it listened",
                                     "read the server's messages above (for the app: is Voila installed? 'pip install -e .[app]')"))
        if time.monotonic() - t0 > timeout:
            raise SedamError(Problem("WEB006", None, f"{host}:{port}",
                                     f"nothing listened on the port within {timeout:.0f} s",
                                     "read the server's messages; try another --port"))
        time.sleep(0.05)  # polling interval of the connect loop


def wait_until_ready(log, count: int, timeout: float = 120.0) -> float:
    """Wait until the server's log ``log`` (a file path) shows ``count`` preheated kernels ready for a
    visitor in all (:data:`sedamkit.ui.app_request.READY_MARK`); return the seconds waited, WEB006 after
    ``timeout``. For tests and the benchmark: a page opened then gets a warm kernel."""
    from .app_request import READY_MARK

    t0 = time.monotonic()
    seen = 0
    while time.monotonic() - t0 < timeout:
        try:
            seen = Path(log).read_text(errors="replace").count(READY_MARK)
        except OSError:
            seen = 0
        if seen >= count:
            return time.monotonic() - t0
        time.sleep(0.1)  # polling interval of the log
    raise SedamError(Problem("WEB006", str(log), "preheat", f"{seen} of {count} preheated kernels were ready "
                             f"within {timeout:.0f} s", "read the server's log; try a smaller --pool-size"))


# -- the running server -------------------------------------------------------------------------------

class AppServer:
    """A running app server (see :func:`start`); stop it with :meth:`stop` or use it as a context manager.

    Attributes
    ----------
    process : subprocess.Popen — the Voila process (leader of its own process group)
    port : int
    client_dir : pathlib.Path
    host : str — the address it listens on (``0.0.0.0``: every address of this machine)
    code : str or None — the workshop code (None: no code asked, only for tests of old behaviour)
    facilitator_key : str or None — the key of the facilitator's pages
    facilitator_links : list of str — the facilitator's pages with the code and the key
    base_url : str — ``http://<address this machine reaches it on>:<port>/`` (no code)
    url : str — the landing page with the code, e.g. ``http://127.0.0.1:8866/voila/render/index.ipynb?token=AB3K7Q``
    links : list of str — the join links to print (:func:`join_links`)
    """

    def __init__(self, process, port, client_dir, host: str = HOST, code: str | None = None,
                 facilitator_key: str | None = None):
        self.process, self.port, self.client_dir = process, int(port), Path(client_dir)
        self.host, self.code, self.facilitator_key = host, code, facilitator_key
        self.base_url = f"http://{_url_host(connect_host(host))}:{self.port}/"

    @property
    def url(self) -> str:
        return self.page_url("index")

    @property
    def links(self) -> list[str]:
        return join_links(self.host, self.port, self.code) if self.code else [self.url]

    @property
    def facilitator_links(self) -> list[str]:
        if not self.facilitator_key:
            return []
        return facilitator_links(self.host, self.port, self.code, self.facilitator_key)

    def page_url(self, notebook: str, *, with_code: bool = True, **query) -> str:
        """The URL of an app page (``index`` or a notebook stem) with an optional query string; it carries
        the workshop code unless ``with_code=False``, and on a facilitator page the facilitator key too."""
        from urllib.parse import urlencode

        if with_code and self.code:
            query = {**query, "token": self.code}
        if with_code and self.facilitator_key and notebook in FACILITATOR_NOTEBOOKS:
            query = {KEY_PARAM: self.facilitator_key, **query}
        q = f"?{urlencode(query)}" if query else ""
        return f"{self.base_url}voila/render/{notebook}.ipynb{q}"

    def stop(self, timeout: float = 15.0) -> int:
        """Terminate the server and its kernels (the whole process group); return the exit code."""
        p = self.process
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        try:  # kernels left behind in the group
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        return p.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _check_port(port, host: str) -> int:
    port = free_port(connect_host(host) if host in (ALL_ADDRESSES, "") else host) if port is None else int(port)
    if not 0 < port < 65536:
        raise SedamError(Problem("WEB004", None, "port", f"port {port} is out of range", "use 1024-65535"))
    err = _bind_error(port, host)
    if err is not None and getattr(err, "errno", None) == 99:  # EADDRNOTAVAIL: not an address of this machine
        raise SedamError(Problem("WEB009", None, "host", f"{host} is not an address of this machine",
                                 "use 0.0.0.0 for every address (the room's network), one of "
                                 + (", ".join(room_addresses()) or "this machine's addresses") + ", or leave --host out"))
    if err is not None:
        raise SedamError(Problem("WEB004", None, "port", f"port {port} on {host} is taken by another program",
                                 f"stop that program or pass another port, e.g. --port {port + 1}"))
    return port


def _check_host(host) -> str:
    host = str(host or HOST).strip().strip("[]")
    try:
        socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP, flags=socket.AI_NUMERICHOST)
    except (socket.gaierror, UnicodeError):
        if host != "localhost":
            raise SedamError(Problem("WEB009", None, "host", f"{host!r} is not an IP address",
                                     "give an address of this machine such as 0.0.0.0 (every address) or "
                                     "127.0.0.1 (this machine only)")) from None
    return host


def start(client=None, port: int | None = None, *, host: str | None = None, code: str | bool | None = None,
          pool_size: int = 1, preheat=None, env: dict | None = None, stdout=None, stderr=None,
          timeout: float = 60.0, facilitator_key: str | None = None, left_page_seconds: float = LEFT_PAGE_SECONDS,
          cull_interval: int | None = None, first_connection_seconds: int = FIRST_CONNECTION_SECONDS,
          new: bool = False) -> AppServer:
    """Start the app server for ``client`` and wait until it listens; return an :class:`AppServer`.

    Parameters
    ----------
    client : client folder (None: the demo client)
    port : TCP port (None: a free one)
    host : the address to listen on (None: 127.0.0.1; ``0.0.0.0``: every address of this machine)
    code : the workshop code (None: the last run's for this client, else a new one, see
        :func:`workshop_secrets`; ``False``: none, anyone may open pages)
    pool_size : preheated kernels per page (0: a kernel starts with each page, as without preheating)
    preheat : the pages (notebook stems) to preheat (None: every page)
    env : base environment for the server and its kernels (default ``os.environ``)
    stdout, stderr : where the server's output goes (default: inherited)
    timeout : seconds to wait for the port
    facilitator_key : the key of the facilitator's pages (None: the last run's, else a new one)
    new : a fresh code and key even when the last run's are kept (``--new-code``)
    left_page_seconds, cull_interval, first_connection_seconds : when the kernel of a page left is given
        back (see :func:`voila_command`; WEB013 for a limit out of range)
    """
    host = _check_host(host)  # first: a taken port is reported at once, before anything slow
    port = _check_port(port, host)
    try:
        import voila  # noqa: F401  (only to report a missing install clearly)
    except ImportError:
        raise SedamError(Problem("WEB003", None, "voila", "Voila is not installed",
                                 "run 'make app', or: .venv/bin/pip install -e '.[app]'")) from None
    cdir = resolve_client(client)
    from ..core.config import load_client
    from ..stages import REGISTRY

    config = load_client(cdir, stage_ids=REGISTRY)  # a broken client.yaml is reported here, once, not in each page
    root = app_dir()
    if not (root / "index.ipynb").is_file():
        raise SedamError(Problem("WEB005", str(root), None, "the app notebooks are missing",
                                 "run the app from a checkout of the workbook, or set SEDAM_HOME to one"))
    if not 0 <= int(pool_size) <= 8:
        raise SedamError(Problem("WEB010", None, "pool_size", f"{pool_size} preheated kernels per page is out of range",
                                 "use 0 (no preheating) to 8; 1 or 2 suit a 2-core machine"))
    left_page_seconds = check_left_page_seconds(left_page_seconds)
    code, key, same = workshop_secrets(config.get("id") or cdir.name, code, facilitator_key, fresh=new)
    links = join_links(host, port, code) if code else []
    environment = app_environment(cdir, env, url=links[0] if links else None, host=host,
                                  language=config.get("language", "en"), key=key)
    skip = () if preheat is None else [p.name for p in sorted(root.glob("*.ipynb")) if p.stem not in set(preheat)]
    pages = len(list(root.glob("*.ipynb"))) - len(skip)
    memory = preheat_memory(pages, int(pool_size)) if int(pool_size) else 0
    command = voila_command(root, port, host=host, code=code, pool_size=int(pool_size), not_preheated=skip,
                            left_page_seconds=left_page_seconds, cull_interval=cull_interval,
                            first_connection_seconds=first_connection_seconds)
    proc = subprocess.Popen(command, cwd=str(root),
                            env=environment, stdout=stdout, stderr=stderr, start_new_session=True)
    server = AppServer(proc, port, cdir, host=host, code=code, facilitator_key=key)
    server.same_code = same
    server.preheated = (pages * int(pool_size), memory)
    try:
        wait_for_port(port, host=host, timeout=timeout, process=proc)
    except BaseException:
        server.stop()
        raise
    return server


def serve(client=None, port: int = 8866, open_browser: bool = True, *, host: str | None = None,
          code: str | None = None, pool_size: int = 1, facilitator_key: str | None = None,
          left_page_minutes: float = LEFT_PAGE_SECONDS / 60, new: bool = False) -> int:
    """Serve the app for ``client`` until Ctrl+C; return the server's exit code (0 after Ctrl+C).

    Called by ``sedam app``. Prints the workshop code and the join links (which carry it), then, apart,
    the facilitator's links (which carry the facilitator key too: not for the room), opens the first join
    link in a browser when asked, and stops the server and its kernels on the way out. A page left gives
    its kernel back after ``left_page_minutes`` without a connection (0: never; WEB013 unless 0 or 1–1440).
    """
    try:
        seconds = float(left_page_minutes) * 60
    except (TypeError, ValueError):
        seconds = left_page_minutes
    seconds = check_left_page_seconds(seconds, minimum=60)
    server = start(client, port, host=host, code=code, pool_size=pool_size, facilitator_key=facilitator_key,
                   left_page_seconds=seconds, **({"new": True} if new else {}))
    where = "every address of this machine" if server.host in (ALL_ADDRESSES, "") else server.host
    lines = [f"SEDAM app for {server.client_dir} on {where}, port {server.port}."]
    if server.code:
        lines.append(f"Workshop code: {server.code}  (people who open a page without it are asked for it)")
        if getattr(server, "same_code", False):
            lines.append("  The same code and facilitator key as last time: printed handouts and QR codes still work "
                         "(--new-code makes new ones).")
        lines += ["Join link" + ("s" if len(server.links) > 1 else "") + ":"] + [f"  {u}" for u in server.links]
    else:
        lines.append(f"Open {server.url}")
    fac_links = getattr(server, "facilitator_links", None)
    if fac_links:
        lines += ["", "For the facilitator only (do not share; they carry the facilitator key):"]
        lines += [f"  {u}" for u in fac_links]
    kernels, memory = getattr(server, "preheated", (0, 0))
    if kernels:
        lines += ["", f"Preheated: {kernels} warm kernel(s) ({pool_size} per page), about {memory} MB of memory. "
                  "More people opening one page at once get fresh kernels (a few seconds each on a small "
                  "machine); their page says it is being prepared. --pool-size sets the warm ones per page."]
    minutes = float(left_page_minutes)
    lines += ["", "A page left (another page opened, its tab closed) gives its kernel back once its last answers "
              "are saved; " + (f"a page gone without a word after {minutes:g} minute(s) without a connection; a page "
              "still open keeps it. --left-page-minutes sets that (0: never)." if minutes else
              "a page gone without a word keeps it until the server stops (--left-page-minutes 0).")]
    lines.append("Press Ctrl+C to stop.")
    print("\n".join(lines), flush=True)
    import threading

    if threading.current_thread() is threading.main_thread():  # a SIGTERM stops the server's group too
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if open_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        return server.process.wait()
    except KeyboardInterrupt:
        server.stop()
        return 0
    finally:
        server.stop()
