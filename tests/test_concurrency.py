"""Two writers of one respondent's answers never undo each other (merge per item, under a lock)."""
import json
import os
import subprocess
import sys
import textwrap
import time

import pytest

from sedamkit.core import answers as A
from sedamkit.core.errors import SedamError

from conftest import ROOT


def test_two_saves_from_stale_bases_keep_every_item(spec, tmp_path):
    path = A.answers_path(tmp_path, "01_necessity_feasibility", "ceo")
    # both writers read the (missing) file, then save alternately: different items, then the same one
    A.merge_save(path, spec, "ceo", {"answers": {"talent_specify": 4}})
    A.merge_save(path, spec, "ceo", {"answers": {"funding_budget": 2}, "comments": {"funding_budget": "March"}})
    A.merge_save(path, spec, "ceo", {"answers": {"talent_specify": 5}})
    doc, version = A.merge_save(path, spec, "ceo", {"answers": {"talent_specify": 1, "funding_budget": A.CLEAR}})
    assert doc["answers"] == {"talent_specify": 1} and doc["comments"] == {"funding_budget": "March"}
    assert A.read_answers(path, spec)["answers"] == {"talent_specify": 1}
    assert version == A.file_version(path)


def test_stale_temporaries_of_the_file_are_cleaned_on_the_next_save(spec, tmp_path):
    path = A.answers_path(tmp_path, "01_necessity_feasibility", "ceo")
    path.parent.mkdir(parents=True)
    (path.parent / ".ceo.json.abc123.tmp").write_text("{half")   # a save killed half-way
    (path.parent / ".cfo.json.abc123.tmp").write_text("{")       # another file's: not ours to remove
    A.merge_save(path, spec, "ceo", {"answers": {"talent_specify": 4}})
    assert sorted(f.name for f in path.parent.iterdir()) == [".cfo.json.abc123.tmp", "ceo.json"]


def test_a_held_lock_gives_a_coded_error_after_the_timeout(spec, tmp_path):
    path = A.answers_path(tmp_path, "01_necessity_feasibility", "ceo")
    with A.answers_lock(path):
        t0 = time.monotonic()
        with pytest.raises(SedamError) as ei:
            A.merge_save(path, spec, "ceo", {"answers": {"talent_specify": 4}}, timeout=0.2)
        assert time.monotonic() - t0 < 5
    assert ei.value.codes == ["ANS012"] and ei.value.problems[0].fix
    assert not path.exists()
    A.merge_save(path, spec, "ceo", {"answers": {"talent_specify": 4}}, timeout=0.2)  # released: saves
    assert sorted(f.name for f in path.parent.iterdir()) == ["ceo.json"]   # no lock file left


WRITER = textwrap.dedent("""
    import random, sys, time
    from sedamkit.core.answers import merge_save
    from sedamkit.core.spec import load_spec
    spec = load_spec("necessity_feasibility")
    path, me, items = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(",")
    random.seed(me)
    for n, item in enumerate(items):
        merge_save(path, spec, "ceo", {"answers": {item: 1 + (n + me) % 5, "talent_specify": 1 + me},
                                       "comments": {item: f"writer {me}"}})
        time.sleep(random.random() * 0.01)
    print("done")
""")


def test_two_processes_writing_at_the_same_time_lose_nothing(spec, tmp_path):
    path = A.answers_path(tmp_path, "01_necessity_feasibility", "ceo")
    ids = [i for i in spec.item_ids if i != "talent_specify"][:24]
    halves = {0: ids[0::2], 1: ids[1::2]}
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(me), ",".join(items)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for me, items in halves.items()]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    doc = A.read_answers(path, spec)
    for me, items in halves.items():
        for n, item in enumerate(items):
            assert doc["answers"][item] == 1 + (n + me) % 5, item
            assert doc["comments"][item] == f"writer {me}"
    assert doc["answers"]["talent_specify"] in (1, 2)   # the same item: the later write wins
    assert sorted(f.name for f in path.parent.iterdir()) == ["ceo.json"]
    json.loads(path.read_text())  # and the file is whole


def test_two_processes_alternating_on_the_same_item(spec, tmp_path):
    path = A.answers_path(tmp_path, "01_necessity_feasibility", "ceo")
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    code = ("import sys; from sedamkit.core.answers import merge_save; from sedamkit.core.spec import load_spec; "
            "merge_save(sys.argv[1], load_spec('necessity_feasibility'), 'ceo', "
            "{'answers': {'talent_specify': int(sys.argv[2]), sys.argv[3]: 3}})")
    for value, other in ((2, "funding_budget"), (5, "funding_case"), (3, "talent_learning_time")):
        subprocess.run([sys.executable, "-c", code, str(path), str(value), other], env=env, check=True, timeout=60)
    doc = A.read_answers(path, spec)
    assert doc["answers"] == {"talent_specify": 3, "funding_budget": 3, "funding_case": 3, "talent_learning_time": 3}
