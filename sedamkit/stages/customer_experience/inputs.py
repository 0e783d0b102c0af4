"""Stage 04 inputs: the data keys, reading and validating a client's files (:func:`load_inputs`)
and the feature → touchpoint links. See :mod:`sedamkit.stages.customer_experience.api`."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from ...core import paths as _paths
from ...core.datafiles import load_data
from ...core.errors import Problem, Problems, SedamError
from ...core.tables import periods, read_table, require_columns, require_rows

__all__ = ["STAGE_ID", "DEMO_CLIENT", "DATA_KEYS", "CSAT_SCALE", "CES_SCALE", "CES_AGREE_MIN", "COMMENT_CHARS",
           "PARTS", "Note", "DesignInputs", "read_table", "load_inputs", "skip_reason", "worked_example_inputs",
           "feature_links",
           "feature_label"]

STAGE_ID = "04_customer_experience"
#: The demo client folder (shipped inside the package; see :func:`sedamkit.core.paths.demo_dir`).
DEMO_CLIENT = _paths.demo_dir()
#: Data keys this stage reads, with the columns each must have.
DATA_KEYS = {"kano_survey": [], "touchpoint_ratings": ["touchpoint", "rating"],
             "cx_survey": ["quarter", "nps", "csat", "ces"]}
#: Scales of the relationship survey: CSAT 1–5 (top-2-box), CES 1–7 (agree at 5 or more).
CSAT_SCALE = (1, 5)
CES_SCALE = (1, 7)
CES_AGREE_MIN = 5
#: The column of quarter labels (``2025Q1`` only; checked strictly in every data file that has it).
QUARTER_COLUMN = "quarter"
#: Longest comment text kept in the stage result.
COMMENT_CHARS = 160


# ---------------------------------------------------------------------------------------------- inputs
#: The parts of stage 04 and the inputs each needs (a part whose input the client lacks is left out).
PARTS = {"kano": ("kano_survey",), "metrics": ("cx_survey",), "journey": ("journey",),
         "ratings": ("journey", "touchpoint_ratings")}


class Note(str):
    """A one-line note (what is left out and how to add it) that a notebook shows as Markdown."""

    def _repr_markdown_(self):
        from ...core.text import md

        return f"*{md(str(self))}*" if self else ""


@dataclasses.dataclass
class DesignInputs:
    """A client's validated stage-04 inputs (create with :func:`load_inputs`).

    A part the client has no input for (see :data:`PARTS`) is left out: its tables are None and
    :attr:`skipped` says why and how to add it; :meth:`has` and :meth:`note` ask about one part.

    Attributes
    ----------
    client : dict — the client config; ``files`` — path of every input by key
    kano_survey, ratings, cx_survey : pandas.DataFrame or None — the raw tables
    journey : sedamkit.methods.journey.Journey or None
    categories : pandas.DataFrame or None — :func:`sedamkit.methods.kano.classify_survey` output
    links : dict — feature → list of touchpoint ids (see :func:`feature_links`)
    links_source : str — where the links came from
    skipped : dict — part → the one-line reason it is left out (``{}`` when the client has everything)
    """

    client: dict
    files: dict
    kano_survey: pd.DataFrame | None
    ratings: pd.DataFrame | None
    cx_survey: pd.DataFrame | None
    journey: object
    categories: pd.DataFrame | None
    links: dict
    links_source: str
    skipped: dict = dataclasses.field(default_factory=dict)
    language: str = ""   # of the notes and the summary ("": the client's)

    def has(self, part: str) -> bool:
        """Whether the client has the input of ``part`` (one of :data:`PARTS`; CX003 otherwise)."""
        if part not in PARTS:
            raise SedamError(Problem("CX003", None, "part", f"stage 04 has no part {part!r}",
                                     f"use one of: {', '.join(PARTS)}"))
        return part not in self.skipped

    def note(self, part: str) -> Note:
        """The one-line reason ``part`` is left out, for the notebook (empty when the part is there)."""
        return Note("" if self.has(part) else self.skipped[part])

    def _repr_markdown_(self):
        """The inputs found and the parts left out, in the client's language (``learn.inputs.*``)."""
        from ...core.i18n import t
        from ...core.numfmt import number
        from ...core.text import md, md_code

        lang = self.language or self.client.get("language", "en")
        rows = []
        if self.journey is not None:
            rows.append(("journey", self.files["journey"],
                         t("learn.inputs.journey_size", lang, touchpoints=number(len(self.journey.touchpoints), lang),
                           points=number(len(self.journey.data_points), lang))))
        rows += [(k, self.files[k], t("learn.inputs.rows", lang, n=number(len(getattr(self, a)), lang))) for k, a in
                 (("kano_survey", "kano_survey"), ("touchpoint_ratings", "ratings"), ("cx_survey", "cx_survey"))
                 if getattr(self, a) is not None]
        lines = [t("learn.inputs.header", lang), "| --- | --- | --- |"]
        lines += [f"| {k} | {md_code(Path(f).name)} | {s} |" for k, f, s in rows]
        out = "\n".join(lines)
        if self.links_source:
            out += "\n\n" + t("learn.inputs.links", lang, source=md(self.links_source))
        if self.skipped:
            out += "\n\n" + "\n".join("- " + t("learn.banner.left_out", lang, what=md(r)) for r in self.skipped.values())
        return out


