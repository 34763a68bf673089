"""
``make run``: it serves on HOST:PORT (8000 by default) and checks that port before it installs,
migrates and loads the demo, so a busy port fails in a second with a message saying what to do.
"""

import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _make(tmp_path, *args):
    """``make`` on a copy of the Makefile and bin/port-free, with empty requirements to install."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "bin").mkdir(exist_ok=True)
    shutil.copy(ROOT / "bin" / "port-free", tmp_path / "bin" / "port-free")
    for name in ("requirements.txt", "requirements-dev.txt"):
        (tmp_path / name).write_text("")
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(tmp_path), *args, f"PYTHON={sys.executable}"],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_make_run_on_a_busy_port_stops_before_installing_and_says_how_to_pick_another(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _make(tmp_path, "run", f"PORT={port}")
    assert result.returncode != 0
    assert f"cannot serve on 127.0.0.1:{port}: another program is using it" in result.stderr
    assert "make run PORT=8101" in result.stderr
    assert not (tmp_path / ".venv").exists() and not (tmp_path / "var").exists()


def test_a_free_port_passes_the_check(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = _make(tmp_path, "port-free", f"PORT={port}")
    assert result.returncode == 0, result.stderr


def test_a_port_that_is_no_port_is_refused(tmp_path):
    result = _make(tmp_path, "run", "PORT=80000")
    assert result.returncode != 0 and "PORT=80000 is not a TCP port" in result.stderr
    assert not (tmp_path / ".venv").exists()


def test_make_run_checks_the_port_first_and_serves_on_host_and_port(tmp_path):
    steps = _make(tmp_path, "--dry-run", "run", "HOST=0.0.0.0", "PORT=8101").stdout.splitlines()
    assert "bin/port-free 0.0.0.0 8101" in steps[0]
    assert steps[-1].endswith("manage.py runserver 0.0.0.0:8101")


def test_make_run_serves_on_8000_by_default(tmp_path):
    steps = _make(tmp_path, "--dry-run", "run").stdout.splitlines()
    assert "bin/port-free 127.0.0.1 8000" in steps[0]
    assert steps[-1].endswith("manage.py runserver 127.0.0.1:8000")
