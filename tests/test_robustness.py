"""Nothing lost, nothing injected, never a traceback: every loader refuses bad input with a coded
SedamError, never another exception and never a hang.

Two parts:

* a fixed corpus of bad files (special files, encodings, JSON/YAML edge cases) through the
  readers of ``sedamkit.core.fileio``, with the message each must give;
* property-based tests (hypothesis) that mutate the demo client's files — delete keys, change
  types, insert NaN / infinity / huge numbers / deep nesting / odd strings, re-encode the bytes —
  and feed each to its loader; only ``SedamError`` may escape.

Run with ``-s`` to print how many distinct bad inputs were tried and how many gave a coded error.
"""
from __future__ import annotations

import copy
import hashlib
import json
import math
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from sedamkit.core.errors import Problem, SedamError
from sedamkit.core.fileio import read_json, read_yaml

DEMO = Path(__file__).resolve().parents[1] / "sedamkit" / "datasets" / "demo"
SPEC_FILE = Path(__file__).resolve().parents[1] / "sedamkit" / "data" / "questionnaires" / "necessity_feasibility.yaml"

#: loader name -> {"tried": set of input digests, "coded": set, "accepted": set}
TALLY: dict = {}


def _tally(loader, data: bytes, outcome: str):
    t = TALLY.setdefault(loader, {"tried": set(), "coded": set(), "accepted": set(), "crashed": set()})
    h = hashlib.sha1(data).hexdigest()
    t["tried"].add(h)
    t[outcome].add(h)


#: loader -> {(exception, sedamkit frame): example input (shortened)}; filled when SEDAM_FUZZ_COLLECT=1
CRASHES: dict = {}


def _crash_site(e):
    import traceback

    frames = [f for f in traceback.extract_tb(e.__traceback__) if "sedamkit" in f.filename and "tests" not in f.filename]
    f = frames[-1] if frames else traceback.extract_tb(e.__traceback__)[-1]
    return f"{type(e).__name__}: {str(e)[:80]} at {f.filename.split('sedamkit/', 1)[-1]}:{f.lineno} ({f.line})"


def _feed(loader, data: bytes, call):
    """Run ``call()``; only SedamError may escape (anything else fails the test)."""
    try:
        call()
    except Exception as e:  # noqa: BLE001
        if isinstance(e, SedamError):
            assert e.problems and all(isinstance(p, Problem) and p.code for p in e.problems)
            str(e)  # the text can be built
            _tally(loader, data, "coded")
            return
        if os.environ.get("SEDAM_FUZZ_COLLECT"):
            CRASHES.setdefault(loader, {}).setdefault(_crash_site(e), data[:300])
            _tally(loader, data, "crashed")
            return
        raise
        assert e.problems and all(isinstance(p, Problem) and p.code for p in e.problems)
        str(e)  # the text can be built
        _tally(loader, data, "coded")
    else:
        _tally(loader, data, "accepted")


