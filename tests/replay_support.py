"""Shared by the tests/test_replay_*.py files: the fixture suite and ways to run the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tsumitate_cli.main import cli

HERE = Path(__file__).parent
SUITE = HERE / "fixtures" / "replay" / "suite"  # 5 scenarios in 4 files, all passing (values worked out by hand)
REPO = HERE.parent
RULES = REPO / "rules"
SCENARIO_COUNT = 5
VA_FILE = "voluntary_300k.yaml"
TOKYO_FILE = "tokyo/refunds.yaml"


def copy_suite(tmp_path: Path, name: str = "suite") -> Path:
    target = tmp_path / name
    shutil.copytree(SUITE, target)
    return target


def run(*args: str, cwd: Path | None = None):
    """The CLI in this process (Click's runner): exit code, stdout and stderr kept apart."""
    runner = CliRunner()
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(cli, list(args), catch_exceptions=False, env={"TSUMITATE_LANG": "en"})  # tests quote English problem texts
    finally:
        os.chdir(old)


def run_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The CLI as a real subprocess, as a user or a CI job runs it."""
    exe = Path(sys.executable).parent / "tsumitate"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tsumitate_cli.main"]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, cwd=cwd, timeout=300,
                          env={**os.environ, "TSUMITATE_LANG": "en"})  # tests quote English problem texts


def last_line(text: str) -> str:
    return text.rstrip("\n").splitlines()[-1]
