"""Text typed by someone else (names, creditors, file names) never drives the lawyer's terminal: escape
sequences, carriage returns and right-to-left overrides are shown written out (\\x1b), a scenario
cannot hide its own failure, a file name cannot forge a FILE:LINE: line, and JUnit XML stays XML."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from replay_support import last_line, run

ESC = "\x1b"
# YAML double quotes: \e is ESC, \a BEL, \r CR; OSC 0 retitles the window, OSC 52 writes the clipboard.
HOSTILE_CASE = r"""
  case_id: "x\e]0;pwned\a"
  as_of: 2026-11-25
  procedure: voluntary_arrangement
  court: tokyo
  household: {monthly_income: 200000, monthly_expenses: 190000}
  debts:
    - {creditor: "A\e]52;c;ZWNobyBoYWNrZWQ=\a\u202e社", amount: 300000, kind: consumer_finance}
"""
SCENARIO = 'name: "\\e[2K\\rPASS 何も問題ありません\\e[2J"\ncase:' + HOSTILE_CASE + "expect:\n  deposit.monthly: 1\n"


def _exe() -> list[str]:
    exe = Path(sys.executable).parent / "tsumitate"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tsumitate_cli.main"]


def _through_a_terminal(args: list[str], stdin: bytes = b"") -> bytes:
    """Everything the command writes to a real pseudo-terminal (stdout and stderr), as the terminal receives it."""
    master, slave = pty.openpty()
    p = subprocess.Popen(_exe() + args, stdin=subprocess.PIPE, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    p.stdin.write(stdin)
    p.stdin.close()
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the command ended and closed the terminal
            break
        if not chunk:
            break
        out += chunk
    p.wait(timeout=60)
    os.close(master)
    return out


def _case_file(tmp_path: Path) -> Path:
    f = tmp_path / "case.yaml"
    f.write_text("".join(line[2:] + "\n" for line in HOSTILE_CASE.strip("\n").splitlines()), encoding="utf-8")
    return f


def test_replay_in_a_real_terminal_shows_the_hidden_failure_written_out(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text(SCENARIO, encoding="utf-8")
    out = _through_a_terminal(["replay", str(f)])
    assert ESC.encode() not in out and b"\x07" not in out and "\u202e".encode() not in out
    text = out.decode("utf-8")
    assert "FAIL \\x1b[2K\\x0dPASS 何も問題ありません\\x1b[2J" in text
    assert "0 passed, 1 failed" in text


def test_evaluate_and_explain_in_a_real_terminal_send_no_escape_sequence(tmp_path):
    case = _case_file(tmp_path)
    for args in (["evaluate", str(case)], ["explain", str(case)], ["evaluate", "--format", "json", str(case)]):
        out = _through_a_terminal(args)
        assert ESC.encode() not in out and b"\x07" not in out and "\u202e".encode() not in out, args
        assert b"x\\x1b]0;pwned\\x07" in out or b"x\\u001b]0;pwned\\u0007" in out, args


def test_quiz_shows_a_hostile_name_written_out(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text(SCENARIO, encoding="utf-8")
    out = _through_a_terminal(["quiz", str(tmp_path), "--seed", "1", "--count", "1"],
                              stdin=b"feasible\n8400\nnot_started\n")
    assert ESC.encode() not in out and b"\x07" not in out
    assert "\\x1b[2K\\x0dPASS".encode() in out


def test_json_output_stays_json_whatever_the_names_hold(tmp_path):
    import json

    f = tmp_path / "s.yaml"
    f.write_text(SCENARIO.replace("何も問題ありません", "\\u202e\\x9b2J"), encoding="utf-8")
    r = run("replay", str(f), "--format", "json")
    objs = [json.loads(line) for line in r.stdout.splitlines()]
    assert objs[0]["name"] == "\x1b[2K\rPASS \u202e\x9b2J\x1b[2J"  # the value itself, escaped only on the way out
    assert "\u202e" not in r.stdout and "\x9b" not in r.stdout


def test_the_html_report_shows_control_characters_written_out(tmp_path):
    case = _case_file(tmp_path)
    out = tmp_path / "r.html"
    assert run("report", str(case), "-o", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert ESC not in page and "\x07" not in page and "\u202e" not in page
    assert "x\\x1b]0;pwned\\x07" in page


def test_a_file_name_with_a_newline_cannot_forge_a_file_line_message(tmp_path):
    evil = tmp_path / "a.yaml\nok.yaml:1: name: all good.yaml"
    evil.write_text("name: [unclosed\n", encoding="utf-8")
    r = run("replay", str(tmp_path))
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{tmp_path}/a.yaml\\x0aok.yaml:1: name: all good.yaml:")
    assert not any(line.startswith("ok.yaml") for line in r.stderr.splitlines())


def test_junit_xml_is_well_formed_whatever_names_and_file_names_hold(tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "hostile.yaml").write_text(SCENARIO.replace("何も問題ありません", '<&\\"]]>\\0\\x01'), encoding="utf-8")
    # a file name that is not UTF-8 (a Shift_JIS name copied from an old share): Python holds it as surrogates
    bad_name = os.path.join(os.fsencode(folder), "旧".encode("cp932") + b".yaml")
    with open(bad_name, "wb") as out:
        out.write(b"name: [unclosed\n")
    before = set(os.listdir(os.environ.get("TMPDIR", "/tmp")))
    report = tmp_path / "junit.xml"
    r = run("replay", str(folder), "--junit", str(report))
    assert "Traceback" not in r.stderr
    root = ET.parse(report).getroot()  # well-formed
    cases = root.iter("testcase")
    names = sorted(c.get("name") for c in cases)
    assert any("\\x1b[2K\\x0dPASS <&\"]]>\\x00\\x01" in n for n in names)
    assert any("\\udc8b\\udc8c.yaml" in n for n in names)  # the undecodable bytes, written out
    leaked = {n for n in set(os.listdir(os.environ.get("TMPDIR", "/tmp"))) - before if n.startswith("tsumitate-junit")}
    assert leaked == set()
    assert last_line(r.stdout) == "0 passed, 1 failed, 1 errors"


def test_junit_refuses_to_write_over_a_scenario_file(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text(SCENARIO, encoding="utf-8")
    r = run("replay", str(f), "--junit", str(f))
    assert r.exit_code == 2 and f.read_text(encoding="utf-8") == SCENARIO


def test_every_character_the_guard_writes_out_is_one_the_quick_check_stops_at():
    """The guard skips its pattern for printable text: no character it must write out may pass as printable."""
    from tsumitate.output import visible as v

    caught = [chr(c) for c in range(0x110000) if v.block().match(chr(c))]  # all but line breaks and tabs
    assert len(caught) > 2_100  # C0, DEL, C1, bidi controls, separators, surrogates, U+FFFE/FFFF
    assert [hex(ord(ch)) for ch in caught if v._clean(ch)] == []
    for ch in caught:  # and in the middle of a line of Japanese text, line breaks around it
        text = f"債権者{ch}アコム\n"
        assert v.visible(text) == text.replace(ch, v._escape(v.block().match(ch)))


def test_results_printed_through_workers_are_the_bytes_one_process_prints_whatever_names_and_file_names_hold(tmp_path):
    """Workers hand their results over as bytes, written out where they are made: nothing raw gets through."""
    from replay_support import run_process

    case = _case_file(tmp_path)
    files = [str(case)] * 6
    broken = tmp_path / "b\x1b]0;pwned\x07\u202e.yaml"  # a bad file: its name is in the problem line
    broken.write_text("case_id: [unclosed\n", encoding="utf-8")
    files[3:3] = [str(broken)]
    for fmt in ("json", "text"):
        one = run_process("evaluate", "--format", fmt, "--workers", "1", *files)
        two = run_process("evaluate", "--format", fmt, "--workers", "2", *files)
        assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr) and one.returncode == 2
        for out in (one.stdout, one.stderr):
            assert ESC not in out and "\x07" not in out and "\u202e" not in out, fmt
        assert one.stdout.count("x\\x1b]0;pwned\\x07" if fmt == "text" else "x\\u001b]0;pwned\\u0007") == 6
        assert "b\\x1b]0;pwned\\x07\\u202e.yaml" in one.stderr