# ---------------------------------------------------------------------------------------------
# 1. a fixed corpus of bad files
DEEP = 100_000
CORPUS = {
    # name: (bytes, words the message must hold)
    "nan.json": (b'{"a": NaN}', "finite"),
    "inf.json": (b'{"a": [1, Infinity]}', "finite"),
    "neginf.json": (b'{"a": -Infinity}', "finite"),
    "overflow.json": (b'{"a": 1e999}', "finite"),
    "bigint.json": (b'{"a": ' + b"9" * 5000 + b"}", "5000 digits"),
    "dup.json": (b'{"a": 1, "a": 2}', "appears twice"),
    "deep.json": (b"[" * DEEP + b"]" * DEEP, "nested deeper than 64"),
    "deepobj.json": (b'{"a":' * 70 + b"1" + b"}" * 70, "nested deeper than 64"),
    "surrogate.json": (b'{"a": "\\ud800"}', "surrogate"),
    "surrogatekey.json": (b'{"\\udfff": 1}', "surrogate"),
    "utf16.json": ('{"a": "é"}'.encode("utf-16"), "UTF-16"),
    "utf16be.json": (b"\xfe\xff" + '{"a": 1}'.encode("utf-16-be"), "UTF-16"),
    "utf16nobom.json": ('{"a": 1}'.encode("utf-16-le"), "UTF-16"),
    "utf32.json": ('{"a": 1}'.encode("utf-32"), "UTF-32"),
    "cp1252.json": ('{"a": "café"}'.encode("cp1252"), "Windows-1252"),
    "encoded_surrogate.json": (b'{"a": "\xed\xa0\x80"}', "not UTF-8"),
    "nul.json": (b'{"a": "\x00"}', "NUL"),
    "truncated.json": (b'{"a": [1, 2', "not valid JSON"),
    "empty.json": (b"", "not valid JSON"),
    "date.yaml": (b"a: 2025-02-30\n", "line 1 column 4"),
    "dup.yaml": (b"a: 1\nb: 2\na: 3\n", "appears twice"),
    "deep.yaml": (b"[" * 10_000 + b"]" * 10_000, "nested deeper than 64"),
    "deepmap.yaml": ("".join("  " * n + f"k{n}:\n" for n in range(80)).encode() + b"  " * 80 + b"x\n",
                     "nested deeper than 64"),
    "nan.yaml": (b"a: .nan\n", "finite"),
    "inf.yaml": (b"a: [-.inf]\n", "finite"),
    "bigint.yaml": (b"a: " + b"9" * 5000 + b"\n", "5000 digits"),
    "syntax.yaml": (b"a: [1\n", "line 2 column 1"),
    "tab.yaml": (b"a:\n\t- 1\n", "line 2"),
    "control.yaml": (b"a: \x07\n", "line 1 column 4"),
    "python_tag.yaml": (b"a: !!python/object/apply:os.system [ls]\n", "constructor"),
    "self_alias.yaml": (b"a: &a [*a]\n", "contains itself"),
    "laughs.yaml": (b"a: &a [x,x,x,x,x,x,x,x,x,x]\n" + b"".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 10)}]\n".encode() for n in range(7)),
        "expands to more than"),
    "surrogate.yaml": (b'a: "\\ud800"\n', "surrogate"),
    "utf16.yaml": ("a: é\n".encode("utf-16"), "UTF-16"),
    "cp1252.yaml": ("a: café\n".encode("cp1252"), "Windows-1252"),
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_fixed_corpus_gives_coded_errors_with_a_clear_message(tmp_path, name):
    data, words = CORPUS[name]
    f = tmp_path / name
    f.write_bytes(data)
    read = read_json if name.endswith(".json") else read_yaml
    t0 = time.perf_counter()
    with pytest.raises(SedamError) as ei:
        read(f, code="ANS001")
    assert time.perf_counter() - t0 < 5
    assert ei.value.codes == ["ANS001"], ei.value
    assert words in str(ei.value), str(ei.value)
    assert ei.value.problems[0].fix
    _tally("fileio corpus", data, "coded")


def test_utf8_with_or_without_bom_is_read(tmp_path):
    for n, data in enumerate((b'{"a": "caf\xc3\xa9"}', b'\xef\xbb\xbf{"a": "caf\xc3\xa9"}')):
        (tmp_path / f"{n}.json").write_bytes(data)
        assert read_json(tmp_path / f"{n}.json") == {"a": "café"}
    (tmp_path / "b.yaml").write_bytes(b"\xef\xbb\xbfa: 2025-02-28\nb: 1.5\n")
    assert read_yaml(tmp_path / "b.yaml")["b"] == 1.5


def test_stage_results_keep_their_nan(tmp_path):
    """The kit's own stage results (RES codes) have always written NaN for a missing number."""
    (tmp_path / "r.json").write_text('{"x": NaN}')
    assert math.isnan(read_json(tmp_path / "r.json", code="RES002")["x"])
    with pytest.raises(SedamError):
        read_json(tmp_path / "r.json", code="ANS001")


