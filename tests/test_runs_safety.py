"""Nothing lost, nothing injected, never a traceback: paths stay in the client folder, outputs stay out
of it, silent accepts are refused, workers die with their parent, interrupted runs say so and leave
no kernel files behind."""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml
from pathlib import Path

from sedamkit import batch, runner
from sedamkit.core.config import load_client, validate_client_config
from sedamkit.core.errors import SedamError


def _edit(client, **fields):
    cfg = yaml.safe_load((client / "client.yaml").read_text())
    for k, v in fields.items():
        if v is None:
            cfg.pop(k, None)
        else:
            cfg[k] = v
    (client / "client.yaml").write_text(yaml.safe_dump(cfg, sort_keys=False))
    return cfg


def _codes(client):
    with pytest.raises(SedamError) as ei:
        load_client(client)
    return ei.value


# -- 1. paths an input names stay inside the client folder -------------------------------------------

@pytest.fixture
def outside(tmp_path):
    d = tmp_path / "elsewhere"
    d.mkdir()
    (d / "ops.csv").write_text("region,month\nNorth,2025-01\n")
    (d / "plan.yaml").write_text("goals: []\n")
    return d


def test_absolute_path_outside_is_refused_naming_field_and_fix(demo_copy, outside):
    _edit(demo_copy, data={"operations": str(outside / "ops.csv")})
    err = _codes(demo_copy)
    assert err.codes == ["CFG009"]
    p = err.problems[0]
    assert p.where == "data.operations" and "absolute" in p.message and "allow_outside" in p.fix


def test_dotdot_escaping_the_folder_is_refused(demo_copy, outside):
    _edit(demo_copy, plan="../elsewhere/plan.yaml")
    err = _codes(demo_copy)
    assert err.codes == ["CFG009"] and err.problems[0].where == "plan" and "'..'" in err.problems[0].message


def test_dotdot_staying_inside_is_fine(demo_copy):
    _edit(demo_copy, plan="data/../plan.yaml")
    assert load_client(demo_copy)["plan"] == "data/../plan.yaml"


@pytest.mark.parametrize("field", ["journey", "application"])
def test_symlink_pointing_outside_is_refused(demo_copy, outside, field):
    (demo_copy / "link.yaml").symlink_to(outside / "plan.yaml")
    _edit(demo_copy, **{field: "link.yaml"})
    err = _codes(demo_copy)
    assert err.codes == ["CFG009"] and err.problems[0].where == field and "symlink" in err.problems[0].message


def test_symlinked_data_folder_is_refused(demo_copy, outside):
    (demo_copy / "shared").symlink_to(outside, target_is_directory=True)
    _edit(demo_copy, data={"operations": "shared/ops.csv"})
    assert _codes(demo_copy).codes == ["CFG009"]


def test_allow_outside_lets_a_named_folder_in(demo_copy, outside):
    _edit(demo_copy, data={"operations": str(outside / "ops.csv")}, allow_outside=[str(outside)])
    assert load_client(demo_copy)["data"]["operations"].endswith("ops.csv")
    # relative to the client folder works too; other folders stay refused
    _edit(demo_copy, data={"operations": "../elsewhere/ops.csv"}, allow_outside=["../elsewhere"])
    load_client(demo_copy)
    _edit(demo_copy, data={"operations": "../elsewhere/ops.csv"}, allow_outside=["../other"])
    assert _codes(demo_copy).codes == ["CFG009"]


def test_allow_outside_must_be_a_list_of_paths(demo_copy):
    _edit(demo_copy, allow_outside="/srv")
    assert _codes(demo_copy).codes == ["CFG002"]


def test_the_template_documents_allow_outside(root):
    text = (root / "sedamkit/templates/client/client.yaml").read_text()
    assert re.search(r"^allow_outside: \[\]$", text, re.M) and "CFG009" in text


def test_run_refuses_an_outside_path_before_anything_is_written(demo_copy, outside, tmp_path):
    _edit(demo_copy, journey=str(outside / "plan.yaml"))
    with pytest.raises(SedamError) as ei:
        runner.run_client(demo_copy, runs_root=tmp_path / "runs", log=None)
    assert "CFG009" in ei.value.codes
    assert not (tmp_path / "runs").exists()


# -- 3. silent accepts ------------------------------------------------------------------------------

