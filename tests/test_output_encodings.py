"""Output to a stream that is not UTF-8: a Windows office redirecting results to a file (CP932),
a terminal set to EUC-JP. What the encoding cannot hold is written as ``\\uXXXX``; nothing stops
with a traceback, and JSON output stays JSON with the same data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# A creditor's name with characters neither CP932 nor EUC-JP has: an em dash (U+2014) and an emoji.
CASE = """\
case_id: 文字コードの確認
as_of: 2026-11-25
procedure: auto
court: tokyo
representation: lawyer
household: {monthly_income: 300000, monthly_expenses: 200000}
debts:
  - {creditor: "株式会社ABC—東京😀", amount: 1200000, kind: consumer_finance}
  - {creditor: 楽天カード株式会社, amount: 800000, kind: credit_card}
"""


def _evaluate(case: Path, encoding: str, *args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "tsumitate"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tsumitate_cli.main"]
    return subprocess.run(cmd + ["evaluate", *args, str(case)], capture_output=True, timeout=300,
                          env={**os.environ, "PYTHONIOENCODING": encoding})


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp"])
def test_a_result_written_to_a_japanese_legacy_encoding_keeps_every_figure_and_name(tmp_path, encoding):
    """The name comes back whole: its em dash and emoji as JSON escapes, which a JSON reader turns back."""
    case = tmp_path / "case.yaml"
    case.write_text(CASE, encoding="utf-8")
    utf8 = _evaluate(case, "utf-8", "--format", "json")
    legacy = _evaluate(case, encoding, "--format", "json")
    assert utf8.returncode == 0 and legacy.returncode == 0, legacy.stderr.decode(encoding, "replace")
    assert b"Traceback" not in legacy.stderr
    text = legacy.stdout.decode(encoding)  # every byte is the encoding's own
    assert "\\u2014" in text and "\\ud83d\\ude00" in text
    expected = utf8.stdout.decode("utf-8")
    if encoding == "cp932":  # CP932 writes the wave dash 〜 (U+301C) as its own ～ (U+FF5E), for every program on Windows
        expected = expected.replace("\u301c", "\uff5e")
    assert json.loads(text) == json.loads(expected)


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp"])
def test_the_text_summary_in_a_legacy_encoding_shows_what_it_cannot_hold_written_out(tmp_path, encoding):
    case = tmp_path / "case.yaml"
    case.write_text(CASE, encoding="utf-8")
    legacy = _evaluate(case, encoding, "--format", "text")
    assert legacy.returncode == 0 and b"Traceback" not in legacy.stderr
    text = legacy.stdout.decode(encoding)
    assert "株式会社ABC\\u2014東京\\ud83d\\ude00" in text  # in the per-creditor plan and the vote warning
    assert "推奨: 任意整理" in text and "33,400円" in text  # the rest is the encoding's own characters