def _within(seconds, fn):
    """Run fn in a daemon thread; return ('done', value) or ('timeout', None)."""
    out = {}

    def run():
        try:
            out["value"] = fn()
        except BaseException as e:  # noqa: BLE001
            out["value"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    if t.is_alive():
        # unblock the reader, if any, so the thread can end
        return "timeout", None
    return "done", out.get("value")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
@pytest.mark.parametrize("what", ["read_yaml", "read_json", "client.yaml", "answers"])
def test_a_named_pipe_is_refused_at_once_without_blocking(tmp_path, what, spec):
    if what == "client.yaml":
        client = tmp_path / "client"
        client.mkdir()
        fifo = client / "client.yaml"
    elif what == "answers":
        fifo = tmp_path / "ceo.json"
    else:
        fifo = tmp_path / ("f.yaml" if what == "read_yaml" else "f.json")
    os.mkfifo(fifo)
    try:
        def call():
            if what == "read_yaml":
                return read_yaml(fifo, code="CFG001")
            if what == "read_json":
                return read_json(fifo, code="ANS001")
            if what == "client.yaml":
                from sedamkit.core.config import load_client

                return load_client(fifo.parent)
            from sedamkit.core.answers import read_answers

            return read_answers(fifo, spec)

        t0 = time.perf_counter()
        state, value = _within(1.0, call)
        if state == "timeout":  # free the blocked reader so the thread ends, then fail
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
            pytest.fail(f"{what}: reading a named pipe blocked")
        assert time.perf_counter() - t0 < 1.0
        assert isinstance(value, SedamError), repr(value)
        if what in ("read_yaml", "read_json", "answers"):
            assert "named pipe" in str(value)
    finally:
        fifo.unlink()


def test_a_folder_or_device_where_a_file_belongs(tmp_path):
    (tmp_path / "answers.json").mkdir()
    with pytest.raises(SedamError, match="a folder is where a file belongs") as ei:
        read_json(tmp_path / "answers.json", code="ANS001")
    assert ei.value.codes == ["ANS001"]
    if Path("/dev/zero").exists():  # would never end if read
        with pytest.raises(SedamError, match="a device"):
            read_yaml("/dev/zero", code="CFG001")
    with pytest.raises(SedamError, match="file not found"):
        read_yaml(tmp_path / "nope.yaml")


def test_many_problems_format_quickly_into_a_short_text():
    probs = [Problem("ANS005", "a.json", f"item_{n}", "unknown item id", "check the spelling") for n in range(200_000)]
    probs += [Problem("ANS006", "a.json", f"v{n}", "value outside the scale") for n in range(3)]
    t0 = time.perf_counter()
    err = SedamError(probs)
    text = str(err)
    assert time.perf_counter() - t0 < 2
    assert len(text) < 10_000
    assert "… and 199980 more [ANS005]" in text and "v2" in text
    assert len(err.problems) == 200_003 and err.codes.count("ANS005") == 200_000


# ---------------------------------------------------------------------------------------------
# 2. property-based: mutate the demo client's files
ODD = [float("nan"), float("inf"), float("-inf"), 10 ** 400, -(10 ** 30), 1e308, -1, 0, 2 ** 63, True, None,
       "", " ", "\x00", "\u202e", "é" * 3, "x" * 5000, "2025-02-30", "0001-01-01", "../../etc/passwd", "E10",
       "NaN", "inf", "1e999", "<script>", "🙂", "\ud800", [], {}, [[[]]], {"": None}, {1: 2}, 3.5,
       "=cmd|' /C calc'!A0", "\r\n", "yes", "~"]


def _deep(n):
    v = 1
    for _ in range(n):
        v = [v]
    return v


def _paths(obj, prefix=()):
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for n, v in enumerate(obj):
            yield from _paths(v, (*prefix, n))


def _get(obj, path):
    for p in path:
        obj = obj[p]
    return obj


@st.composite
def mutated(draw, base):
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(doc))
        path = draw(st.sampled_from(paths))
        op = draw(st.sampled_from(["delete", "odd", "retype", "deep", "add_key", "duplicate"]))
        if not path:
            if op == "odd":
                doc = draw(st.sampled_from(ODD))
            continue
        parent, key = _get(doc, path[:-1]), path[-1]
        value = parent[key]
        if op == "delete":
            del parent[key]
        elif op == "odd":
            parent[key] = draw(st.sampled_from(ODD))
        elif op == "retype":
            parent[key] = ([value] if not isinstance(value, list) else {"x": value}) if draw(st.booleans()) \
                else (str(value) if not isinstance(value, str) else 7)
        elif op == "deep":
            parent[key] = _deep(draw(st.sampled_from([10, 63, 65, 200])))
        elif op == "add_key" and isinstance(value, dict):
            value[draw(st.sampled_from(["zz_unknown", "", "id", "1", "\u00e9"]))] = draw(st.sampled_from(ODD))
        elif op == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(value))
        if not isinstance(doc, (dict, list)):
            break
    return doc


