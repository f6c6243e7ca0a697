"""What the pages say around the data (buttons, headings, hints), in Japanese and English.

The names of case fields and choices come from ``model.field_labels`` and the names of result
values from ``output.labels``; this table holds only the page's own words. ``/?lang=en``,
``/quiz?lang=en`` and ``/rules?lang=en`` show the intake page, the trainer and the rule explorer in English, and the page then asks the
API with ``?lang=en`` too, so problems, reasons, questions and explanations come back in the same
language. Japanese is the default.
"""

from __future__ import annotations

LANGS = ("ja", "en")

UI: dict[str, tuple[str, str]] = {
    # base.html
    "nav_intake": ("相談メモ（入力と判定）", "Intake and result"),
    "nav_rules": ("ルールと根拠", "Rules and sources"),
    "nav_quiz": ("練習問題", "Trainer"),
    "nav_api": ("API", "API"),
    "not_stored": ("このページは入力内容をサーバーに保存しません", "Nothing typed here is stored on the server"),
    "other_language": ("English", "日本語"),
    # index.html
    "intake_title": ("相談メモ", "Intake"),
    "intake_hint": ("入力すると右に判定が出ます", "the result appears on the right"),
    "basics": ("基本", "Basics"),
    "required": ("必須", "required"),
    "court_placeholder": ("東京地裁・立川支部・大阪 など", "東京地裁, 立川支部, osaka ..."),
    "branch_court": ("支部（本庁の運用）", "branch court (the main court's practice)"),
    "one_row_or_more": ("1行以上", "one row or more"),
    "add_row": ("＋ 行を追加", "+ add a row"),
    "add_subrow": ("＋ 取引を追加", "+ add a transaction"),
    "rows_unit": ("行", " rows"),
    "remove": ("削除", "remove"),
    "remove_row_title": ("この行を削除", "remove this row"),
    "in_yaml_file": ("はYAMLファイルで入力してください。", ": enter in the YAML case file."),
    "evaluate": ("判定する", "Evaluate"),
    "download_yaml": ("YAMLをダウンロード", "Download YAML"),
    "save_xlsx": ("Excelで保存", "Save as Excel"),
    "download_report": ("HTMLレポートをダウンロード", "Download the HTML report"),
    "print": ("印刷", "Print"),
    "open_file": ("ファイルを開く（YAML・JSON・Excel）", "Open a file (YAML, JSON, Excel)"),
    "result": ("判定", "Result"),
    "result_empty": ("左の相談メモを入力して「判定する」を押してください。", "Fill in the form on the left and press Evaluate."),
    # quiz.html
    "quiz_title": ("練習問題", "Trainer"),
    "quiz_hint": ("シナリオ集の事件を結果を伏せて出題します。答えると正誤、そのあと根拠。",
                  "cases from the scenario library, results hidden: right or wrong first, then why"),
    "quiz_count": ("問題数", "questions"),
    "quiz_seed": ("シード（同じ問題をもう一度）", "seed (the same questions again)"),
    "quiz_seed_placeholder": ("空欄: ランダム", "blank: random"),
    "quiz_begin": ("始める", "Begin"),
    # rules.html
    "sep": ("・", " · "),
    "rules_title": ("ルールと根拠", "Rules and sources"),
    "rules_sub": ("判定に使うルール・数値・条文のすべて（rules/ のデータそのもの）",
                  "every rule, figure and statute text the evaluation uses (the data in rules/ itself)"),
    "rules_data_note": ("", "Descriptions, region notes, sources and statute texts are shown as the rule files hold them, "
                            "in Japanese; each statute carries an English gloss."),
    "procedure": ("手続", "Procedure"),
    "all": ("すべて", "all"),
    "region_in_order": ("地域（発火順で表示）", "Region (rules in firing order)"),
    "all_variants": ("すべての変種（基本と地域の上書き）", "every variant (base and regional overrides)"),
    "as_of_params": ("基準日（パラメータ）", "Date (parameters in force)"),
    "search": ("検索", "Search"),
    "search_placeholder": ("再生委員・223条・refund など", "commissioner, 223条, refund ..."),
    "show": ("表示", "Show"),
    "procedures": ("手続", "Procedures"),
    "regions_courts": ("地域と裁判所", "Regions and courts"),
    "rules": ("ルール", "Rules"),
    "parameters": ("パラメータ", "Parameters"),
    "statutes": ("条文", "Statutes"),
    "key": ("キー", "key"),
    "stages_in_order": ("ステージ（この順に判定）", "stages (decided in this order)"),
    "region": ("地域", "region"),
    "practice": ("運用", "practice"),
    "courts": ("裁判所", "courts"),
    "firing_order": ("発火順", "firing order"),
    "containing": ("を含むもの", "containing"),
    "no_rules": ("該当するルールはありません。", "No rule matches."),
    "stage": ("ステージ", "stage"),
    "group": ("グループ", "group"),
    "group_first": ("（最初に当てはまった1つだけ）", " (only the first that holds)"),
    "defined_in": ("定義", "defined in"),
    "applies_in": ("適用地域", "applies in"),
    "condition": ("条件", "condition"),
    "fires_when": ("実際に発火する条件", "fires when (with the group's earlier rules)"),
    "conclusion": ("結論", "sets"),
    "text_ja": ("説明（日本語）", "text (Japanese)"),
    "text_en": ("English", "text (English)"),
    "unmet": ("当てはまらないとき", "when it does not hold"),
    "cite": ("根拠", "authority"),
    "unverified_text": ("〔条文の文言は未照合〕", "[wording not compared with an official copy]"),
    "rule_json": ("JSON（durable_rules の条件を含む）", "JSON (with the durable_rules condition)"),
    "as_at": ("時点", "as at"),
    "none_here": ("該当なし", "none"),
    "name": ("名前", "name"),
    "description": ("説明", "description"),
    "value_that_day": ("この日の値", "value on that day"),
    "history": ("改定履歴（適用開始・値・出典）", "history (from, value, source)"),
    "from_date": ("から", "from"),
    "start_unknown": ("開始時期不明", "start not known"),
    "checked_on": ("確認", "checked"),
    "checked_date": ("確認日", "checked"),
    "no_value_that_day": ("この日に有効な値なし", "no value in force on that day"),
    "unconfirmed": ("〔未確認〕", "[not confirmed]"),
    # docs.html
    "case_schema": ("事件ファイルの JSON Schema", "JSON Schema of the case file"),
    "api_method": ("メソッド", "method"),
    "api_path": ("パス", "path"),
    "api_what": ("内容", "what it does"),
    "api_params": ("パラメータ", "parameters"),
    "api_body": ("本文", "body"),
    "api_responses": ("応答", "responses"),
    "api_example": ("例", "Example"),
    # _inputs.html
    "unset_auto": ("（指定なし：自動）", "(not given: decided by the rules)"),
    "unset": ("（指定なし）", "(not given)"),
    "yes": ("はい", "yes"),
    "no": ("いいえ", "no"),
    "yen_placeholder": ("円", "yen"),
}


def lang_of(value: str | None) -> str:
    return value if value in LANGS else "ja"


def texts(lang: str) -> dict[str, str]:
    k = 0 if lang == "ja" else 1
    return {key: pair[k] for key, pair in UI.items()}
