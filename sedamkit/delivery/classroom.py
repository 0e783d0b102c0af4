"""Class results: many students' answers folders side by side, for the trainer.

The trainer collects each student's answers folder (or a zip of it) into one *class folder* and
runs ``sedam class FOLDER`` or ``notebooks/90_class_results.ipynb``. Students are shown under a
pseudonym unless the trainer asks for real names.

The class folder
----------------
::

    class/
      ana.silva/                              one folder per student (the folder name is the name)
        01_necessity_feasibility/me.json      stage 01 answers, as the form saves them
        04_customer_experience/kano.csv       the student's group Kano survey (optional)
        exercises.json                        exercise results (optional, see sedamkit.core.exercises.record)
      ben.okafor.zip                          or a zip of such a folder (the zip's name is the name)
      _model/04_customer_experience/kano.csv  optional model answer for the Kano exercise
      notes.txt                               anything else is reported and skipped

A student folder is shaped like an answers folder (``<student>/<stage_id>/<respondent>.json``), so a
student hands in their ``answers/<client>/`` folder as it is, or the zip ``sedam hand-in`` makes
(:mod:`sedamkit.delivery.handin`): its ``manifest.json`` gives the name shown, and of several
hand-ins under one name the latest counts (the others are listed as skipped). The class folder
itself may also be a zip. Names starting with ``_`` or ``.`` are not students.

*Never scored without answers.* A learner's answers folder starts with copies of the demo team's
answers; unchanged copies are left out, so a student who answered nothing (or whose only files are
broken) gets no score, status "no answers" and the reason. Every student also gets a
*completeness*: the parts handed in (stage 01 answers, Kano group file, each exercise of the course
done) out of those expected.

*Stage 01 answers.* Each ``.json`` file in ``01_necessity_feasibility/`` is read with
:func:`sedamkit.core.answers.read_answers`. The student's scores come from their own answers file
``me.json`` (the notebooks' default respondent) when there is one, otherwise from every
respondent in the folder (a student who ran a workshop of their own).

*Kano group file* (``04_customer_experience/kano.csv``): the group's Kano survey in the long layout
of :func:`sedamkit.methods.kano.classify_survey` — one row per respondent and feature::

    respondent,feature,functional,dysfunctional
    r1,online_booking,I like it,I dislike it
    r1,arrival_tracking,I expect it,I dislike it

Answers are the usual wordings or codes 1–5 (see :mod:`sedamkit.kano`); the wide layout of the
demo survey (``<feature>_functional`` / ``<feature>_dysfunctional``) is read too. The group's
category per feature is :func:`sedamkit.methods.kano.summary`'s ``category``; it is compared with the
*model answer*: the same summary of ``_model/04_customer_experience/kano.csv`` when the class
folder has one, else of the demo client's Kano survey (``datasets/demo/data/kano_survey.csv``).

*Exercise results* (``exercises.json``): see :func:`sedamkit.core.exercises.record`.

Pseudonyms
----------
A student's pseudonym is ``S-`` and the first 6 hex digits of SHA-256 of ``salt:name`` (10 digits
if two students would collide). The salt is the trainer's (``salt=``) or a random one saved as
``salt.txt`` in the output folder, so re-running into the same folder gives the same
pseudonyms. Real names appear only with ``real_names=True``; they are then written to the output
files too, so keep such a folder private.

Bad files
---------
A malformed or partial file is reported by name with the reason (the table ``skipped``, also
``skipped.csv``) and skipped; everything else of the student and the class is kept.

Error codes
-----------
CLS001  the class folder does not exist or holds no student
CLS002  a zip cannot be opened, or holds unsafe paths (skipped)
CLS003  a stage 01 answers file is malformed (skipped)
CLS004  an ``exercises.json`` is malformed (skipped)
CLS005  a Kano group file is malformed: columns, wordings or codes (skipped)
CLS006  an entry of the class folder is neither a student folder nor a zip (skipped)
CLS007  a student folder holds none of the files above (the student is listed with no results)
CLS008  the Kano model answer cannot be read (Kano comparison left out)

Examples
--------
>>> import tempfile, pathlib
>>> folder = demo_class(pathlib.Path(tempfile.mkdtemp()) / "class")
>>> res = load_class(folder, salt="doc")
>>> len(res.students), sorted(res.skipped["code"].unique().tolist())
(8, ['CLS003', 'CLS005', 'CLS006'])
>>> pseudonym("ana.silva", "doc")
'S-467a57'
"""
from __future__ import annotations

import hashlib
import json
import secrets
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import Problem, SedamError

__all__ = ["STAGE01", "STAGE04", "KANO_FILE", "ClassResults", "load_class", "class_report", "demo_class",
           "pseudonym", "default_out_dir", "plot_readiness", "plot_disagreement", "plot_kano", "plot_completion"]

STAGE01 = "01_necessity_feasibility"
STAGE04 = "04_customer_experience"
KANO_FILE = "kano.csv"
MODEL_DIR = "_model"
OWN_RESPONDENT = "me"


