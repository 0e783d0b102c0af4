"""Stage 04 inputs: the data keys, reading and validating a client's files (:func:`load_inputs`)
and the feature → touchpoint links. See :mod:`sedamkit.stages.customer_experience.api`."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from ...core import paths as _paths
from ...core.datafiles import load_data
from ...core.errors import Problems, SedamError
from ...core.tables import periods, read_table, require_columns, require_rows

__all__ = ["STAGE_ID", "DEMO_CLIENT", "DATA_KEYS", "CSAT_SCALE", "CES_SCALE", "CES_AGREE_MIN", "COMMENT_CHARS",
           "DesignInputs", "read_table", "load_inputs", "feature_links", "feature_label"]

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
@dataclasses.dataclass
class DesignInputs:
    """A client's validated stage-04 inputs (create with :func:`load_inputs`).

    Attributes
    ----------
    client : dict — the client config; ``files`` — path of every input by key
    kano_survey, ratings, cx_survey : pandas.DataFrame — the raw tables
    journey : sedamkit.methods.journey.Journey
    categories : pandas.DataFrame — :func:`sedamkit.methods.kano.classify_survey` output
    links : dict — feature → list of touchpoint ids (see :func:`feature_links`)
    links_source : str — where the links came from
    """

    client: dict
    files: dict
    kano_survey: pd.DataFrame
    ratings: pd.DataFrame
    cx_survey: pd.DataFrame
    journey: object
    categories: pd.DataFrame
    links: dict
    links_source: str

    def _repr_markdown_(self):
        from ...core.text import md, md_code

        rows = [("journey", self.files["journey"], f"{len(self.journey.touchpoints)} touchpoints, "
                 f"{len(self.journey.data_points)} data points")]
        rows += [(k, self.files[k], f"{len(getattr(self, a))} rows") for k, a in
                 (("kano_survey", "kano_survey"), ("touchpoint_ratings", "ratings"), ("cx_survey", "cx_survey"))]
        lines = ["| input | file | size |", "| --- | --- | --- |"]
        lines += [f"| {k} | {md_code(Path(f).name)} | {s} |" for k, f, s in rows]
        return "\n".join(lines) + f"\n\nFeature → touchpoint links: {md(self.links_source)}."


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


def load_inputs(client) -> DesignInputs:
    """Read and validate everything stage 04 needs; raise one :class:`SedamError` listing every problem.

    ``client`` is a loaded client config (``ctx.client``) or a client folder. The files are the
    ones ``ctx.data_path(key)`` and ``ctx.client_file("journey", "journey.yaml")`` name.
    """
    from ...methods import cx
    from ...methods import journey as jr
    from ...methods import kano

    client = _client_dict(client)
    cdir = Path(client["dir"])
    cfg_file = str(cdir / "client.yaml")
    probs = Problems()
    data = client.get("data") or {}
    files, tables = {}, {}
    for key, cols in DATA_KEYS.items():
        rel = data.get(key)
        if rel is None:
            probs.add("CFG004", f"data.{key}", f"the config names no {key!r} data file",
                      f"add 'data: {{{key}: data/<file>.csv}}' to client.yaml", file=cfg_file)
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
    jfile = cdir / (client.get("journey") or "journey.yaml")
    files["journey"] = jfile
    j = _collect(probs, jfile, jr.load_journey, jfile)
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
    probs.raise_if_any(f"the stage 04 inputs of {cdir} have problems")
    return DesignInputs(client=client, files={k: str(v) for k, v in files.items()},
                        kano_survey=tables["kano_survey"], ratings=tables["touchpoint_ratings"],
                        cx_survey=tables["cx_survey"], journey=j, categories=cats, links=links,
                        links_source=source)


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
