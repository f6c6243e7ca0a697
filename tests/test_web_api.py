"""The JSON API over real HTTP, against ``tsumitate serve`` on a free loopback port.

The API must answer what the CLI answers: the same bytes for a good case, the same field and
words for a bad one, and never a traceback for a hostile request.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tsumitate.scenarios.files import load_scenarios, scenario_files
from tsumitate.sources import MAX_FILE_BYTES

from web_support import Server, cli_json

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def server():
    s = Server()
    yield s
    s.stop()


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value))


def library_cases(limit: int | None = None, errors: bool = False):
    """Inline cases of the scenario library: (name, case data), good ones or the expect_error ones."""
    out = []
    for path, exists in scenario_files([str(ROOT / "scenarios")]):
        for sc in load_scenarios(path):
            if sc.case_data is None or (sc.expect_error is not None) != errors:
                continue
            out.append((sc.id, sc.case_data, sc.expect_error))
    return out[:limit] if limit else out


GOOD_CASE = {"case_id": "api-1", "as_of": "2026-11-25", "procedure": "voluntary_arrangement", "court": "tokyo",
             "household": {"monthly_income": 250000, "monthly_expenses": 200000},
             "debts": [{"creditor": "A社", "amount": 300000, "kind": "consumer_finance"}]}


def test_every_case_of_the_scenario_library_gets_the_clis_json_byte_for_byte(server, tmp_path):
    cases = library_cases()
    assert len(cases) > 40
    files = []
    for k, (_, data, _) in enumerate(cases):
        f = tmp_path / f"case{k:03d}.json"
        f.write_text(json.dumps(data, ensure_ascii=False, default=_plain), encoding="utf-8")
        files.append(f)
    import subprocess
    import sys

    cli = subprocess.run([sys.executable, "-m", "tsumitate_cli.main", "evaluate", "--format", "json", *map(str, files)],
                         cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert cli.returncode == 0, cli.stderr
    lines = cli.stdout.splitlines(keepends=True)
    assert len(lines) == len(files)
    for (name, _, _), f, line in zip(cases, files, lines):
        reply = server.request("POST", "/api/evaluate", f.read_bytes(), {"Content-Type": "application/json"})
        assert reply.status == 200, (name, reply.text)
        assert reply.text == line, name


def test_a_yaml_case_file_posted_as_it_is_gets_the_same_answer_as_the_cli(server):
    path = ROOT / "scenarios" / "individual_rehabilitation" / "tokyo" / "court_written_in_japanese.yaml"
    sc = load_scenarios(str(path))[0]
    case_file = path.parent / "case_tmp_should_not_exist.yaml"
    assert not case_file.exists()
    text = json.dumps(sc.case_data, ensure_ascii=False, default=_plain)
    reply = server.request("POST", "/api/evaluate", text, {"Content-Type": "application/yaml"})
    assert reply.status == 200
    assert reply.json()["region"] == "tokyo"


def test_each_problem_of_a_bad_case_names_the_field_with_the_clis_words(server, tmp_path):
    cases = library_cases(errors=True)
    assert len(cases) >= 8
    for name, data, expected in cases:
        reply = server.post_json("/api/evaluate", json.loads(json.dumps(data, default=_plain)), )
        assert reply.status == 422, (name, reply.text)
        items = reply.json()
        assert isinstance(items, list) and items, name
        assert all(set(i) == {"field", "problem"} for i in items)
        # the scenario's expected error is written as the CLI prints it: "field: problem"
        lines = [f"{i['field']}: {i['problem']}" for i in items]
        english = server.post_json("/api/evaluate?lang=en", json.loads(json.dumps(data, default=_plain)))
        lines += [f"{i['field']}: {i['problem']}" for i in english.json()]
        assert any(expected in line for line in lines), (name, expected, lines)


def test_a_negative_amount_is_reported_at_debts_0_amount_in_japanese_or_english_on_request(server):
    bad = json.loads(json.dumps(GOOD_CASE))
    bad["debts"][0]["amount"] = -1
    reply = server.post_json("/api/evaluate", bad)
    assert reply.status == 422
    item = reply.json()[0]
    assert item["field"] == "debts[0].amount"
    assert any("\u3040" <= ch <= "\u30ff" for ch in item["problem"])
    english = server.post_json("/api/evaluate?lang=en", bad).json()[0]
    assert english["field"] == "debts[0].amount" and english["problem"].isascii() and english["problem"] != item["problem"]


def test_explain_answers_what_the_cli_explain_json_prints(server, tmp_path):
    f = tmp_path / "c.json"
    f.write_text(json.dumps(GOOD_CASE, ensure_ascii=False), encoding="utf-8")
    import subprocess
    import sys

    cli = subprocess.run([sys.executable, "-m", "tsumitate_cli.main", "explain", "--format", "json", str(f)],
                         cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    reply = server.request("POST", "/api/explain", f.read_bytes(), {"Content-Type": "application/json"})
    expected, got = json.loads(cli.stdout), reply.json()
    assert got.pop("file") == "request" and expected.pop("file") == str(f)
    assert got == expected


def test_the_html_report_is_a_download_and_escapes_a_script_in_a_creditors_name(server):
    case = json.loads(json.dumps(GOOD_CASE))
    case["debts"][0]["creditor"] = '<script>alert("x")</script>'
    case["case_id"] = '<img src=x onerror=alert(1)>'
    ev = server.post_json("/api/evaluate", case)
    assert ev.status == 200 and ev.json()["case_id"] == case["case_id"]  # JSON keeps the text as typed
    reply = server.post_json("/api/report", case)
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("text/html")
    assert "attachment" in reply.headers["content-disposition"]
    assert "<script>alert" not in reply.text and "<img src=x" not in reply.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in reply.text


def test_the_case_downloads_as_a_yaml_file_that_evaluates_to_the_same_result(server, tmp_path):
    reply = server.post_json("/api/case.yaml", GOOD_CASE)
    assert reply.status == 200 and "attachment" in reply.headers["content-disposition"]
    f = tmp_path / "case.yaml"
    f.write_bytes(reply.body)
    assert "as_of: 2026-11-25" in reply.text and "A社" in reply.text
    assert cli_json(f) == server.post_json("/api/evaluate", GOOD_CASE).text


@pytest.mark.parametrize("fmt", ["yaml", "json", "xlsx"])
def test_a_saved_case_keeps_the_creditors_stated_amount_not_the_recalculated_one(server, tmp_path, fmt):
    """The 取引履歴 recalculates E社's debt for the result; the file saved is still what the lawyer
    entered (100,000 stated), so evaluating it again recalculates from the same history."""
    case = dict(GOOD_CASE, debts=[{"creditor": "E社", "amount": 100000, "transactions": [{"date": "2024-01-10", "borrow": 100000}]}])
    reply = server.post_json(f"/api/case.{fmt}", case)
    assert reply.status == 200, reply.text
    f = tmp_path / f"saved.{fmt}"
    f.write_bytes(reply.body)
    result = json.loads(cli_json(f))
    assert result["recalculation"][0]["stated"] == 100000
    assert result["recalculation"][0]["amount"] != 100000  # the interest the history adds: a different figure
    assert cli_json(f) == server.post_json("/api/evaluate", case).text


def test_a_body_over_the_case_file_limit_is_refused_with_413(server):
    big = b'{"case_id": "' + b"x" * (MAX_FILE_BYTES + 10) + b'"}'
    reply = server.request("POST", "/api/evaluate", big, {"Content-Type": "application/json"})
    assert reply.status == 413
    assert reply.json()[0]["field"] == "-"


def test_nesting_deeper_than_a_case_file_may_is_refused_at_422_without_a_traceback(server):
    deep = '{"case_id": ' + "[" * 5000 + "]" * 5000 + "}"
    reply = server.request("POST", "/api/evaluate", deep, {"Content-Type": "application/json"})
    assert reply.status == 422
    assert "Traceback" not in reply.text
    assert "32" in reply.json()[0]["problem"]  # the files' nesting limit, named in the problem


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None])
def test_a_body_that_is_not_json_or_yaml_is_refused_with_415(server, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    reply = server.request("POST", "/api/evaluate", json.dumps(GOOD_CASE), headers)
    assert reply.status == 415
    assert reply.json()[0]["problem"]


@pytest.mark.parametrize("body", [b"", b"null", b"[1, 2]", b"{", b'{"case_id": "a", "case_id": "b"}', b"\xff\xfe\x00garbage",
                                  b'{"a": &x 1, "b": *x}', b"!!python/object:os.system {}", b'{"case_id": ' + b"9" * 5000 + b"}"])
def test_malformed_bodies_get_a_422_list_of_problems_never_a_traceback(server, body):
    reply = server.request("POST", "/api/evaluate", body, {"Content-Type": "application/json"})
    assert reply.status == 422, reply.text
    items = reply.json()
    assert items and all(set(i) == {"field", "problem"} for i in items)
    assert "Traceback" not in reply.text


def test_unknown_paths_and_methods_answer_json(server):
    r404 = server.get("/api/nope")
    assert r404.status == 404 and r404.headers["content-type"].startswith("application/json") and r404.json()[0]["problem"]
    r405 = server.get("/api/evaluate")
    assert r405.status == 405 and r405.json()[0]["problem"]
    assert server.request("DELETE", "/api/rules").status == 405


def test_problems_are_in_japanese_by_default_and_english_on_request(server):
    ja = server.request("POST", "/api/evaluate", "x", {"Content-Type": "text/plain"}).json()[0]["problem"]
    en = server.request("POST", "/api/evaluate?lang=en", "x", {"Content-Type": "text/plain"}).json()[0]["problem"]
    assert any("\u3040" <= ch <= "\u30ff" for ch in ja)
    assert en.isascii()


def test_every_response_carries_a_self_only_content_security_policy(server):
    for path in ("/", "/rules", "/quiz", "/docs", "/api/courts", "/static/app.css", "/nope"):
        csp = server.get(path).headers.get("content-security-policy", "")
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, path


def test_the_openapi_document_describes_the_case_and_the_docs_page_loads_nothing_from_the_network(server):
    doc = server.get("/openapi.json").json()
    assert {"/api/evaluate", "/api/explain", "/api/courts", "/api/rules", "/api/rules/{rule_id}", "/api/parameters",
            "/api/statutes", "/api/schema"} <= set(doc["paths"])
    assert doc["paths"]["/api/evaluate"]["post"]["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Case"}
    assert "Debt" in doc["components"]["schemas"] and "case_id" in doc["components"]["schemas"]["Case"]["properties"]
    page = server.get("/docs")
    assert page.status == 200 and "/api/evaluate" in page.text
    for page_path in ("/", "/rules", "/quiz", "/docs"):
        html = server.get(page_path).text
        assert "src=\"http" not in html and "cdn" not in html.lower(), page_path
        # the only external addresses are links a person may follow (a court's or law office's page cited as a
        # source), never a stylesheet, script or font the page would load
        import re
        assert all(tag == "a" for tag in re.findall(r'<(\w+)[^>]*\bhref="http', html)), page_path


def test_courts_are_found_by_japanese_name_and_resolve_to_their_region(server):
    from urllib.parse import quote

    r = server.get("/api/courts?q=" + quote("東京地裁")).json()
    assert r["resolved"]["region"] == "tokyo"
    assert any(c["id"] == "tokyo" for c in r["matches"])
    assert server.get("/api/courts").json()["courts"]
    branch = server.get("/api/courts?q=" + quote("東京地方裁判所立川支部")).json()
    assert branch["resolved"]["region"] == "tokyo"  # a branch follows its district court's practice
    assert [c["id"] for c in server.get("/api/courts?q=" + quote("立川")).json()["matches"]] == ["tokyo"]


def test_rules_are_listed_in_firing_order_per_region_with_conditions_in_words_and_searchable(server):
    r = server.get("/api/rules?region=tokyo&procedure=individual_rehabilitation").json()
    stages = [rule["stage"] for rule in r["rules"]]
    order = ["appointment", "vote", "test", "feasibility", "deposit", "refund", "outcome"]
    assert stages == sorted(stages, key=order.index)
    assert all(rule["when"] for rule in r["rules"])
    found = server.get("/api/rules?q=%E5%86%8D%E7%94%9F%E5%A7%94%E5%93%A1").json()["rules"]  # 再生委員
    assert found and all("再生委員" in json.dumps(rule, ensure_ascii=False) for rule in found)
    one = server.get("/api/rules/" + r["rules"][0]["id"]).json()
    assert one["variants"][0]["durable"]
    assert server.get("/api/rules/no.such.rule").status == 404
    assert server.get("/api/rules?region=atlantis").status == 422


def test_parameters_show_the_value_in_force_on_a_date_with_its_source(server):
    r = server.get("/api/parameters?region=tokyo&as_of=2026-11-25").json()
    params = r["procedures"]["individual_rehabilitation"]
    assert params and all(p["values"] and all(v["source"] for v in p["values"]) for p in params)
    assert any(p["in_force"] is not None for p in params)
    assert server.get("/api/parameters?as_of=2026-13-01").status == 422


def test_statutes_and_schema_are_served(server):
    st = server.get("/api/statutes").json()
    assert st["provisions"] and all("text" in p and "verified" in p for p in st["provisions"])
    assert server.get("/api/schema").json()["properties"]["debts"]


def test_the_trainer_asks_without_giving_the_answer_away(server):
    r = server.get("/api/quiz?seed=3&count=5").json()
    assert r["seed"] == 3 and len(r["questions"]) == 5
    again = server.get("/api/quiz?seed=3&count=5").json()
    assert [q["id"] for q in again["questions"]] == [q["id"] for q in r["questions"]]
    text = json.dumps(r, ensure_ascii=False)
    for q in r["questions"]:
        assert "case_id" not in q["case"]
        assert all("due" not in row for row in q["case"].get("deposits", []))
    assert '"expect' not in text and '"name"' not in text and '"tags"' not in text


def test_the_trainer_reads_japanese_labels_and_yen_as_typed_and_explains_after_the_verdict(server):
    q = server.get("/api/quiz?seed=11&count=1").json()["questions"][0]
    wrong = server.post_json("/api/quiz/answer", {"id": q["id"], "answers": {}}).json()
    right = {v["field"]: v["answer"] for v in wrong["verdicts"]}
    assert wrong["right"] == 0
    from tsumitate.output.labels import LABELS

    typed = {"feasibility.status": LABELS["ja"][right["feasibility.status"]],
             "deposit.monthly": f"{right['deposit.monthly']:,}円" if right["deposit.monthly"] is not None else "",
             "test.status": LABELS["ja"][right["test.status"]]}
    scored = server.post_json("/api/quiz/answer", {"id": q["id"], "answers": typed}).json()
    expected_right = 3 if right["deposit.monthly"] is not None else 2
    assert scored["right"] == expected_right, scored["verdicts"]
    assert scored["explanation"]["procedures"] and scored["name"]
    assert server.post_json("/api/quiz/answer", {"id": "../../etc/passwd#0", "answers": {}}).status == 422
    assert server.post_json("/api/quiz/answer", ["not", "a", "mapping"]).status == 422


def test_the_rule_explorer_page_searches_rules_parameters_and_statutes(server):
    from urllib.parse import quote

    page = server.get("/rules?region=tokyo&q=" + quote("再生委員")).text
    assert 'class="rule"' in page and "再生委員" in page
    assert server.get("/rules?q=" + quote("存在しない語句xyz")).text.count('class="rule"') == 0
    full = server.get("/rules?region=osaka&procedure=individual_rehabilitation&as_of=2026-11-25").text
    assert "この日の値" in full and "民事再生法" in full


def test_the_rule_explorer_and_the_api_page_read_in_english_on_request_and_the_switch_keeps_the_filters(server):
    import html
    import re

    query = "region=tokyo&procedure=individual_rehabilitation&as_of=2026-11-25"
    page = server.get("/rules?lang=en&" + query).text
    assert '<html lang="en">' in page and "Rules and sources" in page
    # the page's own words are English: headings, labels, buttons, the rules' conditions and texts
    chrome = " ".join(re.findall(r"<(?:h1|h2|label|th|dt|button)[^>]*>([^<]*)", page))
    assert not any("\u3040" <= ch <= "\u30ff" for ch in chrome), chrome
    assert "This court appoints a rehabilitation commissioner in every case." in page
    assert "params.commissioner_appointment = always" in page
    # what the rule files hold only in Japanese is quoted as it is, and the page says so
    assert "in Japanese" in page and "民事再生法223条1項" in page
    switch = html.unescape(re.search(r'id="lang-switch"[^>]*href="([^"]+)"', page, re.S).group(1))
    assert switch == "/rules?" + query
    back = server.get(switch).text
    assert '<html lang="ja">' in back and "ルールと根拠" in back and 'name="lang" value="en"' not in back
    assert 'href="/rules?lang=en"' in server.get("/?lang=en").text  # the English pages link to each other
    api = server.get("/docs?lang=en").text
    headings = " ".join(re.findall(r"<(?:h1|h2|th)[^>]*>([^<]*)", api))
    assert '<html lang="en">' in api and "method" in headings
    assert not any("\u3040" <= ch <= "\u30ff" for ch in headings), headings


def test_serve_refuses_a_broken_rules_directory_with_the_problem_lines_and_exit_2(tmp_path):
    import subprocess
    import sys

    (tmp_path / "courts.yaml").write_text("regions: {x: y}\ncourts: {a: {region: nowhere, name_ja: 甲}}\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "tsumitate_cli.main", "serve", "--port", "1", "--rules", str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert "courts.yaml" in out.stderr and "Traceback" not in out.stderr


def test_the_case_goes_to_the_office_workbook_and_back_with_the_same_result(server):
    from tsumitate.convert import XLSX_MIME

    book = server.post_json("/api/case.xlsx", GOOD_CASE)
    assert book.status == 200 and book.headers["content-type"].startswith(XLSX_MIME)
    assert book.body[:2] == b"PK" and "case.xlsx" in book.headers["content-disposition"]
    from_book = server.request("POST", "/api/evaluate", book.body, {"Content-Type": XLSX_MIME})
    assert from_book.status == 200
    assert from_book.text == server.post_json("/api/evaluate", GOOD_CASE).text
    back = server.request("POST", "/api/case.json", book.body, {"Content-Type": XLSX_MIME})
    assert back.status == 200 and back.json()["debts"] == GOOD_CASE["debts"]


def test_a_workbook_that_is_not_one_is_a_422_never_a_traceback(server):
    from tsumitate.convert import XLSX_MIME

    reply = server.request("POST", "/api/evaluate", b"PK\x03\x04 not really a zip", {"Content-Type": XLSX_MIME})
    assert reply.status == 422 and reply.json()[0]["problem"] and "Traceback" not in reply.text


def test_a_name_excel_cannot_hold_is_a_422_at_its_field_not_a_broken_download(server):
    case = dict(GOOD_CASE, debts=[dict(GOOD_CASE["debts"][0], creditor="A\x01社")])
    reply = server.post_json("/api/case.xlsx?lang=en", case)
    assert reply.status == 422
    assert reply.json() == [{"field": "debts[0].creditor",
                             "problem": "the control character U+0001 cannot be stored as it is in an Excel cell (remove it; line breaks as LF)"}]