def pseudonym(name: str, salt: str, digits: int = 6) -> str:
    """A short, stable pseudonym for ``name``: ``S-`` + hex digits of SHA-256(``salt:name``).

    >>> pseudonym("Ana", "s1") == pseudonym(" Ana ", "s1") != pseudonym("Ana", "s2")
    True
    """
    h = hashlib.sha256(f"{salt}:{str(name).strip()}".encode("utf-8")).hexdigest()
    return f"S-{h[:digits]}"


def default_out_dir(folder) -> Path:
    """``<scratch>/runs/class/<name of the class folder>`` (stable, so pseudonyms stay the same)."""
    from ..core.paths import scratch

    return scratch() / "runs" / "class" / Path(folder).stem


# ---------------------------------------------------------------- reading
@dataclass
class _Student:
    name: str
    source: str
    docs: list = field(default_factory=list)
    kano: object = None            # summary DataFrame
    record: dict | None = None
    files: int = 0
    copies: int = 0                # unchanged copies of the demo team's answers, left out
    handed_in: str = ""            # the date in a hand-in's manifest.json


@dataclass
class ClassResults:
    """Everything the class view shows. Build it with :func:`load_class`.

    Attributes (all pandas DataFrames unless noted; ``student`` is the pseudonym or the name)
    ----------
    students : ``student``, ``source`` (folder or zip name, only with real names, else ""),
        ``respondents`` (answers files used), ``overall`` (0–100; empty without answers of the student's
        own), ``decision``, ``exercises_done``, ``kano_agreement`` (share of features matching the model,
        0–1), ``done`` and ``expected`` (parts handed in: the stage 01 answers, the Kano group file and
        each exercise of the course done), ``completeness`` ("done/expected"), ``status`` ("complete",
        "partial" or "no answers") and ``reason`` (what is missing or why nothing is scored)
    scores : long table ``student``, ``area``, ``title``, ``score`` (0–100)
    disagreement : per area, most disagreement first: ``area``, ``title``, ``n``, ``mean``, ``sd``,
        ``min``, ``max``, ``range``, ``threshold``, ``consensus`` (sd within the questionnaire's limit)
    kano : ``student``, ``feature``, ``category``, ``model``, ``match`` (bool)
    model_kano : ``feature``, ``category`` of the model answer (empty when it could not be read)
    exercises : ``student``, ``exercise``, ``status`` ("done", "tried", "not started"), ``attempts``
    skipped : ``file``, ``student``, ``code``, ``reason`` — every file left out, and why
    real_names : bool
    language : str
    """

    students: object
    scores: object
    disagreement: object
    kano: object
    model_kano: object
    exercises: object
    skipped: object
    real_names: bool = False
    language: str = "en"
    salt_file: str | None = None

    def summary_markdown(self) -> str:
        from ..core.i18n import t

        n = len(self.students)
        mean = self.students["overall"].mean()
        top = self.disagreement.head(3)
        lines = [f"### {t('class.title', self.language)}: {n} students", ""]
        if n and mean == mean:
            lines.append(f"Overall readiness: mean {mean:.0f}, from {self.students['overall'].min():.0f} "
                         f"to {self.students['overall'].max():.0f}.")
        if len(top):
            lines.append(f"{t('class.disagreement', self.language)}: " + ", ".join(
                f"{r.title} (sd {r.sd:.0f})" for r in top.itertuples() if r.sd == r.sd) + ".")
        if len(self.kano):
            lines.append(f"Kano: {self.kano['match'].mean():.0%} of group classifications match the model answer.")
        if len(self.skipped):
            lines.append(f"{t('class.skipped', self.language)}: {len(self.skipped)} (see the table).")
        return "\n".join(lines)

    def _repr_markdown_(self):
        return self.summary_markdown()


def _problem_rows(err: SedamError, student: str, file: str, code: str) -> list[dict]:
    reason = "; ".join(f"[{p.code}] " + (f"{p.where}: " if p.where else "") + p.message for p in err.problems)
    return [{"file": file, "student": student, "code": code, "reason": reason}]


def _safe_extract(zpath: Path, dest: Path) -> None:
    with zipfile.ZipFile(zpath) as zf:
        for m in zf.infolist():
            target = (dest / m.filename).resolve()
            if m.filename.startswith("/") or ".." in Path(m.filename).parts or dest.resolve() not in (
                    target, *target.parents):
                raise SedamError(Problem("CLS002", str(zpath), m.filename, "the zip holds a path outside itself",
                                         "zip the student's folder again"))
        zf.extractall(dest)


def _student_root(folder: Path) -> Path:
    """The folder inside an unzipped archive that holds the stage folders."""
    markers = {STAGE01, STAGE04, "exercises.json"}
    if any((folder / m).exists() for m in markers):
        return folder
    inner = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(("_", ".", "__MACOSX"))]
    if len(inner) == 1:
        return _student_root(inner[0])
    return folder