def _yaml_bytes(doc, how):
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    return _encode(text, how)


def _json_bytes(doc, how):
    text = json.dumps(doc, ensure_ascii=how == "ascii", default=str)
    return _encode(text, how)


def _encode(text, how):
    if how == "utf-16":
        return text.encode("utf-16")
    if how == "cp1252":
        return text.encode("cp1252", "replace") + "é".encode("cp1252")
    if how == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    if how == "truncate":
        raw = text.encode("utf-8", "surrogatepass")
        return raw[: len(raw) * 2 // 3]
    return text.encode("utf-8", "surrogatepass")


ENCODINGS = st.sampled_from(["utf-8", "utf-8", "utf-8", "ascii", "bom", "utf-16", "cp1252", "truncate"])
# no shrinking: a crash in a strategy marked xfail would otherwise spend a minute minimising it
FUZZ = settings(max_examples=60, deadline=5000, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def client_copy():
    d = Path(tempfile.mkdtemp(prefix="sedam-fuzz-"))
    shutil.copytree(DEMO, d / "client")
    yield d / "client"
    shutil.rmtree(d, ignore_errors=True)


def _load_yaml(p):
    return yaml.safe_load(p.read_text(encoding="utf-8"))


def _client_loader(client_dir):
    from sedamkit.core.config import load_client

    return lambda path: load_client(path.parent)


def _answers_loader(_):
    from sedamkit.core.answers import read_answers
    from sedamkit.core.spec import load_spec

    spec = load_spec("necessity_feasibility")
    return lambda path: read_answers(path, spec)


def _spec_loader(_):
    from sedamkit.core.spec import load_spec

    return load_spec


def _plan_loader(_):
    from sedamkit.stages.daap.api import load_plan

    return load_plan


def _journey_loader(_):
    from sedamkit.methods.journey import load_journey

    return load_journey


def _assessment_loader(_):
    from sedamkit.stages.application.api import load_assessment

    return load_assessment


# name: (source file, file name in the client copy, serializer, loader factory, xfail reason or None)
DOCS = {
    "client": (DEMO / "client.yaml", "client.yaml", _yaml_bytes, _client_loader, None),
    "answers": (DEMO / "answers" / "01_necessity_feasibility" / "ceo.json", "answers/01_necessity_feasibility/ceo.json",
                _json_bytes, _answers_loader, None),
    "spec": (SPEC_FILE, "q.yaml", _yaml_bytes, _spec_loader, None),
    "plan": (DEMO / "plan.yaml", "plan.yaml", _yaml_bytes, _plan_loader, None),
    "journey": (DEMO / "journey.yaml", "journey.yaml", _yaml_bytes, _journey_loader, None),
    "assessment": (DEMO / "application.yaml", "application.yaml", _yaml_bytes, _assessment_loader, None),
}
#: crashes the fuzzing found in files being rewritten by other engineers (not fixed here)
XFAIL: dict = {}


def _doc_params():
    out = []
    for name in DOCS:
        marks = [pytest.mark.xfail(reason=XFAIL[name], strict=False)] if name in XFAIL else []
        out.append(pytest.param(name, marks=marks, id=name))
    return out


@pytest.mark.parametrize("name", _doc_params())
def test_mutated_documents_give_only_coded_errors(client_copy, name):
    src, target, dump, factory, _ = DOCS[name]
    base = json.loads(src.read_text(encoding="utf-8")) if src.suffix == ".json" else _load_yaml(src)
    base = json.loads(json.dumps(base, default=str))  # dates as text, so every dumper can write it
    path = client_copy / target
    original = path.read_bytes() if path.exists() else None
    load = factory(client_copy)

    @FUZZ
    @given(doc=mutated(base), how=ENCODINGS)
    def run(doc, how):
        try:
            data = dump(doc, how)
        except (ValueError, TypeError, UnicodeEncodeError, yaml.YAMLError):
            return  # a value the serializer itself cannot write
        path.write_bytes(data)
        _feed(name, data, lambda: load(path))

    try:
        run()
    finally:
        if original is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(original)


# -- data tables -------------------------------------------------------------------------------
def _csv_head(name, rows=25):
    return "\n".join((DEMO / "data" / name).read_text(encoding="utf-8").splitlines()[: rows + 1]) + "\n"


CELLS = ["", "nan", "NaN", "inf", "-inf", "1e999", "9" * 5000, "-1", "0", "99", "2.5", "x", '"', '""', "é",
         "\x00", "I like it", "I LIKE IT", " 3 ", "None", "=1+1", "🙂", "a,b", "\r"]


@st.composite
def mutated_csv(draw, text):
    rows = [r.split(",") for r in text.strip("\n").split("\n")]
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["cell", "cell", "drop_column", "rename_header", "drop_rows", "ragged"]))
        if op == "cell" and len(rows) > 1:
            r = draw(st.integers(1, len(rows) - 1))
            c = draw(st.integers(0, len(rows[r]) - 1)) if rows[r] else 0
            if rows[r]:
                rows[r][c] = draw(st.sampled_from(CELLS))
        elif op == "drop_column" and len(rows[0]) > 1:
            c = draw(st.integers(0, len(rows[0]) - 1))
            rows = [row[:c] + row[c + 1:] for row in rows]
        elif op == "rename_header":
            c = draw(st.integers(0, len(rows[0]) - 1))
            rows[0][c] = draw(st.sampled_from(["", "x", rows[0][c] + "_", rows[0][0]]))
        elif op == "drop_rows":
            rows = rows[: draw(st.integers(1, len(rows)))]
        elif op == "ragged" and len(rows) > 1:
            rows[-1] = rows[-1] + ["extra"]
    return "\n".join(",".join(r) for r in rows) + "\n"


