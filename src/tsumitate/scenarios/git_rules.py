"""``diff --base HEAD~1``: the rules directory as it was at a git revision, in a temporary folder.

The repository is found from the rules directory being compared (``--rules``), else from
``rules/`` under the working directory, else from the shipped rules of a source checkout;
the same relative folder is exported with ``git archive`` at the revision.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from ..errors import InputError, M


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def _repo_and_folder(candidates: list[Path]) -> tuple[Path, str] | None:
    for c in candidates:
        if not c.is_dir():
            continue
        top = _git(c, "rev-parse", "--show-toplevel")
        if top.returncode != 0:
            continue
        root = Path(top.stdout.decode().strip()).resolve()
        try:
            return root, c.resolve().relative_to(root).as_posix()
        except ValueError:
            continue
    return None


def export_rules_at(revision: str, candidates: list[Path], into: Path) -> Path:
    """Export the rules folder at ``revision`` under ``into``; ``InputError`` when there is no such revision or folder."""
    found = _repo_and_folder(candidates)
    what = f"--base {revision}"
    if found is None:
        raise InputError.single(revision, None, "--base",
                                M("フォルダではなく、リビジョンを読み出せる git リポジトリにもルールのフォルダがありません",
                                  "not a directory, and no git repository holds the rules directory to read a revision from"))
    repo, folder = found
    if _git(repo, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode != 0:
        raise InputError.single(revision, None, "--base", M(f"フォルダでも、git リポジトリ {repo} のリビジョンでもありません",
                                                           f"not a directory and not a revision of the git repository {repo}"))
    archive = _git(repo, "archive", "--format=tar", revision, "--", folder)
    if archive.returncode != 0:
        msg = archive.stderr.decode(errors="replace").strip().splitlines()
        detail = f" ({msg[-1]})" if msg else ""
        raise InputError.single(revision, None, "--base", M(f"{what}: そのリビジョンに {folder}/ がありません{detail}",
                                                           f"{what}: {folder}/ does not exist at that revision{detail}"))
    target = into
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, filter="data")
        else:  # pragma: no cover - Python before 3.11.4
            tar.extractall(target)
    return target / folder