def _read_kano(path: Path, label: str):
    """Kano summary of a group file; raises SedamError (CLS005) with the reasons."""
    import pandas as pd

    from ..methods import kano

    try:
        df = pd.read_csv(path, dtype=object, keep_default_na=False)
    except Exception as e:  # pandas raises several kinds for a damaged CSV
        raise SedamError(Problem("CLS005", label, None, f"not a readable CSV ({e})", "export it again as CSV")) from None
    df = df.replace("", None)
    for col in ("functional", "dysfunctional"):
        if col in df.columns:
            df[col] = df[col].map(lambda v: int(v) if isinstance(v, str) and v.strip().isdigit() else v)
    try:
        resp = "respondent" if "respondent" in df.columns else None
        cats = kano.classify_survey(df, respondent=resp, file=label)
    except SedamError as e:
        raise SedamError([Problem("CLS005", label, p.where, f"[{p.code}] {p.message}", p.fix) for p in e.problems]) from None
    except Exception as e:  # noqa: BLE001 — a student file must never stop the class
        raise SedamError(Problem("CLS005", label, None, f"cannot be classified ({e})",
                                 "use the columns respondent, feature, functional, dysfunctional")) from None
    if cats["category"].isna().all():
        raise SedamError(Problem("CLS005", label, None, "no complete answer pair", "fill in both answers per feature"))
    s = kano.summary(cats.dropna(subset=["category"]))
    return s[["feature", "category"]].astype({"feature": str, "category": str})


def _read_student(root: Path, name: str, source: str, spec, skipped: list) -> _Student:
    from ..core.answers import read_answers
    from ..core.exercises import read_record

    st = _Student(name, source)
    _read_manifest(root, st)
    name = st.name
    demo = _demo_answers()
    stage = root / STAGE01
    if stage.is_dir():
        for p in sorted(stage.glob("*.json")):
            label = f"{source}/{STAGE01}/{p.name}"
            twin = demo.get(p.name)
            if twin is not None and twin == p.read_bytes():
                st.copies += 1     # the demo team's answers, copied when the learner opened the notebook
                continue
            try:
                st.docs.append(read_answers(p, spec))
                st.files += 1
            except SedamError as e:
                skipped += _problem_rows(e, name, label, "CLS003")
    kp = root / STAGE04 / KANO_FILE
    if kp.is_file():
        label = f"{source}/{STAGE04}/{KANO_FILE}"
        try:
            st.kano = _read_kano(kp, label)
            st.files += 1
        except SedamError as e:
            skipped += _problem_rows(e, name, label, "CLS005")
    if (root / "exercises.json").is_file():
        try:
            st.record = read_record(root)
            st.files += 1
        except SedamError as e:
            skipped += _problem_rows(e, name, f"{source}/exercises.json", "CLS004")
    if st.files == 0 and not any(r["student"] == name for r in skipped):
        reason = "no answers, Kano file or exercises.json found"
        if st.copies:
            reason = f"no answers of the student's own (only {st.copies} unchanged copies of the demo team's answers)"
        skipped.append({"file": source, "student": name, "code": "CLS007", "reason": reason})
    return st


def _demo_answers() -> dict:
    """``{file name: bytes}`` of the demo client's stage 01 answers (a learner's folder starts with copies)."""
    from ..core.paths import demo_dir

    try:
        folder = demo_dir() / "answers" / STAGE01
    except SedamError:
        return {}
    return {p.name: p.read_bytes() for p in folder.glob("*.json")}


def _read_manifest(root: Path, st: _Student) -> None:
    """A hand-in's ``manifest.json`` (``sedam hand-in``): the learner's name as typed, and the date."""
    f = root / "manifest.json"
    if not f.is_file():
        return
    try:
        doc = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(doc, dict) and doc.get("format") == "sedam-hand-in" and str(doc.get("name") or "").strip():
        st.name = str(doc["name"]).strip()
        st.handed_in = str(doc.get("date") or "")


def _latest_hand_ins(students: list, skipped: list) -> list:
    """One entry per learner: of several hand-ins under one name, the latest (the others are listed as skipped)."""
    by_name: dict = {}
    for st in students:
        by_name.setdefault(st.name, []).append(st)
    keep = []
    for st in students:
        group = by_name[st.name]
        latest = max(group, key=lambda s: (s.handed_in, s.source))
        if st is latest or not all(s.handed_in for s in group):
            keep.append(st)
        else:
            skipped.append({"file": st.source, "student": st.name, "code": "CLS006",
                            "reason": f"an earlier hand-in ({st.handed_in}); the latest, {latest.source}, is used"})
    return keep


def _expected_exercises() -> list[str]:
    """Every exercise id of the course, in stage order (the stage definitions' ``exercises``)."""
    from ..stages import STAGES

    return [e for s in STAGES for e in s.exercises]


