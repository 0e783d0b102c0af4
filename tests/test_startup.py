"""What a kernel and the ``sedam`` command pay before any work: nothing the kit does not use."""
from __future__ import annotations

import subprocess
import sys


def test_jsonschema_loads_without_compiling_iri_grammars():
    """jsonschema's optional IRI format checks compile ~40 grammars at import when rfc3987_syntax is
    installed (seconds per process); the kit's schemas use no IRI format, so validating a client must not
    import it, and a later import by someone else still works."""
    code = ("import sys\n"
            "from sedamkit.core.config import load_client\n"
            "from sedamkit.core.paths import demo_dir\n"
            "load_client(demo_dir())\n"
            "assert 'jsonschema' in sys.modules, 'the client config was not schema-checked'\n"
            "print('rfc3987_syntax' in sys.modules)\n"
            "try:\n"
            "    import rfc3987_syntax\n"
            "except ImportError:\n"
            "    pass\n"
            "print('rfc3987_syntax' in sys.modules or 'absent')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    first, later = out.stdout.split()
    assert first == "False"
    assert later in ("True", "absent")          # importable afterwards wherever it is installed
