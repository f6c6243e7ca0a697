"""A file a command writes can be standard output itself: its own lines (summaries, notices) go to stderr.

A lawyer's office pipes `tsumitate report -o /dev/stdout` into a mail or a web server, and a CI
job reads `replay --junit /dev/stdout`: one line of ours after `</html>` or the XML makes the
page or the report invalid.
"""

from __future__ import annotations

import json
import xml.dom.minidom
from pathlib import Path

from replay_support import run_process

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "docs" / "examples" / "case.yaml"
SCENARIO = ROOT / "scenarios" / "voluntary_arrangement" / "per_creditor" / "scrivener_over_limit.yaml"


def test_a_report_written_to_standard_output_is_the_html_page_and_nothing_else():
    r = run_process("report", str(CASE), "-o", "/dev/stdout", "--lang", "ja")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("<!DOCTYPE html") and r.stdout.rstrip("\n").endswith("</html>")
    assert "件の事件を書き出しました" not in r.stdout and "case(s)" not in r.stdout
    assert r.stderr == "/dev/stdout: 1件の事件を書き出しました\n"


def test_a_report_to_a_file_says_how_many_cases_on_stderr_and_keeps_stdout_empty(tmp_path):
    out = tmp_path / "report.html"
    r = run_process("report", str(CASE), "-o", str(out))
    assert r.returncode == 0 and r.stdout == "" and r.stderr == f"{out}: 1 case(s)\n"


def test_replay_with_junit_on_standard_output_gives_well_formed_xml_and_the_summary_on_stderr():
    r = run_process("replay", str(SCENARIO), "--junit", "/dev/stdout")
    assert r.returncode == 0, r.stderr
    doc = xml.dom.minidom.parseString(r.stdout.encode("utf-8"))  # raises on a trailing "3 passed" line
    assert len(doc.getElementsByTagName("testcase")) == 3
    assert r.stderr.splitlines()[-1] == "3 passed, 0 failed"


def test_replay_with_junit_to_a_file_keeps_the_summary_as_the_last_line_of_stdout(tmp_path):
    r = run_process("replay", str(SCENARIO), "--junit", str(tmp_path / "junit.xml"))
    assert r.returncode == 0 and r.stdout.splitlines()[-1] == "3 passed, 0 failed"


def test_convert_and_template_say_what_they_wrote_on_stderr(tmp_path):
    r = run_process("convert", str(CASE), "-o", str(tmp_path / "case.json"))
    assert r.returncode == 0 and r.stdout == "" and r.stderr.endswith("case.json: written (json)\n")
    r = run_process("template", "-o", str(tmp_path / "blank.xlsx"), "--lang", "ja")
    assert r.returncode == 0 and r.stdout == "" and r.stderr == f"{tmp_path / 'blank.xlsx'}: ひな形を書き出しました\n"


def test_convert_to_a_missing_folder_is_one_line_and_exit_2(tmp_path):
    r = run_process("convert", str(CASE), "-o", str(tmp_path / "no" / "such" / "case.json"))
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr == f"{tmp_path / 'no' / 'such' / 'case.json'}: -: cannot write the case file: the folder does not exist\n"


def test_convert_writes_through_a_symbolic_link_and_the_link_stays(tmp_path):
    real = tmp_path / "kept" / "case.json"
    real.parent.mkdir()
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "case.json"
    link.symlink_to(real)
    r = run_process("convert", str(CASE), "-o", str(link))
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["case_id"] == "見本-任意整理"