def load_class(folder, *, real_names: bool = False, salt: str | None = None, model_kano=None,
               language: str = "en", exercises=None, respondent: str = OWN_RESPONDENT, exclude=()) -> ClassResults:
    """Read a class folder (or a zip of one) into :class:`ClassResults`; never stops on a bad file.

    Parameters
    ----------
    folder : class folder or zip (see the module docstring)
    real_names : show folder names instead of pseudonyms
    salt : the pseudonym salt (default: a random one — pass the same salt to get the same names;
        :func:`class_report` keeps it in ``salt.txt``)
    model_kano : a Kano file for the model answer (default: ``_model/…/kano.csv`` in the class, else
        the demo client's survey)
    language : language of the area titles and fixed text (``en`` or ``fr``)
    exercises : exercise ids expected (default: those named in the notebooks' headers)
    respondent : whose stage 01 answers are the student's own (default ``me``); a student folder
        without that file counts every respondent in it
    exclude : folders that are never a student, such as the results folder when it lies inside the class folder
        (``sedam class .`` run in the class folder writes to ``./runs/class/…``)
    """
    import pandas as pd

    from ..core.spec import load_spec

    folder = Path(folder)
    if not folder.exists():
        raise SedamError(Problem("CLS001", str(folder), None, "the class folder does not exist",
                                 "collect the students' folders or zips into one folder and give its path"))
    salt = salt or secrets.token_hex(8)
    spec = load_spec("necessity_feasibility").with_overrides(language=language)
    skipped: list[dict] = []
    students: list[_Student] = []
    with tempfile.TemporaryDirectory(prefix="sedam-class-") as tmp:
        tmp = Path(tmp)
        if folder.is_file():
            try:
                _safe_extract(folder, tmp / "_class")
            except (zipfile.BadZipFile, OSError) as e:
                raise SedamError(Problem("CLS001", str(folder), None, f"not a readable zip ({e})",
                                         "give the class folder, or zip it again")) from None
            folder_root = _student_root_class(tmp / "_class")
        else:
            folder_root = folder
        model_path = Path(model_kano) if model_kano else folder_root / MODEL_DIR / STAGE04 / KANO_FILE
        kept_out = [Path(x).resolve() for x in exclude]
        for entry in sorted(folder_root.iterdir(), key=lambda p: p.name.lower()):
            if entry.name.startswith(("_", ".")) or entry.name == "__MACOSX":
                continue
            if any(o == entry.resolve() or entry.resolve() in o.parents for o in kept_out):
                continue                        # the results folder of this very report, not a student
            if entry.is_dir():
                students.append(_read_student(entry, entry.name, entry.name, spec, skipped))
            elif entry.suffix.lower() == ".zip":
                dest = tmp / f"z{len(students)}"
                try:
                    _safe_extract(entry, dest)
                except zipfile.BadZipFile as e:
                    skipped.append({"file": entry.name, "student": entry.stem, "code": "CLS002",
                                    "reason": f"not a readable zip ({e})"})
                    continue
                except SedamError as e:
                    skipped += _problem_rows(e, entry.stem, entry.name, "CLS002")
                    continue
                students.append(_read_student(_student_root(dest), entry.stem, entry.name, spec, skipped))
            else:
                skipped.append({"file": entry.name, "student": "", "code": "CLS006",
                                "reason": "neither a student folder nor a .zip"})
        model = _model_kano(model_path, skipped)
    if not students:
        raise SedamError(Problem("CLS001", str(folder), None, "no student folder or zip found",
                                 "put one folder (or zip) per student in the class folder"))
    students = _latest_hand_ins(students, skipped)

    # names
    shown = {}
    for st in students:
        shown[st.name] = st.name if real_names else pseudonym(st.name, salt)
    if not real_names and len(set(shown.values())) < len(shown):
        shown = {st.name: pseudonym(st.name, salt, 10) for st in students}
    for row in skipped:
        if row["student"]:
            row["student"] = shown.get(row["student"], row["student"] if real_names else pseudonym(row["student"], salt))
        if not real_names:  # the file path starts with the student's folder or zip name
            for st in students:
                if row["file"] == st.source or row["file"].startswith(st.source + "/"):
                    row["file"] = shown[st.name] + row["file"][len(st.source):]

    scores, stud_rows, kano_rows, ex_rows = [], [], [], []
    expected = list(exercises) if exercises is not None else _expected_exercises()
    per_area, per_overall = _class_scores(students, shown, spec, respondent)
    titles = {a["id"]: spec.text(a["title"]) for a in spec.areas}
    thresholds = {a["id"]: max(spec.decision.get("blocking_below", 0), a.get("min_score", 0)) for a in spec.areas}
    for st in students:
        who = shown[st.name]
        own = [d for d in st.docs if d["respondent"] == respondent] or st.docs
        overall, decision = float("nan"), ""
        if own:
            from ..methods.scoring import decide

            mine = per_area.get(who, {})
            for a in spec.areas:
                if a["id"] in mine:
                    scores.append({"student": who, "area": a["id"], "title": titles[a["id"]], "score": mine[a["id"]]})
            areas = pd.DataFrame({"area": list(titles), "title": list(titles.values()),
                                  "mean": [mine.get(a, float("nan")) for a in titles],
                                  "threshold": [thresholds[a] for a in titles]})
            overall = per_overall.get(who, float("nan"))
            decision = decide(areas, overall, spec)["decision"]
        agree = float("nan")
        if st.kano is not None:
            m = dict(zip(model["feature"], model["category"])) if model is not None else {}
            for r in st.kano.itertuples():
                kano_rows.append({"student": who, "feature": r.feature, "category": r.category,
                                  "model": m.get(r.feature), "match": m.get(r.feature) == r.category})
            if m:
                mine = [k for k in kano_rows if k["student"] == who and k["model"] is not None]
                agree = sum(k["match"] for k in mine) / len(mine) if mine else float("nan")
        rec = (st.record or {}).get("exercises", {})
        ids = expected + [e for e in rec if e not in expected]
        for ex in ids:
            e = rec.get(ex)
            status = "not started" if not e else ("done" if e.get("ok") else "tried")
            ex_rows.append({"student": who, "exercise": ex, "status": status,
                            "attempts": int(e.get("attempts", 0)) if e else 0})
        n_done = sum(1 for e in expected if (rec.get(e) or {}).get("ok"))
        done = (1 if own else 0) + (1 if st.kano is not None else 0) + n_done
        total = 2 + len(expected)
        codes = {r["code"] for r in skipped if r["student"] == who}
        missing = ([] if own else ["stage 01 answers unreadable" if "CLS003" in codes else "no stage 01 answers"]) + \
            ([] if st.kano is not None else ["Kano group file unreadable" if "CLS005" in codes else "no Kano group file"])
        if n_done < len(expected):
            missing.append(f"{len(expected) - n_done} of {len(expected)} exercises not done")
        if st.files == 0:
            status = "no answers"
            reason = next((r["reason"] for r in skipped if r["student"] == who and r["code"] == "CLS007"),
                          "no readable answers")
            bad = [r["reason"] for r in skipped if r["student"] == who and r["code"] != "CLS007"]
            reason = "; ".join(bad) if bad else reason
        else:
            status, reason = ("complete", "") if done == total else ("partial", "; ".join(missing))
        stud_rows.append({"student": who, "source": st.source if real_names else "",
                          "respondents": len(own), "overall": overall, "decision": decision,
                          "exercises_done": sum(1 for e in rec.values() if e.get("ok")), "kano_agreement": agree,
                          "done": done, "expected": total, "completeness": f"{done}/{total}", "status": status,
                          "reason": reason})

    students_df = pd.DataFrame(stud_rows, columns=["student", "source", "respondents", "overall", "decision",
                                                   "exercises_done", "kano_agreement", "done", "expected",
                                                   "completeness", "status", "reason"])
    scores_df = pd.DataFrame(scores, columns=["student", "area", "title", "score"])
    return ClassResults(
        students=students_df, scores=scores_df, disagreement=_disagreement(scores_df, spec),
        kano=pd.DataFrame(kano_rows, columns=["student", "feature", "category", "model", "match"]),
        model_kano=model if model is not None else pd.DataFrame(columns=["feature", "category"]),
        exercises=pd.DataFrame(ex_rows, columns=["student", "exercise", "status", "attempts"]),
        skipped=pd.DataFrame(skipped, columns=["file", "student", "code", "reason"]),
        real_names=real_names, language=language)


