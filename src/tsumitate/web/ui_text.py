"""What the pages say around the data (buttons, headings, hints), in Japanese and English.

The names of case fields and choices come from ``model.field_labels`` and the names of result
values from ``output.labels``; this table holds only the page's own words. ``/?lang=en`` and
``/quiz?lang=en`` show the intake page and the trainer in English, and the page then asks the
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
