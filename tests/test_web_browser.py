"""The intake page in a real headless Chromium, used as a lawyer would: fill the form, press
判定する, read the figures from the page, and compare them with the CLI's answer for the same
case written as a file.

Needs Debian's ``chromium`` (``/usr/bin/chromium``) and the ``playwright`` package (test extra),
which drives the system browser and never downloads one; ``.ci/run`` installs the browser. Where
either is missing the tests skip and say which.
"""

from __future__ import annotations

import json
import shutil
import struct
import zlib
from pathlib import Path

import pytest
import yaml

from web_support import Server, cli_json

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None


@pytest.fixture(scope="module")
def server():
    s = Server()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium); .ci/run installs it when it can")
    if sync_playwright is None:
        pytest.skip("the playwright package is not installed (pip install '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000}, locale="ja-JP")
    pg = context.new_page()
    pg.errors = []  # script errors and CSP violations would show here
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.goto(server.base + "/")
    pg.wait_for_selector("body[data-ready='1']")
    yield pg
    context.close()


# ---------- filling the form as a person would ----------

def _set(el, value) -> None:
    tag = el.evaluate("e => e.tagName")
    kind = el.get_attribute("type")
    if tag == "SELECT":
        el.select_option(str(value))
    elif kind == "checkbox":
        el.set_checked(bool(value))
    else:
        el.fill(str(value))


def fill(page, case: dict, typed: dict | None = None) -> None:
    """Fill the form from a case dict; ``typed`` overrides what is typed for a path (e.g. '25万')."""
    typed = typed or {}

    def put(path: str, value, scope=page):
        shown = typed.get(path, value)
        if path == "court":
            page.fill("#court", str(shown))
            return
        _set(scope.locator(f'form > fieldset:not(.rows) [data-path="{path}"]'), shown)

    for key, value in case.items():
        if key in ("debts", "deposits"):
            table = page.locator(f'table.rows[data-array="{key}"] > tbody')
            while table.locator("> tr").count() < len(value):
                page.click(f'button.add-row[data-array="{key}"]')
            for i, row in enumerate(value):
                tr = table.locator("> tr").nth(i)
                for k, v in row.items():
                    if k == "transactions":  # rows under the creditor's row
                        sub = tr.locator('table.subrows[data-array="transactions"] > tbody')
                        if not sub.is_visible():
                            tr.locator("details.subrows > summary").click()
                        while sub.locator("> tr").count() < len(v):
                            tr.locator("button.add-subrow").click()
                        for j, t in enumerate(v):
                            for tk, tv in t.items():
                                _set(sub.locator("> tr").nth(j).locator(f'[data-path="{tk}"]'), typed.get(f"{key}[{i}].{k}[{j}].{tk}", tv))
                        continue
                    shown = typed.get(f"{key}[{i}].{k}", v)
                    _set(tr.locator(f'[data-path="{k}"]').first, shown)
        elif isinstance(value, dict):
            for k, v in value.items():
                put(f"{key}.{k}", v)
        else:
            put(key, value)


def submit(page) -> None:
    before = page.evaluate("() => Number(document.body.dataset.evaluated || 0)")
    page.click("#evaluate")
    page.wait_for_function(f"() => Number(document.body.dataset.evaluated || 0) > {before} || !document.getElementById('form-problems').hidden")


def shown(page, field: str, scope: str = "#result-body"):
    """The value a figure on the page stands for; a figure the page leaves out reads as null."""
    el = page.locator(f'{scope} [data-field="{field}"][data-value]')
    if el.count() == 0:
        return None
    return json.loads(el.first.get_attribute("data-value"))


def open_case_file(page, f: Path, case: dict) -> Path:
    """Write the case as a YAML file and open it with the page's ファイルを開く; wait for its result."""
    f.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = page.evaluate("() => Number(document.body.dataset.evaluated || 0)")
    page.set_input_files("#open-file", str(f))
    page.wait_for_function(f"() => Number(document.body.dataset.evaluated || 0) > {before}")
    return f


def cli_result(tmp_path: Path, case: dict) -> dict:
    f = tmp_path / "case.yaml"
    f.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return json.loads(cli_json(f))


FIGURES = ["feasibility.status", "feasibility.installments", "feasibility.monthly_capacity", "deposit.monthly", "deposit.payee",
           "test.status", "test.months_paid", "test.missed", "test.late", "refund.status", "refund.deposited"]


def _get(result: dict, path: str):
    for part in path.split("."):
        result = result[part]
    return result


# ---------- the cases a lawyer brings ----------

VA = {
    "case_id": "2026-0101", "as_of": "2026-11-25", "procedure": "voluntary_arrangement", "court": "東京地裁",
    "representation": "judicial_scrivener",
    "household": {"monthly_income": 230000, "monthly_expenses": 180000, "annual_irregular_expenses": 120000},
    "debts": [{"creditor": "アコム", "amount": 600000, "kind": "consumer_finance"},
              {"creditor": "楽天カード", "amount": 400000, "kind": "credit_card"}],
    "fee_contract": {"refund_policy": "minus_expenses", "expenses": 5000},
    "deposits": [{"month": "2026-09", "due": 27800, "paid": 27800}, {"month": "2026-10", "due": 27800, "paid": 20000}],
}

TOKYO_IR = {
    "case_id": "2026-0202", "as_of": "2026-11-25", "procedure": "individual_rehabilitation", "court": "東京地方裁判所",
    "household": {"monthly_income": 320000, "monthly_expenses": 240000},
    "assets": {"liquidation_value": 300000},
    "debts": [{"creditor": "三井住友カード", "amount": 2500000, "kind": "credit_card"},
              {"creditor": "プロミス", "amount": 1500000, "kind": "consumer_finance"},
              {"creditor": "みずほ銀行", "amount": 1000000, "kind": "bank_loan"}],
    "deposits": [{"month": "2026-09", "due": 30000, "paid": 30000}, {"month": "2026-10", "due": 30000, "paid": 30000},
                 {"month": "2026-11", "due": 30000, "paid": 30000}],
}

AUTO = {
    "case_id": "2026-0303", "as_of": "2026-11-25", "procedure": "auto", "court": "大阪地裁",
    "household": {"monthly_income": 210000, "monthly_expenses": 185000, "family_informed": False},
    "debts": [{"creditor": "A社", "amount": 2400000, "kind": "consumer_finance"},
              {"creditor": "市県民税", "amount": 150000, "kind": "tax"}],
}


def test_a_voluntary_arrangement_typed_into_the_page_gets_the_clis_figures(page, tmp_path):
    fill(page, VA, typed={"household.monthly_income": "２３万", "household.monthly_expenses": "180,000円"})
    submit(page)
    assert page.locator("#form-problems").is_hidden(), page.locator("#form-problems").inner_text()
    expected = cli_result(tmp_path, VA)
    for path in FIGURES:
        assert shown(page, path) == _get(expected, path), path
    # the explanation is folded under the figure, with the rule and its citation
    why = page.locator('[data-figure="deposit"] details.why')
    assert why.count() == 1 and not why.get_attribute("open")
    why.locator("> summary").click()
    assert why.locator(".step").first.is_visible()
    assert page.errors == []


def test_a_tokyo_individual_rehabilitation_shows_the_commissioner_and_the_test_as_the_cli_does(page, tmp_path):
    fill(page, TOKYO_IR)
    submit(page)
    expected = cli_result(tmp_path, TOKYO_IR)
    for path in FIGURES + ["minimum_repayment"]:
        assert shown(page, path) == _get(expected, path), path
    assert shown(page, "commissioner.appointed") == expected["commissioner"]["appointed"]
    # statute text quoted under a figure that cites one
    assert page.locator("#result-body blockquote.statute").count() >= 1


def test_auto_recommends_what_the_cli_recommends_and_shows_every_procedure_evaluated(page, tmp_path):
    fill(page, AUTO)
    submit(page)
    expected = cli_result(tmp_path, AUTO)
    assert shown(page, "recommendation") == expected["recommendation"]
    cards = page.locator("#result-body article.card")
    assert cards.count() == len(expected["evaluations"])
    for ev in expected["evaluations"]:
        scope = f'#result-body article.card[data-procedure="{ev["procedure"]}"]'
        for path in ("feasibility.status", "deposit.monthly", "test.status"):
            assert shown(page, path, scope) == _get(ev, path), (ev["procedure"], path)


def test_creditor_rows_are_added_and_removed_and_the_case_keeps_the_rest_in_order(page):
    for _ in range(3):
        page.click('button.add-row[data-array="debts"]')
    rows = page.locator('table.rows[data-array="debts"] > tbody > tr')
    assert rows.count() == 4
    for i, name in enumerate(["一", "二", "三", "四"]):
        rows.nth(i).locator('[data-path="creditor"]').fill(name)
        rows.nth(i).locator('[data-path="amount"]').fill(str((i + 1) * 100000))
    rows.nth(1).locator("button.remove-row").click()
    assert rows.count() == 3
    assert [rows.nth(i).locator("td.n").inner_text() for i in range(3)] == ["1", "2", "3"]
    case = page.evaluate("() => collect()")
    assert "housing_loan_special_clause" not in case  # a yes/no/unset field left alone stays unset
    debts = case["debts"]
    assert debts == [{"creditor": "一", "amount": 100000}, {"creditor": "三", "amount": 300000}, {"creditor": "四", "amount": 400000}]


def test_a_wrong_amount_is_marked_at_its_field_in_japanese(page):
    case = json.loads(json.dumps(VA))
    fill(page, case, typed={"debts[1].amount": "四十万"})
    page.fill('[data-path="case_id"]', "")
    submit(page)
    bad = page.locator('table.rows[data-array="debts"] > tbody > tr').nth(1).locator('[data-path="amount"]')
    assert bad.get_attribute("aria-invalid") == "true"
    msg = page.locator('.err[data-error-for="debts[1].amount"]')
    assert msg.count() == 1 and "四十万" in msg.inner_text()
    assert any("\u3040" <= ch <= "\u30ff" for ch in msg.inner_text().replace("四十万", ""))  # said in Japanese
    assert page.locator('[data-path="case_id"]').get_attribute("aria-invalid") == "true"
    summary = page.locator("#form-problems").inner_text()
    assert "入力を確認してください" in summary and "債権者一覧 2行目" in summary
    assert page.locator("#result-body").inner_text() == ""


def test_text_typed_into_the_form_is_shown_as_text_never_run(page):
    case = json.loads(json.dumps(VA))
    case["case_id"] = '<img src=x onerror="window.__pwned=1">'
    case["debts"][0]["creditor"] = "<script>window.__pwned=2</script>"
    fill(page, case)
    submit(page)
    assert page.locator('#result-body [data-field="case_id"]').inner_text() == case["case_id"]
    assert page.locator("#result-body img").count() == 0
    assert page.evaluate("() => window.__pwned === undefined")


def test_the_yaml_download_is_the_case_file_the_cli_reads(page, tmp_path):
    fill(page, VA)
    submit(page)
    with page.expect_download() as dl:
        page.click("#download-yaml")
    f = tmp_path / "downloaded.yaml"
    dl.value.save_as(f)
    result = json.loads(cli_json(f))
    for path in FIGURES:
        assert shown(page, path) == _get(result, path), path
    with page.expect_download() as dl2:
        page.click("#download-report")
    report = tmp_path / "report.html"
    dl2.value.save_as(report)
    assert "2026-0101" in report.read_text(encoding="utf-8")


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the raw (filtered) scanlines of a PNG: enough to tell a blank page."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def test_the_page_with_a_result_is_not_a_blank_screenshot(page, tmp_path):
    fill(page, TOKYO_IR)
    submit(page)
    png = page.screenshot(full_page=True)
    (tmp_path / "page.png").write_bytes(png)
    width, height, raw = _png_pixels(png)
    assert width >= 1000 and height >= 800
    most = max(raw.count(b) for b in set(raw[::97]))
    assert most < 0.97 * len(raw), "the screenshot is (nearly) one colour"
    assert len(set(raw)) > 50


def test_the_trainer_says_right_or_wrong_first_then_explains_and_keeps_the_score(browser, server):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(server.base + "/quiz")
    pg.select_option("#quiz-count", "3")
    pg.fill("#quiz-seed", "5")
    pg.click("#quiz-begin")
    right = 0
    for k in range(3):
        pg.wait_for_selector(".answers")
        assert pg.locator("h2").first.inner_text() == f"問題 {k + 1} / 3"
        pg.locator('input[name="feasibility.status"]').first.check()
        pg.fill('input[name="deposit.monthly"]', "1,000円")
        pg.locator('input[name="test.status"]').first.check()
        pg.click(".answers button[type=submit]")
        pg.wait_for_selector("#quiz-verdict")
        assert pg.locator("ul.verdicts li").count() == 3
        right += pg.locator("ul.verdicts li.right").count()
        assert pg.locator("#quiz-why").get_attribute("open") is None  # the explanation waits to be opened
        pg.locator("#quiz-why > summary").click()
        assert pg.locator("#quiz-why .step").first.is_visible()
        pg.click("#quiz-next")
    score = pg.locator("#quiz-score")
    assert score.get_attribute("data-asked") == "9"
    assert int(score.get_attribute("data-right")) == right
    assert errors == []
    context.close()


def test_the_rule_explorer_finds_rules_by_a_word_in_japanese(browser, server):
    context = browser.new_context()
    pg = context.new_page()
    pg.goto(server.base + "/rules")
    pg.select_option('select[name="region"]', "tokyo")
    pg.fill("#rules-q", "再生委員")
    pg.click("#rules-filter button[type=submit]")
    pg.wait_for_url("**/rules?**")
    rules = pg.locator("article.rule")
    assert rules.count() > 0
    for i in range(rules.count()):
        assert "再生委員" in rules.nth(i).inner_text()
    assert pg.locator("#parameters table.params").count() >= 1
    context.close()


def test_a_case_file_opened_in_the_page_fills_the_form_and_gives_the_clis_result(page, tmp_path):
    f = open_case_file(page, tmp_path / "opened.yaml", TOKYO_IR)
    assert page.locator('table.rows[data-array="deposits"] > tbody > tr').count() == 3
    assert page.locator('[data-path="case_id"]').input_value() == "2026-0202"
    expected = json.loads(cli_json(f))
    for path in FIGURES:
        assert shown(page, path) == _get(expected, path), path
    with page.expect_download() as dl:
        page.click("#download-xlsx")
    book = tmp_path / "saved.xlsx"
    dl.value.save_as(book)
    assert json.loads(cli_json(book))["deposit"] == expected["deposit"]


def test_a_court_is_found_by_its_japanese_name_branch_courts_included(page):
    page.fill("#court", "立川")
    page.wait_for_function("() => document.getElementById('court-resolved').textContent.includes('東京地方裁判所')")
    page.fill("#court", "東京地方裁判所立川支部")
    page.wait_for_function("() => document.getElementById('court-resolved').textContent.startsWith('→')")
    assert "東京地裁の運用" in page.locator("#court-resolved").inner_text()
    options = page.eval_on_selector_all("#court-list option", "os => os.map(o => o.value)")
    assert "東京地方裁判所立川支部" in options and "大阪地方裁判所" in options


# ---------- 取引履歴: a creditor's transactions as rows under its row ----------

TX = {
    "case_id": "2026-0404", "as_of": "2026-11-25", "procedure": "voluntary_arrangement", "court": "東京地裁",
    "household": {"monthly_income": 200000, "monthly_expenses": 150000, "annual_irregular_expenses": 12000},
    "debts": [{"creditor": "E社", "amount": 100000, "transactions": [{"date": "2024-01-10", "borrow": 100000}]},
              {"creditor": "F社", "amount": 300000, "kind": "consumer_finance",
               "transactions": [{"date": "2012-04-02", "borrow": 500000}, {"date": "2014-04-01", "repay": 200000},
                                {"date": "2016-04-01", "repay": 250000}]}],
}


def test_a_creditors_transactions_are_typed_as_rows_under_it_and_recalculated_as_the_cli_does(page, tmp_path):
    fill(page, TX)
    assert page.evaluate("() => collect()")["debts"] == TX["debts"]  # what the lawyer typed, nothing more or less
    summaries = page.locator('table.rows[data-array="debts"] details.subrows > summary .count')
    assert [summaries.nth(i).inner_text() for i in range(2)] == ["1", "3"]
    submit(page)
    assert page.locator("#form-problems").is_hidden(), page.locator("#form-problems").inner_text()
    expected = cli_result(tmp_path, TX)
    for path in FIGURES:
        assert shown(page, path) == _get(expected, path), path
    table = page.locator('[data-figure="recalculation"]').inner_text()
    for row in expected["recalculation"]:  # each creditor's recalculated debt is on the page, as the CLI computed it
        assert row["creditor"] in table and f"{row['amount']:,}" in table


def test_a_transaction_row_is_removed_and_the_rest_keep_their_order(page):
    fill(page, TX)
    sub = page.locator('table.rows[data-array="debts"] > tbody > tr').nth(1).locator("table.subrows > tbody > tr")
    sub.nth(1).locator("button.remove-subrow").click()
    assert sub.count() == 2 and [sub.nth(i).locator("td.n").inner_text() for i in range(2)] == ["1", "2"]
    count = page.locator('table.rows[data-array="debts"] > tbody > tr').nth(1).locator("details.subrows > summary .count")
    assert count.inner_text() == "2"
    debts = page.evaluate("() => collect()")["debts"]
    assert debts[1]["transactions"] == [TX["debts"][1]["transactions"][0], TX["debts"][1]["transactions"][2]]
    assert debts[0] == TX["debts"][0]


def test_transactions_out_of_order_are_marked_at_the_row_under_the_creditor(page):
    case = json.loads(json.dumps(TX))
    case["debts"][1]["transactions"][2]["date"] = "2013-01-01"  # before the row above it
    fill(page, case)
    submit(page)
    bad = (page.locator('table.rows[data-array="debts"] > tbody > tr').nth(1)
           .locator("table.subrows > tbody > tr").nth(2).locator('[data-path="date"]'))
    assert bad.get_attribute("aria-invalid") == "true" and bad.is_visible()
    summary = page.locator("#form-problems").inner_text()
    assert "債権者一覧 2行目 取引履歴 3行目: 取引日" in summary


def test_a_case_file_with_transactions_opens_into_the_rows_and_saves_back_unchanged(page, tmp_path):
    f = open_case_file(page, tmp_path / "tx.yaml", TX)
    rows = page.locator('table.rows[data-array="debts"] > tbody > tr')
    assert rows.nth(1).locator("table.subrows > tbody > tr").count() == 3
    assert rows.nth(1).locator("table.subrows > tbody > tr").nth(2).locator('[data-path="repay"]').input_value() == "250000"
    assert page.evaluate("() => collect()")["debts"] == TX["debts"]
    with page.expect_download() as dl:
        page.click("#download-yaml")
    saved = tmp_path / "saved.yaml"
    dl.value.save_as(saved)
    assert json.loads(cli_json(saved)) == json.loads(cli_json(f))


# ---------- the page in English ----------

def test_the_intake_page_reads_in_english_on_request_and_gives_the_clis_figures(page, server, tmp_path):
    page.click("#lang-switch")
    page.wait_for_url("**/?lang=en")
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#evaluate").inner_text() == "Evaluate"
    headers = page.locator('table.rows[data-array="debts"] > thead th').all_inner_texts()
    assert "creditor" in headers and "transactions" in headers
    body = page.locator("form#case-form").inner_text() + page.locator("header.top").inner_text()
    assert not any("\u3040" <= ch <= "\u30ff" for ch in body.replace("日本語", "")), "kana left on the English page"
    fill(page, VA)
    submit(page)
    expected = cli_result(tmp_path, VA)
    for path in FIGURES:
        assert shown(page, path) == _get(expected, path), path
    reason = page.locator('[data-figure="feasibility"] ul.reasons li').first.inner_text()
    assert reason.startswith(expected["feasibility"]["reasons"][0]["en"])
    assert page.errors == []


def test_a_field_error_on_the_english_page_is_said_in_english(page, server):
    page.goto(server.base + "/?lang=en")
    page.wait_for_selector("body[data-ready='1']")
    fill(page, VA, typed={"debts[1].amount": "四十万"})
    submit(page)
    msg = page.locator('.err[data-error-for="debts[1].amount"]').inner_text()
    assert not any("\u3040" <= ch <= "\u30ff" for ch in msg.replace("四十万", "")), msg
    summary = page.locator("#form-problems").inner_text()
    assert "Please check the form" in summary and "row 2" in summary


def test_the_trainer_in_english_asks_and_answers_in_english(browser, server):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(server.base + "/quiz?lang=en")
    assert pg.locator("html").get_attribute("lang") == "en"
    pg.select_option("#quiz-count", "3")
    pg.fill("#quiz-seed", "5")
    pg.click("#quiz-begin")
    pg.wait_for_selector(".answers")
    assert pg.locator("h2").first.inner_text() == "Question 1 / 3"
    choices = pg.locator(".answers fieldset").first.inner_text()
    assert not any("\u3040" <= ch <= "\u30ff" for ch in choices), choices
    pg.locator('input[name="feasibility.status"]').first.check()
    pg.fill('input[name="deposit.monthly"]', "1,000 yen")
    pg.locator('input[name="test.status"]').first.check()
    pg.click(".answers button[type=submit]")
    pg.wait_for_selector("#quiz-verdict")
    verdicts = pg.locator("ul.verdicts").inner_text()
    assert ("right" in verdicts or "wrong" in verdicts) and "正解" not in verdicts
    pg.locator("#quiz-why > summary").click()
    assert pg.locator("#quiz-why .step").first.is_visible()
    assert errors == []
    context.close()