def _with_file(problems, file):
    return [p if p.file else dataclasses.replace(p, file=str(file)) for p in problems]


def _collect(_probs, _file, _fn, *args, **kw):
    """Run ``_fn``; add its SedamError problems (with ``_file`` filled in) to ``_probs``."""
    try:
        return _fn(*args, **kw)
    except SedamError as e:
        _probs.extend(_with_file(e.problems, _file))
        return None


def _client_dict(client):
    if isinstance(client, (str, Path)):
        from ...core.config import load_client

        client = load_client(client)
    return client


def skip_reason(part: str, language: str = "en") -> str:
    """The one-line reason a part is left out, in the client's language: what is missing and how to add it.

    >>> skip_reason("kano").split(":")[0]
    'no Kano survey'
    """
    from ...core.i18n import t

    return t(f"cx.skip_{part}", language)


def _journey_file(client, cdir):
    """The journey file the client names, or its default when that exists; None when there is none."""
    if client.get("journey") is not None:
        return cdir / client["journey"]
    return cdir / "journey.yaml" if (cdir / "journey.yaml").is_file() else None


def _read_tables(data, cdir, probs):
    files, tables = {}, {}
    for key, cols in DATA_KEYS.items():
        rel = data.get(key)
        if rel is None:
            continue
        files[key] = cdir / rel
        df = _collect(probs, files[key], read_table, files[key])
        if df is None:
            continue
        _collect(probs, files[key], require_columns, df, cols, what=f"the {key} data")
        tables[key] = df
        own = Problems(files[key])
        if require_rows(df, own, what=f"the {key} data"):
            if QUARTER_COLUMN in df.columns:
                periods(df, QUARTER_COLUMN, own, forms=("quarter",), what=f"the {key} data")
        probs.extend(own.items)
    return files, tables


def load_inputs(client, language: str | None = None) -> DesignInputs:
    """Read and validate what stage 04 has of its inputs; raise one :class:`SedamError` listing every problem.

    ``client`` is a loaded client config (``ctx.client``) or a client folder. The files are the
    ones ``ctx.data_path(key)`` and ``ctx.client_file("journey", "journey.yaml")`` name. An input the
    client does not name leaves its part out (:attr:`DesignInputs.skipped` says why); one it names
    that is missing or wrong is an error. The reasons a part is left out are in ``language`` (default:
    the client's).
    """
    from ...methods import cx
    from ...methods import journey as jr
    from ...methods import kano

    client = _client_dict(client)
    cdir = Path(client["dir"])
    lang = language or client.get("language") or "en"
    probs = Problems()
    files, tables = _read_tables(client.get("data") or {}, cdir, probs)
    jfile = _journey_file(client, cdir)
    j = None
    if jfile is not None:
        files["journey"] = jfile
        j = _collect(probs, jfile, jr.load_journey, jfile)
    skipped = {}
    if "kano_survey" not in files:
        skipped["kano"] = skip_reason("kano", lang)
    if "cx_survey" not in files:
        skipped["metrics"] = skip_reason("metrics", lang)
    if jfile is None:
        skipped["journey"] = skip_reason("journey", lang)
    if "touchpoint_ratings" not in files:
        skipped["ratings"] = skip_reason("ratings", lang)
    elif jfile is None:
        skipped["ratings"] = skip_reason("ratings_no_journey", lang)
    cats = None
    if "kano_survey" in tables and len(tables["kano_survey"]):
        df = tables["kano_survey"]
        keep = [c for c in ("region",) if c in df.columns]
        resp = "respondent" if "respondent" in df.columns else None
        cats = _collect(probs, files["kano_survey"], kano.classify_survey, df, respondent=resp, keep=keep,
                        file=str(files["kano_survey"]))
    if "touchpoint_ratings" in tables and j is not None and not _missing(tables["touchpoint_ratings"],
                                                                          DATA_KEYS["touchpoint_ratings"]) \
            and len(tables["touchpoint_ratings"]):
        _collect(probs, files["touchpoint_ratings"], jr.emotion_curve, j, tables["touchpoint_ratings"])
    if "cx_survey" in tables and not _missing(tables["cx_survey"], DATA_KEYS["cx_survey"]) \
            and len(tables["cx_survey"]):
        df = tables["cx_survey"]
        f = files["cx_survey"]
        _collect(probs, f, cx.nps, df, "nps")
        _collect(probs, f, cx.csat, df, "csat", scale=CSAT_SCALE)
        _collect(probs, f, cx.ces, df, "ces", scale=CES_SCALE, agree_min=CES_AGREE_MIN)
    links, source = ({}, "")
    if j is not None and cats is not None:
        res = _collect(probs, jfile, feature_links, j, list(cats["feature"].cat.categories), file=jfile)
        if res is not None:
            links, source = res
    elif cats is not None:
        links = {str(f): [] for f in cats["feature"].cat.categories}
    probs.raise_if_any(f"the stage 04 inputs of {cdir} have problems")
    ratings = tables.get("touchpoint_ratings") if "ratings" not in skipped else None
    return DesignInputs(client=client, files={k: str(v) for k, v in files.items()},
                        kano_survey=tables.get("kano_survey"), ratings=ratings,
                        cx_survey=tables.get("cx_survey"), journey=j, categories=cats, links=links,
                        links_source=source, skipped=skipped, language=language or "")


