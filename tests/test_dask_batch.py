"""`sedam batch` on Dask: three clients on a LocalCluster bound to 127.0.0.1 give the same results,
summary and statuses as the process pool; asking for Dask without it installed is a coded error."""
import shutil
import sys

import pytest

from conftest import ROOT
from snapshot import normalised_results
from sedamkit.core.errors import SedamError
from sedamkit.delivery.batch import run_batch

STAGES = ["01_necessity_feasibility", "02_daap"]


def _clients(base, n=3):
    dirs = []
    for i in range(n):
        d = base / f"branch{i}"
        shutil.copytree(ROOT / "datasets/demo", d)
        cfg = d / "client.yaml"
        text = cfg.read_text()
        ident = next(line for line in text.splitlines() if line.startswith("id:"))
        cfg.write_text(text.replace(ident, f"id: branch{i}"))
        dirs.append(d)
    return dirs


def test_three_clients_on_a_local_cluster_match_the_process_pool(tmp_path):
    pytest.importorskip("distributed")
    clients = _clients(tmp_path / "clients")
    pool = run_batch(clients, runs_root=tmp_path / "pool", workers=2, stages=STAGES, progress=False, pdf=False)
    dask = run_batch(clients, runs_root=tmp_path / "dask", workers=2, stages=STAGES, progress=False, pdf=False,
                     dask="local")
    assert list(dask.columns) == list(pool.columns)
    assert dask["client"].tolist() == pool["client"].tolist() == ["branch0", "branch1", "branch2"]
    assert (dask["status"] == "ok").all() and (pool["status"] == "ok").all(), dask.to_string()
    for (_, p), (_, d) in zip(pool.iterrows(), dask.iterrows()):
        assert str(tmp_path / "dask") in d["run_dir"]
        assert normalised_results(d["run_dir"], tmp_path / "clients" / d["client"]) == \
            normalised_results(p["run_dir"], tmp_path / "clients" / p["client"]) != {}


def test_a_bad_client_fails_alone_on_dask(tmp_path):
    pytest.importorskip("distributed")
    good, bad = _clients(tmp_path / "clients", 2)
    (bad / "client.yaml").write_text("id: [not, an, id\n")
    s = run_batch([good, bad], runs_root=tmp_path / "runs", workers=2, stages=STAGES[:1], progress=False,
                  pdf=False, dask="local")
    assert dict(zip(s["client"], s["status"])) == {"branch0": "ok", "branch1": "invalid"}


def test_dask_asked_for_but_not_installed_is_a_coded_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now raises ImportError
    with pytest.raises(SedamError) as ei:
        run_batch(_clients(tmp_path, 1), runs_root=tmp_path / "runs", progress=False, dask="local")
    assert ei.value.codes == ["RUN010"] and "sedamkit[dask]" in str(ei.value)


def test_an_unreachable_scheduler_is_a_coded_error(tmp_path):
    pytest.importorskip("distributed")
    with pytest.raises(SedamError) as ei:
        run_batch(_clients(tmp_path, 1), runs_root=tmp_path / "runs", progress=False, dask="tcp://127.0.0.1:9")
    assert ei.value.codes == ["RUN011"] and "127.0.0.1:9" in str(ei.value)
