"""Memory: stage 04 on a customer survey of 2,000,000 rows stays under 1 GB of peak resident memory
(measured in a fresh interpreter, so nothing else counts)."""
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT

ROWS = 2_000_000
LIMIT_MB = 1024

_PROBE = """
import resource, sys
from sedamkit.core.config import load_client
from sedamkit.core.stagedef import ref
from sedamkit.stages import REGISTRY, get
client = load_client(sys.argv[1], stage_ids=REGISTRY)
client.setdefault("id", "big")
result = ref(get("04_customer_experience").compute)(client)
assert result, "no result"
print("PEAK_MB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print("LAST_QUARTER_N", result["metrics"]["overall"]["nps"]["n"])
"""


@pytest.fixture(scope="module")
def big_client(tmp_path_factory):
    d = tmp_path_factory.mktemp("big") / "big"
    shutil.copytree(ROOT / "datasets/demo", d)
    demo = pd.read_csv(d / "data/cx_survey.csv")
    reps = -(-ROWS // len(demo))
    big = pd.concat([demo] * reps, ignore_index=True).iloc[:ROWS]
    big["response_id"] = np.char.add("R", np.arange(ROWS).astype(str))
    big.to_csv(d / "data/cx_survey.csv", index=False)
    return d


def test_stage04_on_two_million_customer_rows_stays_under_1_gb(big_client):
    r = subprocess.run([sys.executable, "-c", _PROBE, str(big_client)], capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    peak = float(next(ln.split()[1] for ln in r.stdout.splitlines() if ln.startswith("PEAK_MB")))
    n = int(next(ln.split()[1] for ln in r.stdout.splitlines() if ln.startswith("LAST_QUARTER_N")))
    assert n > 200_000, f"the last quarter counts {n} responses: the big survey was not read"
    print(f"stage 04 peak RSS with {ROWS:,} rows: {peak:.0f} MB")
    assert peak < LIMIT_MB, f"stage 04 peaked at {peak:.0f} MB with {ROWS:,} customer rows"