def worked_example_inputs(client, needs=("kano", "metrics", "ratings")):
    """Stage-04 inputs for worked examples (the design-project notebook): ``(inputs, note)``.

    The client's own inputs when it has every part in ``needs``; otherwise the demo client's, so a
    teaching notebook still has data to work on, and ``note`` (a :class:`Note`) says which parts the
    client lacks, how to add them, and that the examples use the demo's data. ``note`` is empty when the
    client's data is used.

    >>> inp, note = worked_example_inputs(DEMO_CLIENT)
    >>> inp.skipped, str(note)
    ({}, '')
    """
    inputs = load_inputs(client)
    for part in needs:
        inputs.has(part)                                   # CX003 for a part that does not exist
    lacking = [p for p in needs if not inputs.has(p)]
    if not lacking:
        return inputs, Note("")
    from ...core.i18n import t

    lang = inputs.client.get("language") or "en"
    why = "; ".join(inputs.skipped[p] for p in lacking)
    return load_inputs(DEMO_CLIENT), Note(t("cx.worked_example_demo", lang, why=why))


def _missing(df, cols):
    return [c for c in cols if c not in df.columns]


def feature_links(journey, features, *, file=None):
    """Which touchpoints deliver each Kano feature; returns ``(links, source)``.

    See the module docstring for the order in which links are looked for. Only ``features``
    get links; a touchpoint id the journey does not know is a JRN005 problem.

    >>> from sedamkit.methods.journey import load_journey
    >>> j = load_journey(DEMO_CLIENT / "journey.yaml")
    >>> links, source = feature_links(j, ["a_feature_nobody_linked"])
    >>> links, source.split(" (")[0]
    ({'a_feature_nobody_linked': []}, 'sedamkit/data/design_links.yaml')
    """
    from ...core.fileio import read_yaml

    file = file or journey.file
    known = set(journey.touchpoints["touchpoint"])
    raw, source = None, None
    if journey.file and Path(journey.file).is_file():
        obj = read_yaml(journey.file, code="JRN001")
        if isinstance(obj, dict) and obj.get("feature_links") is not None:
            raw, source = obj["feature_links"], f"the journey file's feature_links ({Path(journey.file).name})"
    if raw is None:
        shipped = load_data("design_links.yaml")
        raw = (shipped.get("journeys") or {}).get(journey.id)
        if raw is not None:
            source = f"sedamkit/data/design_links.yaml (journey {journey.id})"
    probs = Problems(file)
    if raw is None:
        links = {f: [f] if f in known else [] for f in features}
        return links, "none given: features linked to touchpoints with the same id"
    if not isinstance(raw, dict):
        probs.add("JRN003", "feature_links", "feature_links must map feature ids to lists of touchpoint ids",
                  "write e.g. feature_links: {feature_id: [touchpoint_id, ...]}")
        probs.raise_if_any("the feature links are not valid")
    links = {}
    for f in features:
        tps = raw.get(f) or []
        tps = [tps] if isinstance(tps, str) else list(tps)
        for t in tps:
            if str(t) not in known:
                probs.add("JRN005", f"feature_links.{f}", f"unknown touchpoint '{t}'",
                          f"use one of: {', '.join(journey.touchpoints['touchpoint'])}")
        links[f] = [str(t) for t in tps]
    probs.raise_if_any("the feature links are not valid")
    return links, source


def feature_label(feature: str) -> str:
    """A readable label for a feature id: ``self_service_portal`` → ``self service portal``."""
    return str(feature).replace("_", " ")