def test_thresholds_for_a_misspelt_questionnaire(demo_copy):
    _edit(demo_copy, thresholds={"necesity_feasibility": {"go_min_overall": 65}})
    err = _codes(demo_copy)
    assert err.codes == ["CFG007"]
    assert err.problems[0].where == "thresholds.necesity_feasibility" and "'necessity_feasibility'" in err.problems[0].fix


@pytest.mark.parametrize("over", [
    {"not_now_below": 80, "go_min_overall": 60},
    {"not_now_below": 75},        # above the questionnaire's go_min_overall (70)
    {"go_min_overall": 30},       # below the questionnaire's not_now_below (40)
])
def test_inconsistent_thresholds(demo_copy, over):
    _edit(demo_copy, thresholds={"necessity_feasibility": over})
    err = _codes(demo_copy)
    assert err.codes == ["CFG010"] and "not_now_below" in err.problems[0].message


def test_consistent_thresholds_pass():
    cfg = {"name": "X", "id": "x", "thresholds": {"necessity_feasibility": {"not_now_below": 50, "go_min_overall": 50}}}
    assert not validate_client_config(cfg, "client.yaml")


# -- 2. outputs never go into the client folder -------------------------------------------------------

def _cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "sedamkit.delivery.cli", *map(str, args)], capture_output=True,
                          text=True, **kw)


