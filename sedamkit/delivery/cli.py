"""The ``sedam`` command.

::

    sedam run CLIENT_DIR [--out RUNS] [--stages 01,02] [--from RUN_DIR] [-p NAME=VALUE ...]
    sedam validate PATH [PATH ...] [--spec NAME]
    sedam import FILE CLIENT_DIR --spec ID [--respondent-column COL] [--mapping FILE] [--replace]
    sedam new-client NAME [--dir clients]
    sedam batch 'clients/*' [--workers N] [--out RUNS] [--stages 01,04] [--dask local | --scheduler tcp://HOST:PORT]
    sedam report RUN_DIR
    sedam compare RUN_A RUN_B [--out DIR]
    sedam app [CLIENT_DIR] [--host ADDRESS] [--port N] [--code CODE | --new-code] [--facilitator-key KEY]
              [--pool-size N] [--left-page-minutes M] [--no-browser]
    sedam edition student|trainer [--out dist] [--language en|fr]
    sedam class FOLDER [--out DIR] [--real-names] [--pdf]
    sedam hand-in [--name NAME] [--out DIR] [--replace]
    sedam reset [--yes] [--restore BACKUP]
    sedam print SPEC_OR_CLIENT [--spec NAME] [--lang fr] [--pdf] [--out DIR]

Relative paths on the command line are taken from the current folder; the workspace (default
``clients/``, ``runs/``, ``dist/``) is ``SEDAM_HOME`` when set, else the current folder.

Exit codes: 0 success, 1 invalid input or a failed run, 2 wrong usage, 130 interrupted (Ctrl-C, SIGTERM).
"""
from __future__ import annotations

from ..core import paths as _paths

import argparse
import json
import re
import sys
from pathlib import Path

from ..core.errors import Problem, SedamError

__all__ = ["main"]


def _print_error(e: SedamError) -> None:
    print(str(e), file=sys.stderr)


def _jobs(given):
    """``--jobs``: the number given, else the runner's default (:data:`sedamkit.delivery.runner.DEFAULT_JOBS`)."""
    from . import runner

    return runner.DEFAULT_JOBS if given is None else given


def cmd_run(args) -> int:
    from .runner import RunFailed, run_client

    params = {}
    for p in args.param or []:
        if "=" not in p:
            raise SedamError(Problem("PARAM006", None, "-p", f"-p takes NAME=VALUE, not {p!r}",
                                     "write the parameter's name, '=' and its value, e.g. -p language=fr"))
        name, value = p.split("=", 1)
        params[name] = _parse_value(value)
    stages = [s.strip() for s in args.stages.split(",")] if args.stages is not None else None
    if stages is not None and (not any(stages) or not all(stages)):
        # '--stages ,' or '--stages 01,,02' is a typo: never fall back to the client's stages
        _print_error(SedamError(Problem("PARAM005", None, "--stages", f"an empty stage id in {args.stages!r}",
                                        "give comma-separated stage ids, e.g. --stages 01,02"),
                                "the run was not started"))
        print("Nothing was run.", file=sys.stderr)
        return 1
    try:
        run_dir = run_client(args.client, runs_root=args.out, stages=stages, progress=not args.quiet,
                             extra_parameters=params, pdf=not args.no_pdf, from_run=args.from_run,
                             figures=args.figures, jobs=_jobs(args.jobs))
    except RunFailed as e:
        _print_error(e)
        print(f"The executed notebooks and run.json are kept in {e.run_dir}", file=sys.stderr)
        return 1
    except SedamError as e:
        _print_error(e)
        print("Nothing was run.", file=sys.stderr)
        return 1
    print(f"Done. Results are in {run_dir}")
    for sub in ("results", "figures", "notebooks"):
        if (run_dir / sub).is_dir():
            print(f"  {sub + '/':<11} {len(list((run_dir / sub).iterdir()))} files")
    for extra in ("report.html", "report.pdf", "report.docx", "exports/tables.xlsx", "run.json"):
        if (run_dir / extra).is_file():
            print(f"  {extra}")
    return 0


def _parse_value(text: str):
    """Parse -p values strictly: true/false, null, integers and floats; everything else is a string."""
    low = text.lower()
    if low in ("true", "false"):
        return low == "true"
    if low in ("null", "none"):
        return None
    if re.fullmatch(r"-?(0|[1-9][0-9]*)", text):
        return int(text)
    return text


