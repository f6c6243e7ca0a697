"""The documentation ships and works: generated reference docs match the code, and every
`tsumitate` command in README.md and docs/ runs (no "no such file", no traceback, no exit 2)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tsumitate import docs_gen

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

# Placeholders a reader substitutes with their own: the sandbox provides them as copies of the shipped ones.
OWN_RULES = ("my-rules", "rules-2025", "DIR")
# Commands that serve until stopped: the web tests start the server on a free port instead.
LONG_RUNNING = ("tsumitate serve",)


def _shell_blocks(text: str) -> list[list[str]]:
    """The lines of each fenced block written as shell (sh, bash, console or no language), fence by fence.

    Read line by line so that a ```yaml block's closing fence is never taken for an opening one.
    """
    blocks, current, lang = [], None, None
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            if current is None:
                lang, current = line.strip()[3:].strip(), []
            else:
                if lang in ("sh", "bash", "console", ""):
                    blocks.append(current)
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def documented_commands() -> list[tuple[str, str]]:
    out = []
    for doc in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        for block in _shell_blocks(text):
            for line in block:
                line = line.strip()
                m = re.search(r"(?:^|&& )(tsumitate [^#]*?)\s*(?:#.*)?$", line)
                if m:
                    out.append((doc.name, m.group(1).strip()))
    return out


@pytest.mark.parametrize("name", sorted(docs_gen.DOCUMENTS))
def test_the_reference_documents_are_generated_from_the_code_as_they_are_now(name):
    written = (DOCS / name).read_text(encoding="utf-8")
    assert written == docs_gen.DOCUMENTS[name](), f"docs/{name} is stale: run python -m tsumitate.docs_gen docs/"


def test_every_result_key_is_documented_and_every_documented_key_exists(evaluator):
    from tsumitate.pipeline import evaluate_file

    seen: set[str] = set()
    for case in sorted((DOCS / "examples").glob("*.yaml")):
        outcome = evaluate_file(evaluator, case)
        assert outcome.ok, outcome.problems
        seen |= set(outcome.result)
    assert seen <= set(docs_gen.RESULT_FIELDS), seen - set(docs_gen.RESULT_FIELDS)
    assert set(docs_gen.RESULT_FIELDS) <= seen, set(docs_gen.RESULT_FIELDS) - seen


def test_every_case_file_field_has_a_row():
    from tsumitate.model.case import Case

    paths = {row[0] for row in docs_gen.case_rows()}
    assert set(Case.model_fields) <= paths
    schema = json.dumps(Case.model_json_schema())
    for path in paths:
        assert path.split(".")[-1].replace("[]", "") in schema


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """A clone of the repository (git history for diff --base) with the readers' own folders provided."""
    box = tmp_path_factory.mktemp("docs") / "repo"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(box)], check=True)
    for part in ("README.md", "docs", "rules", "scenarios"):  # the working tree as it is now
        src = ROOT / part
        dest = box / part
        if src.is_dir():
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(src, dest)
        else:
            shutil.copy(src, dest)
    for own in OWN_RULES:
        shutil.copytree(ROOT / "rules", box / own)
    subprocess.run(["git", "-C", str(box), "branch", "-f", "main", "HEAD"], check=False, capture_output=True)
    return box


COMMANDS = documented_commands()


def test_the_readme_documents_commands_at_all():
    assert len(COMMANDS) >= 30


@pytest.mark.parametrize("doc, command", COMMANDS, ids=[c for _, c in COMMANDS])
def test_a_documented_command_runs(sandbox, doc, command):
    if command.startswith(LONG_RUNNING):
        pytest.skip("serves until stopped; tests/test_web_*.py start it on a free port")
    exe = Path(sys.executable).with_name("tsumitate")
    argv = [str(exe) if exe.exists() else sys.executable] + ([] if exe.exists() else ["-m", "tsumitate_cli.main"])
    import shlex

    args = shlex.split(command)[1:]
    stdin = "1\n0\n1\ns\n" * 12 if args and args[0] == "quiz" else ""
    done = subprocess.run(argv + args, cwd=sandbox, capture_output=True, text=True, timeout=600, input=stdin,
                          env={**os.environ, "TSUMITATE_LANG": "ja"})
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert "ファイルがありません" not in done.stderr and "no such file" not in done.stderr.lower(), done.stderr[-2000:]
    # 0: done; 1: replay/diff found a mismatch or a change (their documented meaning); 2: bad input
    assert done.returncode in (0, 1), f"{doc}: {command}\n{done.stdout[-1500:]}\n{done.stderr[-1500:]}"