def _can_mount_read_only() -> bool:
    """Root ignores file modes; a read-only bind mount in a private mount namespace stops root too."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount --bind / / 2>/dev/null && echo ok"],
                           capture_output=True, text=True)
    return probe.stdout.strip() == "ok"


def _cli_read_only(folder, *args):
    """``sedam ARGS`` with ``folder`` not writable: by its mode for a user, by a read-only mount for root."""
    folder = Path(folder)
    if os.geteuid() != 0:
        folder.chmod(0o500)
        try:
            return _cli(*args)
        finally:
            folder.chmod(0o700)
    cmd = " ".join(shlex.quote(str(a)) for a in [sys.executable, "-m", "sedamkit.delivery.cli", *args])
    f = shlex.quote(str(folder))
    return subprocess.run(["unshare", "-m", "sh", "-c",
                           f"mount --bind {f} {f} && mount -o remount,bind,ro {f} && exec {cmd}"],
                          capture_output=True, text=True)


needs_read_only = pytest.mark.skipif(os.geteuid() == 0 and not _can_mount_read_only(),
                                     reason="running as root without mount namespaces: nothing is read-only to root")


@pytest.mark.parametrize("param", ["output_dir={c}", "output_dir={c}/results", "answers_dir={c}/answers",
                                   "output_dir={c}/data/../out", "interactive=true"])
def test_run_refuses_outputs_into_the_client_folder(demo_copy, tmp_path, param):
    before = sorted(p.relative_to(demo_copy) for p in demo_copy.rglob("*"))
    r = _cli("run", demo_copy, "--out", tmp_path / "runs", "-q", "--no-pdf", "--stages", "01",
             "-p", param.format(c=demo_copy))
    assert r.returncode == 1 and "RUN005" in r.stderr and "Nothing was run" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "runs").exists()
    assert sorted(p.relative_to(demo_copy) for p in demo_copy.rglob("*")) == before


def test_runs_folder_inside_the_client_folder_is_refused(demo_copy):
    with pytest.raises(SedamError) as ei:
        runner.run_client(demo_copy, runs_root=demo_copy / "runs", stages=["01"], log=None)
    assert ei.value.codes == ["RUN005"] and ei.value.problems[0].where == "--out"
    assert not (demo_copy / "runs").exists()


def test_interactive_false_and_outside_output_dir_are_accepted_by_the_check(demo_copy, tmp_path):
    from sedamkit.core.errors import Problems

    probs = Problems()
    runner._check_outputs(demo_copy, {"interactive": False, "output_dir": str(tmp_path / "x")}, tmp_path / "runs",
                          probs)
    assert not probs


@pytest.mark.parametrize("stages", [",", " , ", "01,,02", ""])
def test_empty_stage_ids_on_the_command_line_are_refused(demo_copy, tmp_path, stages):
    r = _cli("run", demo_copy, "--out", tmp_path / "runs", "-q", "--no-pdf", "--stages", stages)
    assert r.returncode == 1 and "PARAM005" in r.stderr and "Nothing was run" in r.stderr, r.stderr
    assert not (tmp_path / "runs").exists()


def test_an_empty_stages_list_in_the_config_is_run004(demo_copy, tmp_path):
    _edit(demo_copy, stages=[])
    with pytest.raises(SedamError) as ei:
        runner.run_client(demo_copy, runs_root=tmp_path / "runs", log=None)
    assert ei.value.codes == ["RUN004"] and "empty" in str(ei.value)
    assert not (tmp_path / "runs").exists()


def test_the_orientation_stage_is_never_run(demo_copy, tmp_path):
    with pytest.raises(SedamError) as ei:
        runner.run_client(demo_copy, runs_root=tmp_path / "runs", stages=["00"], log=None)
    assert ei.value.codes == ["RUN004"] and "teaching only" in str(ei.value)
    assert not (tmp_path / "runs").exists()


def test_repeated_stage_ids_run_once():
    from sedamkit.stages import run_order

    assert run_order(["01", "1", "01_necessity_feasibility"]) == ["01_necessity_feasibility"]


# -- 5./6. interrupted runs, broken manifests, unwritable folders --------------------------------------

def _fake_run(tmp_path, **manifest):
    run = tmp_path / "runs" / "demo" / "20250101-000000"
    (run / "results").mkdir(parents=True)
    (run / "run.json").write_text(json.dumps({"client": "demo", "status": "running", "stages": [], **manifest}))
    return run


def _dead_pid():
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_a_running_run_whose_process_is_gone_is_interrupted(tmp_path):
    import socket

    host = socket.gethostname()
    assert runner.run_state({"status": "running", "pid": _dead_pid(), "host": host}) == "interrupted"
    assert runner.run_state({"status": "running", "pid": os.getpid(), "host": host,
                             "pid_started": runner._proc_start(os.getpid())}) == "running"
    # a reused pid: alive, but started at another time
    assert runner.run_state({"status": "running", "pid": os.getpid(), "host": host, "pid_started": -1}) == "interrupted"
    assert runner.run_state({"status": "running", "pid": 1, "host": "another-host"}) == "running"
    assert runner.run_state({"status": "ok", "pid": _dead_pid(), "host": host}) == "ok"


def test_sedam_report_shows_an_interrupted_run(tmp_path):
    import socket

    run = _fake_run(tmp_path, pid=_dead_pid(), host=socket.gethostname(), started="2025-01-01T00:00:00+00:00")
    r = _cli("report", run, "--no-pdf")
    assert r.returncode == 0 and "interrupted" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert (run / "report.html").is_file()


@pytest.mark.parametrize("text", ["{oops", "[1, 2]", '{"stages": "all"}', '{"parameters": 3}', '{"stages": [1]}',
                                  "\udcff"])
def test_a_broken_run_json_is_a_coded_error(tmp_path, text):
    run = _fake_run(tmp_path)
    if text == "\udcff":
        (run / "run.json").write_bytes(b"\xff\xfe\x00garbage")
    else:
        (run / "run.json").write_text(text)
    r = _cli("report", run, "--no-pdf")
    assert r.returncode == 1 and "RUN006" in r.stderr and "Traceback" not in r.stderr, r.stderr


@needs_read_only
def test_a_read_only_runs_folder_is_a_coded_error(demo_copy, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    r = _cli_read_only(ro, "run", demo_copy, "--out", ro, "-q", "--no-pdf", "--stages", "01")
    assert r.returncode == 1 and "RUN007" in r.stderr and "Traceback" not in r.stderr, r.stderr


@needs_read_only
def test_a_read_only_run_folder_under_sedam_report_is_a_coded_error(tmp_path):
    run = _fake_run(tmp_path, status="ok")
    r = _cli_read_only(run, "report", run, "--no-pdf")
    assert r.returncode == 1 and "RUN007" in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_ctrl_c_marks_the_run_interrupted_and_cleans_up(demo_copy, tmp_path, monkeypatch):
    import papermill

    def interrupted(*a, **kw):
        runner.IPCKernelManager(kernel_name="python3")  # a manager was made; its files must go
        raise KeyboardInterrupt

    monkeypatch.setattr(papermill, "execute_notebook", interrupted)
    with pytest.raises(KeyboardInterrupt):
        runner.run_client(demo_copy, runs_root=tmp_path / "runs", stages=["01"], progress=False, log=None)
    run = next((tmp_path / "runs" / "demo").iterdir())
    m = json.loads((run / "run.json").read_text())
    assert m["status"] == "interrupted" and m["stages"][0]["status"] == "interrupted"
    assert m["pid"] == os.getpid() and m["host"]
    assert runner._MANAGERS == []


def test_a_runs_folder_that_is_a_file_is_a_coded_error(demo_copy, tmp_path):
    (tmp_path / "runs").write_text("not a folder")
    r = _cli("run", demo_copy, "--out", tmp_path / "runs", "-q", "--no-pdf", "--stages", "01")
    assert r.returncode == 1 and "RUN007" in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_a_report_that_cannot_be_written_is_a_coded_error(tmp_path):
    run = _fake_run(tmp_path, status="ok")
    (run / "report.html").mkdir()  # in the way, whoever runs the test (root ignores read-only modes)
    r = _cli("report", run, "--no-pdf")
    assert r.returncode == 1 and "RUN007" in r.stderr and "Traceback" not in r.stderr, r.stderr


# -- 5. no kernel file is left behind -----------------------------------------------------------------

@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """A temp folder and Jupyter runtime folder of our own, so other processes' files do not count."""
    import tempfile

    tmp, rt = tmp_path / "tmp", tmp_path / "runtime"
    tmp.mkdir()
    rt.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(rt))
    return tmp, rt


