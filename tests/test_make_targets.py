"""`make run` installs only the runtime requirements; `make test` adds the test tools (two stamps)."""

import shutil
import subprocess

from django.conf import settings


def planned_commands(tmp_path, target: str) -> str:
    """What make would run for target in a fresh copy of the project (nothing installed yet)."""
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt"):
        shutil.copy(settings.BASE_DIR / name, tmp_path / name)
    completed = subprocess.run(["make", "-n", target], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_make_run_installs_only_the_runtime_requirements(tmp_path):
    commands = planned_commands(tmp_path, "run")
    assert "-r requirements.txt" in commands
    assert "requirements-dev.txt" not in commands


def test_make_test_adds_the_test_tools(tmp_path):
    commands = planned_commands(tmp_path, "test")
    assert commands.index("-r requirements.txt") < commands.index("-r requirements-dev.txt")
    assert "pytest" in commands