def cmd_validate(args) -> int:
    paths = args.path if isinstance(args.path, list) else [args.path]
    if len(paths) == 1:
        args.path = paths[0]
        return _validate_one(args)
    return _validate_many(paths, args)


def _validate_many(paths, args) -> int:
    """Each path validated in turn, then client folders sharing an id (``CFG011``: their runs would mix)."""
    import yaml

    rc, ids = 0, {}
    for p in paths:
        args.path = p
        rc = max(rc, _validate_one(args))
        cfg = Path(p) / "client.yaml" if Path(p).is_dir() else Path(p)
        if cfg.name == "client.yaml" and cfg.is_file():
            try:
                cid = (yaml.safe_load(cfg.read_text(encoding="utf-8")) or {}).get("id")
            except Exception:  # its own problem was reported above
                cid = None
            if isinstance(cid, str):
                ids.setdefault(cid, []).append(str(cfg))
    twins = [Problem("CFG011", files[1], "id", f"client id {cid!r} is also the id of {files[0]}"
                     + (f" and {len(files) - 2} more" if len(files) > 2 else ""),
                     "give each client its own 'id:' line in client.yaml (runs/<id>/ would mix their runs)")
             for cid, files in ids.items() if len(files) > 1]
    if twins:
        _print_error(SedamError(twins, "client folders share an id"))
        rc = 1
    return rc


def _validate_one(args) -> int:
    from ..core.answers import import_table, read_answers
    from ..core.fileio import read_json, read_yaml
    from ..core.spec import load_spec, spec_from_dict

    path = Path(args.path)
    try:
        if path.is_dir():
            from .cli_validate import validate_folder

            return validate_folder(path)
        if not path.exists():
            raise SedamError(Problem("IO001", str(path), None, "no such file or folder", "check the path"))
        suffix = path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            data = read_yaml(path)
            if isinstance(data, dict) and "items" in data and "scales" in data:
                spec = spec_from_dict(data, file=str(path))
                print(f"OK: questionnaire {spec.id} v{spec.version} ({len(spec.items)} items) is valid")
                return 0
            if path.name == "client.yaml":
                from .runner import validate_client

                validate_client(path.parent)
                print(f"OK: client folder {path.parent} is valid")
                return 0
            kind = _yaml_kind(data)
            if kind:
                label, load = kind
                load(path)
                print(f"OK: {label} {path} is valid")
                return 0
            raise SedamError(Problem("IO002", str(path), None, "cannot tell what kind of file this is",
                                     "pass a questionnaire, client.yaml, plan, application or journey file"))
        if suffix == ".json":
            doc = read_json(path, code="ANS001")
            name = args.spec or (doc.get("questionnaire") if isinstance(doc, dict) else None)
            if not name:
                raise SedamError(Problem("ANS002", str(path), "questionnaire", "the file does not say which "
                                         "questionnaire it answers", "add \"questionnaire\", or pass --spec NAME"))
            spec = load_spec(name)
            d = read_answers(path, spec)
            print(f"OK: answers of {d['respondent']} to {spec.id} ({len(d['answers'])} answered) are valid")
            return 0
        if suffix in (".csv", ".xlsx", ".xlsm"):
            if not args.spec:
                raise SedamError(Problem("PARAM007", str(path), "--spec", "a CSV or Excel answers table does not "
                                         "say which questionnaire it answers",
                                         "pass --spec NAME, e.g. --spec necessity_feasibility"))
            docs = import_table(path, load_spec(args.spec))
            print(f"OK: {len(docs)} respondents in {path} are valid answers to {args.spec}")
            return 0
        raise SedamError(Problem("IO002", str(path), None, f"unsupported file type {suffix!r}",
                                 "pass a .yaml, .json, .csv or .xlsx file, or a client folder"))
    except SedamError as e:
        _print_error(e)
        return 1


def _cmd_import(args) -> int:
    """``sedam import FILE CLIENT_DIR --spec ID``: a survey export into the client's answers files."""
    from ..core.spec import load_spec
    from ..core.survey_import import import_export

    client = Path(args.client)
    if not client.is_dir():
        raise SedamError(Problem("IO001", str(client), None, "no such client folder",
                         "give the client folder (holding client.yaml), e.g. sedam import survey.csv clients/acme "
                         "--spec necessity_feasibility"))
    if not Path(args.file).is_file():
        raise SedamError(Problem("IO001", args.file, None, "no such file", "check the path of the survey export"))
    spec = load_spec(args.spec)
    out = import_export(args.file, client, spec, respondent_column=args.respondent_column,
                        mapping_file=args.mapping, replace=args.replace)
    for note in out["notes"]:
        print(f"Note: {note}")
    stage = spec.stage or spec.id
    print(f"Imported {out['respondents']} respondents ({out['answers']} answers) into "
          f"{client / 'answers' / stage}/")
    print(f"The column and value mapping is in {out['mapping']} (edit it and import again to change it).")
    return 0