def _kano(df):
    from sedamkit.methods import kano

    return kano.summary(kano.classify_survey(df))


def _cx(df):
    from sedamkit.methods import cx

    cx.nps(df, "nps", by="region")
    cx.csat(df, "csat")
    cx.ces(df, "ces", by="channel")


TABLES = {"kano": ("kano_survey.csv", _kano), "cx": ("cx_survey.csv", _cx)}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_mutated_tables_give_only_coded_errors(name, tmp_path):
    from sedamkit.core.tables import read_table

    src, use = TABLES[name]
    path = tmp_path / src

    @FUZZ
    @given(text=mutated_csv(_csv_head(src)), how=ENCODINGS)
    def run(text, how):
        data = _encode(text, how)
        path.write_bytes(data)
        _feed(f"table {name}", data, lambda: use(read_table(path)))

    run()


# ---------------------------------------------------------------------------------------------
def test_zz_report_the_corpus(capsys):
    """Prints the tally (run with -s); every input tried gave a coded error or was accepted."""
    total = {k: sum(len(t[k]) for t in TALLY.values()) for k in ("tried", "coded", "accepted")}
    lines = [f"{name:16} tried {len(t['tried']):4}  coded {len(t['coded']):4}  accepted {len(t['accepted']):4}"
             for name, t in sorted(TALLY.items())]
    with capsys.disabled():
        print("\nrobustness corpus:\n  " + "\n  ".join(lines) +
              f"\n  total tried {total['tried']}, coded {total['coded']}, accepted {total['accepted']}")
    for name, found in CRASHES.items():
        print(f"\nCRASHES in {name}:")
        for site, example in found.items():
            print(f"  {site}\n      e.g. {example[:160]!r}")
    for t in TALLY.values():
        assert t["tried"] == t["coded"] | t["accepted"] | t["crashed"]