def _class_scores(students, shown, spec, respondent):
    """Each student's area scores and overall score in one pass (the mean over the respondents
    that count for the student, as :func:`sedamkit.methods.scoring.readiness` computes them)."""
    from ..core.answers import responses_frame
    from ..methods.scoring import respondent_scores

    docs = []
    for st in students:
        own = [d for d in st.docs if d["respondent"] == respondent] or st.docs
        for n, d in enumerate(own):
            docs.append({**d, "respondent": f"{n}\x00{shown[st.name]}"})
    if not docs:
        return {}, {}
    r = responses_frame(docs, spec)
    area = respondent_scores(r, spec, "area")
    area["student"] = area["respondent"].str.split("\x00").str[1]
    overall = respondent_scores(r, spec, "overall")
    overall["student"] = overall["respondent"].str.split("\x00").str[1]
    per_area = {}
    for (who, a), v in area.groupby(["student", "area"])["score"].mean().items():
        per_area.setdefault(who, {})[a] = float(v)
    return per_area, {k: float(v) for k, v in overall.groupby("student")["score"].mean().items()}


def _student_root_class(folder: Path) -> Path:
    """A zipped class may hold the class folder itself at its top."""
    entries = [p for p in folder.iterdir() if not p.name.startswith(("_", ".", "__MACOSX"))]
    if len(entries) == 1 and entries[0].is_dir() and not (entries[0] / STAGE01).exists() \
            and not (entries[0] / "exercises.json").exists() and not (entries[0] / STAGE04).exists():
        return entries[0]
    return folder


def _model_kano(path: Path, skipped: list):
    from ..core.paths import demo_dir

    try:
        if path.is_file():
            return _read_kano(path, str(path))
        return _read_kano(demo_dir() / "data" / "kano_survey.csv", "demo kano_survey.csv")
    except SedamError as e:
        skipped += _problem_rows(e, "", str(path), "CLS008")
        return None


