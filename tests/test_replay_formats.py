"""replay --format json and --junit: results for machines and for office CI systems."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from replay_support import SCENARIO_COUNT, SUITE, VA_FILE, copy_suite, run


def _broken_suite(tmp_path):
    suite = copy_suite(tmp_path)
    f = suite / VA_FILE
    f.write_text(f.read_text(encoding="utf-8").replace("deposit.monthly: 8400", "deposit.monthly: 8500"), encoding="utf-8")
    (suite / "zz_unreadable.yaml").write_bytes(b"\x00\x01binary junk")
    skipped = suite / "skipped.yaml"
    skipped.write_text((suite / "osaka_own_funds.yaml").read_text(encoding="utf-8")
                       .replace("case_file: cases/", "case_file: cases/").replace("name: 大阪", "name: 保留 大阪")
                       + "skip: 運用確認中\n", encoding="utf-8")
    return suite, f


def test_json_gives_one_object_per_scenario_then_a_summary(tmp_path):
    suite, f = _broken_suite(tmp_path)
    r = run("replay", str(suite), "--format", "json")
    assert r.exit_code == 2
    objs = [json.loads(line) for line in r.stdout.splitlines()]
    assert objs[-1] == {"type": "summary", "passed": SCENARIO_COUNT - 1, "failed": 1, "errors": 1, "skipped": 1}
    scenarios = [o for o in objs if o["type"] == "scenario"]
    assert len(scenarios) == SCENARIO_COUNT + 1
    failed = next(o for o in scenarios if o["status"] == "failed")
    assert failed["file"] == str(f)
    assert failed["mismatches"] == [{"path": "deposit.monthly", "expected": 8500, "actual": 8400, "line": 17}]
    assert "va.feasibility.standard" in failed["fired_rules"]
    assert [o["file"] for o in objs if o["type"] == "file_error"] == [str(suite / "zz_unreadable.yaml")]
    assert next(o for o in scenarios if o["status"] == "skipped")["reason"] == "運用確認中"


def test_junit_parses_as_xml_with_one_testcase_per_scenario_and_the_right_counts(tmp_path):
    suite, f = _broken_suite(tmp_path)
    out = tmp_path / "reports" / "replay.xml"
    r = run("replay", str(suite), "--junit", str(out))
    assert r.exit_code == 2
    root = ET.parse(out).getroot()
    suite_el = root.find("testsuite")
    assert {k: suite_el.get(k) for k in ("tests", "failures", "errors", "skipped")} == \
        {"tests": str(SCENARIO_COUNT + 2), "failures": "1", "errors": "1", "skipped": "1"}
    assert root.get("tests") == str(SCENARIO_COUNT + 2)
    cases = suite_el.findall("testcase")
    assert len(cases) == SCENARIO_COUNT + 2
    failure_case = next(c for c in cases if c.find("failure") is not None)
    assert failure_case.get("classname") == str(f)
    assert failure_case.get("name") == "任意整理 30万円を36回 — 余力1万円なら月8,400円"
    text = failure_case.find("failure").text
    assert "deposit.monthly" in text and "8500" in text and "8400" in text
    error_case = next(c for c in cases if c.find("error") is not None)
    assert error_case.get("classname") == str(suite / "zz_unreadable.yaml")
    assert "binary data" in error_case.find("error").get("message")
    assert sum(c.find("skipped") is not None for c in cases) == 1


def test_junit_of_a_green_library_has_no_failures():
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "r.xml"
        assert run("replay", str(SUITE), "--junit", str(out)).exit_code == 0
        s = ET.parse(out).getroot().find("testsuite")
        assert (s.get("tests"), s.get("failures"), s.get("errors"), s.get("skipped")) == (str(SCENARIO_COUNT), "0", "0", "0")
