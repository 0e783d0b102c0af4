"""The bench smoke test: `python -m sedamkit.delivery.bench --quick` prints every ratio of issue 18's
table beside its floor, the start-up costs, the app page line and the 2,000-client projection."""
import re
import subprocess
import sys

from sedamkit.delivery.bench import projection


def test_quick_bench_prints_every_ratio_and_the_projection(tmp_path, root):
    r = subprocess.run([sys.executable, "-m", "sedamkit.delivery.bench", "--quick", "kano", "kano_text", "cx",
                        "demo_run", "demo_jobs", "form_click"], capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    out = r.stdout
    for name in ("kano", "kano_text", "cx", "demo_run", "demo_jobs", "form_click"):
        line = next(ln for ln in out.splitlines() if ln.startswith(name + " "))
        ours, base, ratio = (float(x) for x in re.findall(r"\d+\.\d+", line)[-3:])
        assert ours > 0 and ratio > 0
        if base >= 0.1:  # the printed times have three decimals
            assert abs(ratio - ours / base) < 0.02 * ratio + 0.01
    assert re.search(r"import sedamkit\s+\d+\.\d+ s", out)
    assert re.search(r"open_stage \(stage 01\)\s+\d+\.\d+ s", out)
    assert re.search(r"preheated app page\s+(\d+\.\d+ s|n/a: .+)", out)
    for w in (1, 2, 16, 64):
        assert re.search(rf"^\s+{w} workers?\s+\d+\.\d+ h", out, re.M), out


def test_projection_divides_the_clients_over_the_workers():
    p = projection(18.0, 2000, (1, 2, 16, 64))
    assert p[1] == 10.0 and p[2] == 5.0 and p[64] == round(32 * 18 / 3600, 2)