def _disagreement(scores, spec):
    import pandas as pd

    limit = spec.scoring.get("consensus_max_sd", 20)
    base = spec.decision.get("blocking_below", 0)
    rows = []
    for a in spec.areas:
        s = scores.loc[scores["area"] == a["id"], "score"]
        sd = float(s.std(ddof=1)) if len(s) > 1 else float("nan")
        rows.append({"area": a["id"], "title": spec.text(a["title"]), "n": int(s.count()),
                     "mean": float(s.mean()) if len(s) else float("nan"), "sd": sd,
                     "min": float(s.min()) if len(s) else float("nan"),
                     "max": float(s.max()) if len(s) else float("nan"),
                     "range": float(s.max() - s.min()) if len(s) else float("nan"),
                     "threshold": float(max(base, a.get("min_score", 0))),
                     "consensus": bool(sd != sd or sd <= limit)})
    df = pd.DataFrame(rows)
    order = df["sd"].fillna(-1).rank(ascending=False, method="first")
    return df.assign(_o=order).sort_values("_o", kind="stable").drop(columns="_o").reset_index(drop=True)


# ---------------------------------------------------------------- plots
def plot_readiness(results: ClassResults, ax=None, title=None):
    """Each student's area scores as labelled dots per area, with the class mean (◆) and the
    area's blocking threshold (|). Returns the Axes."""
    from ..core.i18n import t
    from ..methods.plots import PALETTE, get_ax

    d = results.disagreement
    n = len(d)
    ax = get_ax(ax, figsize=(8, 0.42 * n + 1.6))
    order = list(d.sort_values("mean", na_position="first", kind="stable")["area"])
    for y, area in enumerate(order):
        s = results.scores[results.scores["area"] == area]["score"].to_numpy()
        jitter = [((k % 5) - 2) * 0.06 for k in range(len(s))]
        ax.scatter(s, [y + j for j in jitter], s=18, color=PALETTE[0], alpha=0.75, marker="o",
                   label="student" if y == 0 else None)
        row = d[d["area"] == area].iloc[0]
        if row["mean"] == row["mean"]:
            ax.scatter([row["mean"]], [y], s=60, color=PALETTE[1], marker="D", edgecolor="black", zorder=3,
                       label="class mean" if y == 0 else None)
        ax.plot([row["threshold"]] * 2, [y - 0.35, y + 0.35], color=PALETTE[3], linestyle="--", linewidth=1,
                label="blocking threshold" if y == 0 else None)
    titles = dict(zip(d["area"], d["title"]))
    ax.set_yticks(range(n), [titles[a] for a in order], fontsize=7)
    ax.set_xlim(-2, 102)
    ax.set_xlabel("score 0–100")
    ax.set_title(title or t("class.readiness", results.language), fontsize=10)
    ax.legend(loc="lower right", fontsize=7, frameon=False)
    return ax


def plot_disagreement(results: ClassResults, ax=None, k: int = 15, title=None):
    """Standard deviation of the students' scores per area, largest first; bars over the
    questionnaire's consensus limit are hatched and marked ≠, and each bar shows its value."""
    from ..core.i18n import t
    from ..methods.plots import PALETTE, get_ax

    d = results.disagreement.dropna(subset=["sd"]).head(k).iloc[::-1]
    ax = get_ax(ax, figsize=(7.5, 0.38 * max(len(d), 1) + 1.4))
    for y, r in enumerate(d.itertuples()):
        split = not r.consensus
        ax.barh(y, r.sd, color=PALETTE[3] if split else PALETTE[5], hatch="//" if split else "",
                edgecolor="black", linewidth=0.5)
        ax.text(r.sd + 0.5, y, f"{r.sd:.0f}" + (" ≠" if split else ""), va="center", fontsize=7)
    ax.set_yticks(range(len(d)), list(d["title"]), fontsize=7)
    ax.set_xlabel("spread of student scores (SD, points)")
    ax.set_title((title or t("class.disagreement", results.language)) + "  (≠ hatched = no consensus)", fontsize=9)
    return ax


def plot_kano(results: ClassResults, ax=None, title=None):
    """Students × features grid with each group's Kano letter written in its cell; cells that
    differ from the model answer are hatched (``xx``) and orange, matches are plain and blue.
    The model answer is the last row."""
    from ..core.i18n import t
    from ..methods.plots import PALETTE, get_ax

    k = results.kano
    feats = list(results.model_kano["feature"]) or sorted(k["feature"].unique())
    feats += [f for f in k["feature"].unique() if f not in feats]
    studs = list(dict.fromkeys(k["student"]))
    ax = get_ax(ax, figsize=(0.9 * len(feats) + 2.5, 0.38 * (len(studs) + 1) + 1.8))
    model = dict(zip(results.model_kano["feature"], results.model_kano["category"]))
    from matplotlib.patches import Rectangle

    for y, s in enumerate(studs + ["model"]):
        for x, f in enumerate(feats):
            if s == "model":
                cat, colour, hatch = model.get(f, ""), "#ffffff", ""
            else:
                row = k[(k["student"] == s) & (k["feature"] == f)]
                if row.empty:
                    continue
                cat, ok = row["category"].iloc[0], bool(row["match"].iloc[0])
                colour, hatch = (PALETTE[5], "") if ok else (PALETTE[1], "xx")
            ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=colour, hatch=hatch, edgecolor="white"))
            ax.text(x, y, cat, ha="center", va="center", fontsize=9, weight="bold")
    ax.set_xlim(-0.5, len(feats) - 0.5)
    ax.set_ylim(len(studs) + 0.5, -0.5)
    ax.set_xticks(range(len(feats)), [f.replace("_", " ") for f in feats], rotation=35, ha="right", fontsize=7)
    ax.set_yticks(range(len(studs) + 1), studs + ["model answer"], fontsize=7)
    ax.axhline(len(studs) - 0.5, color="black", linewidth=1)
    ax.set_title((title or t("class.kano", results.language)) + "\n(hatched = differs from the model)", fontsize=9)
    ax.tick_params(length=0)
    return ax


