"""Files the kit writes follow the umask, as any program's files do, so colleagues and shared
folders can read them; a file a user restricted keeps its mode when the kit rewrites it."""
import os
import stat

import pytest

from sedamkit.core.fileio import atomic_write_text, write_json, write_new

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def _mode(p):
    return stat.S_IMODE(p.stat().st_mode)


@pytest.fixture
def umask():
    def set_(value):
        set_.old = os.umask(value)
    set_.old = None
    yield set_
    if set_.old is not None:
        os.umask(set_.old)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_files_follow_the_umask(tmp_path, umask, mask, expected):
    umask(mask)
    assert _mode(atomic_write_text(tmp_path / "a.txt", "x")) == expected
    assert _mode(write_json(tmp_path / "b.json", {"a": 1})) == expected
    assert _mode(write_new(tmp_path / "c.txt", "x", "ANS002")) == expected


def test_a_rewritten_file_keeps_its_mode(tmp_path, umask):
    umask(0o022)
    p = atomic_write_text(tmp_path / "private.json", "{}")
    p.chmod(0o600)
    atomic_write_text(p, '{"a": 1}')
    assert _mode(p) == 0o600
    assert p.read_text() == '{"a": 1}'