def _leftovers(tmp, rt):
    return sorted(str(p) for p in [*tmp.glob("sedam-*-ipc*"), *rt.glob("kernel-*.json")])


def test_no_kernel_file_is_left_after_a_normal_run(demo_copy, tmp_path, private_tmp):
    run = runner.run_client(demo_copy, runs_root=tmp_path / "runs", stages=["01"], progress=False, log=None,
                            report=False)
    assert json.loads((run / "run.json").read_text())["status"] == "ok"
    assert _leftovers(*private_tmp) == [] and runner._MANAGERS == []


def test_no_kernel_file_is_left_after_a_failing_run(demo_copy, tmp_path, private_tmp, monkeypatch, root):
    import nbformat

    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    nb = nbformat.read(root / "notebooks/01_necessity_feasibility.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("raise RuntimeError('broken on purpose')"))
    nbformat.write(nb, nbdir / "01_necessity_feasibility.ipynb")
    monkeypatch.setattr("sedamkit.core.paths.notebooks_dir", lambda: nbdir)
    with pytest.raises(runner.RunFailed):
        runner.run_client(demo_copy, runs_root=tmp_path / "runs", stages=["01"], progress=False, log=None)
    assert _leftovers(*private_tmp) == [] and runner._MANAGERS == []


# -- 4. batch workers die with their parent ---------------------------------------------------------

def _tree(pid):
    """{pid: (start time, command line)} of every process below ``pid``."""
    out = {}
    for child in batch.descendants(pid):
        try:
            cmd = open(f"/proc/{child}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        out[child] = (runner._proc_start(child), cmd)
    return out


def _still_alive(pid, started):
    s = runner._proc_start(pid)  # None when gone or a zombie
    return s is not None and s == started


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_batch_workers_and_kernels_die_with_their_parent(tmp_path, root):
    import shutil
    import signal
    import time

    clients = []
    for name in ("alpha", "beta"):
        d = tmp_path / "clients" / name
        shutil.copytree(root / "datasets/demo", d)
        cfg = d / "client.yaml"
        cfg.write_text(cfg.read_text().replace("id: demo", f"id: {name}")
                       .replace("stages: all", "stages: [01_necessity_feasibility]"))
        clients.append(d)
    parent = subprocess.Popen([sys.executable, "-m", "sedamkit.delivery.cli", "batch", *map(str, clients), "--out",
                               str(tmp_path / "runs"), "--workers", "2", "-q", "--no-pdf"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    seen = {}
    try:
        deadline = time.time() + 180
        while time.time() < deadline and parent.poll() is None:
            seen.update(_tree(parent.pid))
            if any("ipykernel" in cmd for _, cmd in seen.values()):
                break
            time.sleep(0.2)
        assert parent.poll() is None, "the batch finished before a kernel started"
        seen.update(_tree(parent.pid))
        assert any("spawn_main" in cmd for _, cmd in seen.values()), seen
        assert any("ipykernel" in cmd for _, cmd in seen.values()), seen
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        time.sleep(5)
        alive = {p: cmd for p, (started, cmd) in seen.items() if _still_alive(p, started)}
        assert alive == {}
    finally:
        for p, (started, _) in seen.items():
            if _still_alive(p, started):
                os.kill(p, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()
    for run in (tmp_path / "runs").glob("*/*/run.json"):
        assert runner.run_state(json.loads(run.read_text())) == "interrupted"