def plot_completion(results: ClassResults, ax=None, title=None):
    """Per exercise, how many students are done / tried / not started: stacked bars with hatches
    and the count written in each segment."""
    from ..core.i18n import t
    from ..methods.plots import PALETTE, get_ax

    ex = results.exercises
    ids = list(dict.fromkeys(ex["exercise"]))
    ax = get_ax(ax, figsize=(7, 0.45 * max(len(ids), 1) + 1.5))
    styles = {"done": (PALETTE[2], ""), "tried": (PALETTE[1], "//"), "not started": ("#dddddd", "..")}
    for y, e in enumerate(ids):
        left = 0
        for status, (colour, hatch) in styles.items():
            n = int(((ex["exercise"] == e) & (ex["status"] == status)).sum())
            if n:
                ax.barh(y, n, left=left, color=colour, hatch=hatch, edgecolor="black", linewidth=0.5,
                        label=status if status not in ax.get_legend_handles_labels()[1] else None)
                ax.text(left + n / 2, y, str(n), ha="center", va="center", fontsize=8)
            left += n
    ax.set_yticks(range(len(ids)), ids, fontsize=8)
    ax.set_xlabel("students")
    ax.set_title(title or t("class.completion", results.language), fontsize=10)
    ax.legend(loc="lower right", fontsize=7, frameon=False)
    return ax


# ---------------------------------------------------------------- writing
def _salt(out: Path, salt: str | None) -> str:
    from ..core.fileio import atomic_write_text

    f = out / "salt.txt"
    if salt:
        return salt
    if f.is_file():
        s = f.read_text(encoding="utf-8").strip()
        if s:
            return s
    s = secrets.token_hex(16)
    atomic_write_text(f, s + "\n")
    return s


def class_report(folder, out_dir=None, real_names: bool = False, *, salt: str | None = None, model_kano=None,
                 language: str = "en", figures: bool = True, respondent: str = OWN_RESPONDENT, pdf: bool = False,
                 log=print) -> Path:
    """Read a class folder and write the class results; return the results folder.

    Writes into ``out_dir`` (default :func:`default_out_dir`): ``students.csv``, ``scores.csv``,
    ``disagreement.csv``, ``kano.csv``, ``exercises.csv``, ``skipped.csv``, ``class.json`` (counts
    and file list), ``figures/class_*.png|svg`` and ``class.html``, the results on one printable A4
    page (:mod:`sedamkit.delivery.classpage`); with ``pdf=True`` also ``class.pdf`` (offline, :mod:`~sedamkit.delivery.pdf`). The pseudonym salt is kept in ``salt.txt``
    there (unless given), so re-running gives the same pseudonyms.
    """
    from ..core.fileio import write_json
    from ..core.text import write_table_safely

    out = Path(out_dir) if out_dir else default_out_dir(folder)
    out.mkdir(parents=True, exist_ok=True)
    res = load_class(folder, real_names=real_names, salt=_salt(out, salt), model_kano=model_kano, language=language,
                     respondent=respondent, exclude=[out])   # a folder holding the results is no student
    written = []
    for name, df in (("students", res.students), ("scores", res.scores), ("disagreement", res.disagreement),
                     ("kano", res.kano), ("exercises", res.exercises), ("skipped", res.skipped)):
        # exercise ids, folder and student names come from the class folder: no formula may run
        written.append(write_table_safely(df, out / f"{name}.csv", index=False, float_format="%.2f"))
    if figures:
        from ..methods.plots import save_figure

        for name, fn, cond in (("class_readiness", plot_readiness, len(res.scores)),
                               ("class_disagreement", plot_disagreement, res.disagreement["sd"].notna().any()),
                               ("class_kano", plot_kano, len(res.kano)),
                               ("class_exercises", plot_completion, len(res.exercises))):
            if cond:
                written += save_figure(fn(res), out, name)
    from ..core.fileio import atomic_write_text
    from .classpage import class_page

    pngs = {p.stem: p for p in written if p.suffix == ".png"}
    page = atomic_write_text(out / "class.html", class_page(res, pngs, folder=Path(folder).name))
    written.append(page)
    if pdf:
        from .pdf import html_to_pdf

        made = html_to_pdf(page, log=log, what="class.pdf")
        if made:
            written.append(made)
    write_json(out / "class.json", {
        "class_folder": str(folder), "students": len(res.students), "skipped": len(res.skipped),
        "real_names": real_names, "language": language,
        "files": sorted(str(p.relative_to(out)) for p in written)})
    return out


