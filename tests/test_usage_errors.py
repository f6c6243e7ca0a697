"""A command typed wrongly gets one line, in Japanese unless English was asked for, and exit 2:
as every other bad input does, not Click's four English lines."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT


def tsumitate(*args: str, lang: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TSUMITATE_LANG"}
    if lang:
        env["TSUMITATE_LANG"] = lang
    program = "import sys; sys.argv[0] = 'tsumitate'; from tsumitate_cli.program import main; main()"
    return subprocess.run([sys.executable, "-c", program, *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)  # the console script's entry point, named as a user types it


@pytest.mark.parametrize("args, line", [
    (("evaluate",), "tsumitate evaluate: 引数 FILES がありません（使い方: tsumitate evaluate --help）"),
    (("evaluate", "--bogus", "case.yaml"),
     "tsumitate evaluate: オプション --bogus はありません（--amounts のことですか）（使い方: tsumitate evaluate --help）"),
    (("evaluate", "case.yaml", "--format"), "tsumitate evaluate: オプション --format には値が必要です（使い方: tsumitate evaluate --help）"),
    (("convert", "case.xlsx"), "tsumitate convert: オプション -o / --output を指定してください（使い方: tsumitate convert --help）"),
    (("kakunin",), "tsumitate: コマンド 'kakunin' はありません（使い方: tsumitate --help）"),
    (("rules", "show"), "tsumitate rules show: 引数 RULE_ID がありません（使い方: tsumitate rules show --help）"),
    (("rules", "check", "--lang"), "tsumitate rules check: オプション --lang には値が必要です（使い方: tsumitate rules check --help）"),
    (("rules", "kakunin"), "tsumitate rules: コマンド 'kakunin' はありません（使い方: tsumitate rules --help）"),
])
def test_a_command_typed_wrongly_is_one_japanese_line_and_exit_2(args, line):
    r = tsumitate(*args)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.splitlines() == [line]


def test_a_value_click_refuses_is_quoted_as_click_says_it_inside_the_japanese_line():
    r = tsumitate("evaluate", "--format", "xml", "case.yaml")
    assert r.returncode == 2
    assert r.stderr.splitlines() == ["tsumitate evaluate: '--format' の値が正しくありません: 'xml' is not one of 'text', "
                                     "'json'.（使い方: tsumitate evaluate --help）"]


def test_english_is_given_when_asked_for_with_lang_or_the_environment():
    assert tsumitate("evaluate", "--lang", "en").stderr.splitlines() == [
        "tsumitate evaluate: missing argument FILES (see tsumitate evaluate --help)"]
    assert tsumitate("evaluate", lang="en").stderr.splitlines() == [
        "tsumitate evaluate: missing argument FILES (see tsumitate evaluate --help)"]


def test_tsumitate_alone_still_shows_its_commands():
    r = tsumitate()
    assert "evaluate" in r.stdout + r.stderr and "Usage:" in r.stdout + r.stderr
