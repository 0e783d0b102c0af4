"""The demo's stage results without what changes from run to run (times, absolute paths), for the
snapshot test: a refactoring must leave them the same."""
import json
from pathlib import Path


def normalised_results(run_dir, client_dir) -> dict:
    run_dir, client_dir = str(Path(run_dir)), str(Path(client_dir).resolve())

    def clean(x):
        if isinstance(x, dict):
            return {k: clean(v) for k, v in x.items() if k != "created"}
        if isinstance(x, list):
            return [clean(v) for v in x]
        if isinstance(x, str):
            return x.replace(run_dir, "<run>").replace(client_dir, "<client>")
        return x

    out = {}
    for p in sorted((Path(run_dir) / "results").glob("*.json")):
        doc = json.loads(p.read_text())
        out[p.stem] = clean(doc["data"])
    return out


if __name__ == "__main__":  # python tests/snapshot.py RUN_DIR: rewrite the snapshot from a demo run
    import sys

    root = Path(__file__).resolve().parents[1]
    data = normalised_results(sys.argv[1], root / "datasets" / "demo")
    (root / "tests" / "data" / "demo_results.json").write_text(
        json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
