"""``python -m sedamkit`` is the ``sedam`` command."""
from .delivery.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