# ---------------------------------------------------------------- a demo class
_DEMO_NAMES = ["ana.silva", "ben.okafor", "chloe.martin", "dev.patel", "elif.yilmaz", "femi.adeyemi",
               "greta.lind", "hugo.moreau"]


def demo_class(out, n: int = 8, seed: int = 19384) -> Path:
    """Write a deterministic demo class into ``out`` and return it (for notebook 90 and the tests).

    ``n`` (≤ 8) students are made from the demo client: each answers the stage 01 questionnaire as
    ``me`` (one of the demo respondents' answers, shifted and with noise, so some areas split the
    class), hands in a Kano group file of 40 demo customers drawn at random (one group swaps the
    functional and dysfunctional answers, a classic mistake) and an ``exercises.json``. Student 8 is
    handed in as a zip. To exercise the error handling: one student's answers file is truncated
    JSON, one Kano file has an unknown wording, and a stray ``notes.txt`` sits in the folder.
    Existing files in ``out`` are replaced; nothing outside ``out`` is touched.
    """
    import numpy as np
    import pandas as pd

    from ..core.fileio import atomic_write_text, write_json
    from ..core.text import write_table_safely
    from ..core.paths import demo_dir
    from ..core.spec import load_spec

    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    spec = load_spec("necessity_feasibility")
    demo = demo_dir()
    bases = [json.loads(p.read_text(encoding="utf-8"))
             for p in sorted((demo / "answers" / STAGE01).glob("*.json"))]
    survey = pd.read_csv(demo / "data" / "kano_survey.csv", dtype=object)
    feats = [c[: -len("_functional")] for c in survey.columns if c.endswith("_functional")]
    shifts = [0, 0, 1, 0, -1, 0, 0, 1]
    for k, name in enumerate(_DEMO_NAMES[:n]):
        folder = out / name
        base = bases[k % len(bases)]["answers"]
        answers = {}
        for it in spec.items:
            v = base.get(it.id)
            sc = spec.scales[it.scale]
            if v is None or it.show_if:
                if v is not None and spec.visible(it, answers):
                    answers[it.id] = v
                continue
            noise = int(rng.choice([-1, 0, 0, 0, 1]))
            if it.area in ("security_privacy", "funding") and k % 2:   # the class splits on these
                noise -= 2
            answers[it.id] = int(min(sc.max, max(sc.min, v + shifts[k % len(shifts)] + noise)))
        doc = {"questionnaire": spec.id, "version": spec.version, "respondent": "me",
               "updated": "2026-11-02T10:00:00+00:00", "answers": answers, "comments": {}}
        write_json(folder / STAGE01 / "me.json", doc)
        # Kano group survey: 40 demo customers, long layout
        rows = survey.iloc[np.sort(rng.choice(len(survey), 40, replace=False))]
        long = []
        for _, r in rows.iterrows():
            for f in feats:
                fa, da = r[f"{f}_functional"], r[f"{f}_dysfunctional"]
                if k == 3:
                    fa, da = da, fa
                long.append({"respondent": r["respondent"], "feature": f, "functional": fa, "dysfunctional": da})
        kdf = pd.DataFrame(long)
        if k == 5:
            kdf.loc[2, "functional"] = "meh, whatever"
        write_table_safely(kdf, folder / STAGE04 / KANO_FILE, index=False)
        # exercises
        record = {"format": "sedam-exercises", "version": 1, "student": name, "updated": "2026-11-02T11:00:00+00:00",
                  "exercises": {}}
        for j, ex in enumerate(["01_weighted_area_score", "01_decision"]):
            state = (k + j) % 3
            if state < 2:
                record["exercises"][ex] = {"ok": state == 0, "attempts": 1 + (k + j) % 4,
                                           "message": "", "first_ok": None, "last": "2026-11-02T11:00:00+00:00"}
        write_json(folder / "exercises.json", record)
    if n >= 3:  # a malformed answers file: the student's other files are still used
        atomic_write_text(out / _DEMO_NAMES[2] / STAGE01 / "me.json", '{"questionnaire": "necessity_feasibility", "ans')
    if n >= 8:  # the last student handed in a zip
        folder = out / _DEMO_NAMES[7]
        with zipfile.ZipFile(out / f"{_DEMO_NAMES[7]}.zip", "w", zipfile.ZIP_DEFLATED) as zf:
            for p in sorted(folder.rglob("*")):
                if p.is_file():
                    zi = zipfile.ZipInfo(str(Path(_DEMO_NAMES[7]) / p.relative_to(folder)), (2026, 11, 2, 12, 0, 0))
                    zf.writestr(zi, p.read_bytes())
        shutil.rmtree(folder)
    atomic_write_text(out / "notes.txt", "Collected after the Tuesday session.\n")
    return out