def _yaml_kind(data):
    """(label, loader) for a client file a stage reads (plan, assessment, journey), told by its fields
    (the ``marks`` of the stage inputs in :data:`sedamkit.stages.REGISTRY`)."""
    from ..core.stagedef import ref
    from ..stages import STAGES

    if not isinstance(data, dict):
        return None
    for st in STAGES:
        for inp in st.inputs:
            if inp.load and any(m in data for m in inp.marks):
                return inp.what.split(" (")[0], ref(inp.load)
    return None


def _slug(name: str) -> str:
    """A folder id from a client's name: accents folded (``Hôpitaux`` -> ``hopitaux``), other runs of
    characters to '-'."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9_-]+", "-", folded.lower()).strip("-_")[:64].strip("-_")


def cmd_new_client(args) -> int:
    from ..core.config import ID_PATTERN as _ID
    from ..core.fileio import atomic_write_text
    from ..core.paths import resolve

    slug = _slug(args.name)
    if not slug or not _ID.match(slug):
        raise SedamError(Problem("CFG013", None, "name", f"no folder name can be made from {args.name!r}: it needs "
                                 "at least one Latin letter or digit", "give the client a name such as "
                                 "'Clinique du Lac' or 'Tokyo Clinic 東京' (the name is kept as written)"))
    root = (resolve(args.dir) if args.dir else _paths.workspace() / "clients") / slug
    if root.exists():
        raise SedamError(Problem("CFG014", str(root), None, "a client folder of this name already exists; "
                                 "nothing was changed", "give another name, or edit the files in that folder"))
    tdir = _paths.templates_dir() / "client"
    template = (tdir / "client.yaml").read_text(encoding="utf-8")
    atomic_write_text(root / "client.yaml", template.format(name=json.dumps(args.name, ensure_ascii=False), id=slug))
    written = ["client.yaml"]
    for src in sorted(p for p in tdir.rglob("*") if p.is_file() and p.name != "client.yaml"):
        rel = src.relative_to(tdir)
        atomic_write_text(root / rel, src.read_text(encoding="utf-8"))
        written.append(str(rel))
    print(f"Created {root}/ with {', '.join(written)}.")
    print(f"Next: edit {root / 'client.yaml'}, add answers and data, then run 'sedam validate {root}'.")
    return 0


def cmd_batch(args) -> int:
    import glob

    from .batch import run_batch

    dirs = []
    for pattern in args.clients:
        found = sorted(glob.glob(pattern)) or [pattern]
        dirs += [Path(f).absolute() for f in found if Path(f).is_dir()] or [Path(pattern).absolute()]
    stages = [x.strip() for x in args.stages.split(",") if x.strip()] if args.stages else None
    summary = run_batch(dirs, runs_root=args.out, workers=args.workers, progress=not args.quiet, pdf=not args.no_pdf,
                        stages=stages,
                        dask=args.scheduler or args.dask)
    with_pd = summary[["client", "status", "seconds", "report"]].fillna("")
    print(with_pd.to_string(index=False))
    bad = summary[summary["status"] != "ok"]
    for _, r in bad.iterrows():
        print(f"\n{r['client']}: {r['status']}\n  {r['error']}", file=sys.stderr)
    print(f"\n{len(summary) - len(bad)} of {len(summary)} clients finished.")
    root = Path(args.out) if args.out else _paths.workspace() / "runs"
    if (root / "portfolio.html").is_file():
        print(f"Portfolio: {root / 'portfolio.html'} (and portfolio.csv)")
    return 1 if len(bad) else 0


def cmd_report(args) -> int:
    from .report import build_report
    from .runner import read_manifest, run_state

    run_dir = Path(args.run_dir)
    if not (run_dir / "results").is_dir():
        raise SedamError(Problem("RUN012", str(run_dir), None, "not a run folder (no results/ inside)",
                                 "give a folder written by 'sedam run', e.g. runs/<client>/<date-time>"))
    try:
        manifest = read_manifest(run_dir)
        state = run_state(manifest) if manifest else None
        if state == "interrupted":
            print(f"This run was interrupted (started {manifest.get('started')}; its process "
                  f"{manifest.get('pid', '?')} on {manifest.get('host', '?')} is gone): the report shows what it "
                  "finished.", file=sys.stderr)
        elif state:
            print(f"Run status: {state}")
        out = build_report(run_dir, pdf=not args.no_pdf)
    except SedamError as e:
        _print_error(e)
        return 1
    print(f"Report written to {out}")
    return 0


def cmd_compare(args) -> int:
    from .compare import compare_runs

    out = compare_runs(args.run_a, args.run_b, args.out, pdf=not args.no_pdf)
    print(f"Progress report written to {out}")
    if not args.no_pdf and out.with_suffix(".pdf").is_file():
        print(f"  {out.with_suffix('.pdf')}")
    return 0


def cmd_app(args) -> int:
    from ..ui.app import serve

    return serve(args.client, port=args.port, open_browser=not args.no_browser, host=args.host, code=args.code,
                 pool_size=args.pool_size, facilitator_key=args.facilitator_key,
                 left_page_minutes=args.left_page_minutes, **({"new": True} if args.new_code else {})) or 0


def cmd_edition(args) -> int:
    from .editions import build_edition

    written = build_edition(args.kind, out_dir=args.out, language=args.language)
    zips = [w for w in written if w.suffix == ".zip"]
    folder = zips[0].with_suffix("") if zips else Path(written[0]).parent
    print(f"Wrote the {args.kind} edition: {len(written) - len(zips)} files in {folder}")
    for z in zips:
        print(f"  and {z} (hand this zip out, with the kit's wheel; its README.md says what to do)")
    return 0


def cmd_class(args) -> int:
    from .classroom import class_report

    out = class_report(args.folder, out_dir=args.out, real_names=args.real_names, pdf=args.pdf)
    print(f"Class results written to {out}")
    print(f"  class.html: the results on one printable page" + (" (and class.pdf)" if (out / "class.pdf").is_file() else ""))
    _print_students(out / "students.csv")
    return 0


def _print_students(path) -> None:
    """The students who are partial or have no answers, with the reason (from students.csv)."""
    import pandas as pd

    st = pd.read_csv(path, dtype=object, keep_default_na=False)
    print(f"  {len(st)} students: " + ", ".join(f"{n} {s}" for s, n in st["status"].value_counts().items()))
    for r in st[st["status"] != "complete"].itertuples():
        print(f"  - {r.student} [{r.completeness}] {r.status}: {r.reason}")


def _ask(prompt: str) -> str | None:
    """A line typed at the terminal, or None when no one is there to type (not interactive)."""
    if not sys.stdin.isatty():
        return None
    try:
        return input(prompt)
    except EOFError:
        return None


def cmd_hand_in(args) -> int:
    from .handin import answers_folder, hand_in

    ask = _ask if sys.stdin.isatty() else None
    z = hand_in(args.name, args.out, client_dir=args.client, replace=args.replace, ask=ask)
    print(f"Handed in the answers of {answers_folder(args.client)}")
    print(f"  -> {z}")
    print("Send this zip to your trainer.")
    return 0


def cmd_reset(args) -> int:
    from .handin import answers_root, reset, restore

    if args.restore:
        root, before = restore(args.restore)
        print(f"Restored {args.restore} into {root}")
        if before:
            print(f"  what was there before is backed up in {before}")
        return 0

    def confirm() -> bool:
        answer = _ask(f"Remove every answer in {answers_root()} (a backup is kept)? [y/N] ")
        return (answer or "").strip().lower() in ("y", "yes", "o", "oui")

    backup, n = reset(confirm=None if args.yes else confirm)
    if not n:
        print(f"No answers to clear in {answers_root()}; nothing was changed.")
        return 0
    print(f"Cleared {n} answers files from {answers_root()}.")
    print(f"  backup: {backup}")
    print(f"  to put them back: sedam reset --restore {backup}")
    return 0


def cmd_print(args) -> int:
    from .printform import print_questionnaires

    written = print_questionnaires(args.source, out_dir=args.out, language=args.lang, spec=args.spec, pdf=args.pdf)
    for w in written:
        print(f"Wrote {w}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    p = argparse.ArgumentParser(prog="sedam", description="SEDAM workbook: run stages, validate inputs, "
                                "create client folders.")
    p.add_argument("--version", action="version", version=f"sedamkit {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="validate a client folder, then run its stages with papermill")
    r.add_argument("client", help="client folder (holding client.yaml)")
    r.add_argument("--out", default=None, help="runs folder (default: runs/ in the workspace)")
    r.add_argument("--stages", default=None, help="comma-separated stage ids (default: the client's stages)")
    r.add_argument("-p", "--param", action="append", help="extra notebook parameter NAME=VALUE")
    r.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    r.add_argument("--no-pdf", action="store_true", help="skip report.pdf")
    r.add_argument("--from", dest="from_run", default=None, metavar="RUN_DIR",
                   help="reuse the results of an earlier run of this client for the stages not run now")
    r.add_argument("--figures", default=None, metavar="FORMATS",
                   help="save each figure in these formats too, e.g. png,svg (default: PNG, or the client's figures:)")
    r.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="run up to N stages side by side when they do not depend on each other (default: "
                        "the runner's DEFAULT_JOBS)")
    r.set_defaults(func=cmd_run)
    v = sub.add_parser("validate", help="check a questionnaire, answers file or table, or a client folder")
    v.add_argument("path", nargs="+", help="a file, or one or more client folders (checked together for "
                   "duplicate ids)")
    v.add_argument("--spec", default=None, help="questionnaire id, for answers tables (CSV/Excel)")
    v.set_defaults(func=cmd_validate)
    im = sub.add_parser("import", help="write a client's answers files from a survey export "
                        "(Google/Microsoft Forms, SurveyMonkey, Qualtrics, LimeSurvey, SPSS)")
    im.add_argument("file", help="the export: .csv, .xlsx or .sav")
    im.add_argument("client", help="client folder (holding client.yaml)")
    im.add_argument("--spec", required=True, help="questionnaire id, e.g. necessity_feasibility")
    im.add_argument("--respondent-column", default=None, help="header of the name or e-mail column "
                    "(default: found by itself; none: respondents numbered by row)")
    im.add_argument("--mapping", default=None, help="mapping file (default: CLIENT_DIR/imports/<spec>.mapping.yaml)")
    im.add_argument("--replace", action="store_true", help="overwrite existing answers files of these respondents")
    im.set_defaults(func=_cmd_import)
    n = sub.add_parser("new-client", help="create clients/NAME with a commented client.yaml")
    n.add_argument("name")
    n.add_argument("--dir", default=None, help="parent folder (default: clients/ in the workspace)")
    n.set_defaults(func=cmd_new_client)
    b = sub.add_parser("batch", help="run many client folders in parallel; summary table at the end")
    b.add_argument("clients", nargs="+", help="client folders or glob patterns, e.g. 'clients/*'")
    b.add_argument("--out", default=None, help="runs folder (default: runs/ in the workspace)")
    b.add_argument("--workers", type=int, default=None, help="parallel clients (default: one per core)")
    b.add_argument("--no-pdf", action="store_true", help="skip report.pdf")
    b.add_argument("--stages", default=None, help="comma-separated stage ids for every client (default: each "
                   "client's stages)")
    b.add_argument("--dask", choices=["local"], default=None,
                   help="run on a Dask LocalCluster on this machine (127.0.0.1, no dashboard) instead of the pool")
    b.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                   help="run on the Dask cluster of this scheduler (see docs/scaling.md)")
    b.add_argument("-q", "--quiet", action="store_true")
    b.set_defaults(func=cmd_batch)
    rp = sub.add_parser("report", help="(re)build report.html for a run folder")
    rp.add_argument("run_dir")
    rp.add_argument("--no-pdf", action="store_true")
    rp.set_defaults(func=cmd_report)
    cp = sub.add_parser("compare", help="a progress report: an earlier run of a client against its follow-up")
    cp.add_argument("run_a", help="the earlier assessment's run folder")
    cp.add_argument("run_b", help="the follow-up's run folder")
    cp.add_argument("--out", default=None, help="output folder (default: RUN_B/compare)")
    cp.add_argument("--no-pdf", action="store_true", help="skip progress.pdf")
    cp.set_defaults(func=cmd_compare)
    a = sub.add_parser("app", help="serve the questionnaire stages as a web app (Voila)")
    a.add_argument("client", nargs="?", default=None, help="client folder (default: the demo client)")
    a.add_argument("--port", type=int, default=8866)
    a.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1, this machine only; "
                   "0.0.0.0 for the room's network)")
    a.add_argument("--code", default=None, help="the workshop code (default: the one of the last run for this "
                   "client, else a new six-character one; printed)")
    a.add_argument("--new-code", action="store_true", help="make a new workshop code and facilitator key instead "
                   "of the last run's")
    a.add_argument("--facilitator-key", default=None, help="the key of the facilitator's pages (default: a new "
                   "one, printed in the facilitator's links)")
    a.add_argument("--pool-size", type=int, default=1, help="preheated kernels per page (default 1; 0: none)")
    a.add_argument("--left-page-minutes", type=float, default=10, metavar="M",
                   help="a page left (tab closed) gives its kernel back after M minutes without a connection "
                   "(default 10; 0: never; at least 1); a page still open keeps it")
    a.add_argument("--no-browser", action="store_true")
    a.set_defaults(func=cmd_app)
    e = sub.add_parser("edition", help="write the student or trainer edition of the notebooks")
    e.add_argument("kind", choices=["student", "trainer"])
    e.add_argument("--out", default=None, help="output folder (default: dist/<kind> in the workspace)")
    e.add_argument("--language", default="en", help="language of the notebooks' text, README and COURSE.md (en or fr; default en)")
    e.set_defaults(func=cmd_edition)
    c = sub.add_parser("class", help="collect students' answers folders (or zips) into class results")
    c.add_argument("folder")
    c.add_argument("--out", default=None, help="output folder (default: runs/class/<class folder name>, so pseudonyms stay stable)")
    c.add_argument("--real-names", action="store_true", help="show real names instead of pseudonyms")
    c.add_argument("--pdf", action="store_true", help="also print class.html to class.pdf (offline)")
    c.set_defaults(func=cmd_class)
    h = sub.add_parser("hand-in", help="zip your answers under your name, to send to your trainer")
    h.add_argument("--name", default=None, help="your name (asked once when not given, then kept)")
    h.add_argument("--out", default=None, help="folder for the zip (default: hand-in/ in the workspace)")
    h.add_argument("--client", default=None, help="client folder (default: the demo client)")
    h.add_argument("--replace", action="store_true", help="overwrite an earlier hand-in of the same name")
    h.set_defaults(func=cmd_hand_in)
    rs = sub.add_parser("reset", help="clear your answers after a backup (answers/.backups/), or put a backup back")
    rs.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    rs.add_argument("--restore", default=None, metavar="BACKUP", help="a backup zip to put back")
    rs.set_defaults(func=cmd_reset)
    pr = sub.add_parser("print", help="a printable questionnaire (A4 HTML, and PDF) for paper workshops")
    pr.add_argument("source", help="a questionnaire id or YAML file, or a client folder")
    pr.add_argument("--spec", default=None, help="with a client folder: which questionnaire (default: all)")
    pr.add_argument("--lang", default=None, help="language (default: the client's, else en)")
    pr.add_argument("--out", default=None, help="output folder (default: print/ in the workspace)")
    pr.add_argument("--pdf", action="store_true", help="also print a PDF (offline)")
    pr.set_defaults(func=cmd_print)
    return p


#: Arguments that name files or folders: a relative one is taken from the current folder, as a
#: person typing it expects (notebook parameters, which run elsewhere, resolve against the workspace).
_PATH_ARGS = ("client", "out", "path", "run_dir", "run_a", "run_b", "folder", "dir", "restore", "from_run", "file", "mapping")


def _absolute_paths(args) -> None:
    for name in _PATH_ARGS:
        value = getattr(args, name, None)
        if isinstance(value, str) and value:
            setattr(args, name, str(Path(value).expanduser().absolute()))
        elif isinstance(value, list):
            setattr(args, name, [str(Path(v).expanduser().absolute()) for v in value])


def main(argv=None) -> int:
    import os

    args = build_parser().parse_args(argv)
    # the workspace (default clients/, runs/, dist/) is SEDAM_HOME, else the folder the command is typed in
    # (never the checkout the kit happens to be installed from); kernels and workers inherit it
    os.environ.setdefault("SEDAM_HOME", os.getcwd())
    _absolute_paths(args)
    try:
        return args.func(args)
    except SedamError as e:  # every command reports a coded problem the same way: the problems, exit 1
        _print_error(e)
        return 1
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the run marked itself interrupted in run.json
        print("\nInterrupted. A run folder already started keeps what was done; run.json says 'interrupted'.",
              file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
