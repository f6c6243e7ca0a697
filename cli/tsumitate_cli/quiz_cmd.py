"""``tsumitate quiz [PATH...]``: training mode — a case without its result, the trainee's answers, the score.

Questions, answer reading and scoring are ``tsumitate.scenarios.quiz`` (shared with the web
trainer). Here: the terminal dialogue. Nothing shown before an answer gives it away (no scenario
name, case id or ledger plan); choices are numbered and may be typed as the number, the
Japanese or English label or the code; amounts with commas, 円 or 万. After the answers the
verdict comes first, then the explanation waits for Enter (it is long); at the end the score
and the topics missed.
"""

from __future__ import annotations

import random
import sys

import click

from .common import lang_option, load_book, report_problems, rules_option

_T = {
    "ja": {"q": "問題", "ok": "○ 正解", "ng": "× 不正解", "answer": "正しい答え", "score": "得点",
           "why": "判定の根拠", "seed": "シード", "none": "出題できるシナリオがありません",
           "again": "読み取れませんでした。番号・選択肢の言葉・コードのどれかで答えてください",
           "again_yen": "読み取れませんでした。金額を数字で答えてください（例: 27,778 / 27778円 / 2.7778万）",
           "enter": "Enter で解説を表示します（s + Enter で解説を飛ばします）", "scenario": "出題したシナリオ",
           "missed": "間違えた論点", "all_right": "全問正解です", "verdict": "判定", "you": "あなたの答え",
           "choices": "選択肢", "unknown": "（答えなし）"},
    "en": {"q": "Question", "ok": "right", "ng": "wrong", "answer": "the answer", "score": "score",
           "why": "Why", "seed": "seed", "none": "no scenario to ask about",
           "again": "could not read that; answer with the number, the label or the code",
           "again_yen": "could not read that; answer with an amount (27,778 / 27778 yen / 2.7778万)",
           "enter": "press Enter for the explanation (s + Enter to skip it)", "scenario": "scenario asked",
           "missed": "topics missed", "all_right": "all answers right", "verdict": "Verdict", "you": "your answer",
           "choices": "choices", "unknown": "(no answer)"},
}


def _ask(q: dict, choices, lang: str, heading: str) -> str:
    """Ask one question until the answer can be read; returns the text typed (scoring reads it again)."""
    from tsumitate.scenarios.quiz import read_amount, read_choice

    t = _T[lang]
    if choices:
        numbered = "  ".join(f"{k}) {name}" for k, (_, name) in enumerate(q["choices"], 1))
        click.echo(f"{heading}  {t['choices']}: {numbered}")
    while True:
        typed = click.prompt(heading, default="", show_default=False)
        if (read_choice(typed, choices) if choices else read_amount(typed)) is not None:
            return typed
        click.echo(t["again"] if choices else t["again_yen"])


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--seed", type=int, default=None, help="pick the same cases in the same order again (printed when not given)")
@click.option("--count", type=click.IntRange(min=1), default=5, show_default=True, help="number of cases to ask about")
@lang_option("language of the questions")
@rules_option
def quiz(paths, seed, count, lang, rules_dir):
    """Training: show a case (from scenario files, folders or case files; default scenarios/)
    without its result, ask for the feasibility, the monthly deposit and the test status,
    say right or wrong, then (after Enter) show the explanation. Score and topics missed at the end."""
    from tsumitate.evaluate import Evaluator
    from tsumitate.explain.build import explain_outcome
    from tsumitate.explain.render import render_text
    from tsumitate.output.case_text import render_case
    from tsumitate.output.plan_status import test_heading
    from tsumitate.scenarios.quiz import QUESTIONS, choose, pool, questions, score

    from .explain_cmd import load_statutes_or_exit

    t = _T[lang]
    evaluator = Evaluator(load_book(rules_dir))
    statutes = load_statutes_or_exit(rules_dir)
    problems: list = []
    items = pool(list(paths) or ["scenarios"], evaluator, problems=problems)
    report_problems(problems)
    if not items:
        click.echo(t["none"], err=True)
        sys.exit(2)
    if seed is None:
        seed = random.SystemRandom().randrange(10**6)
    click.echo(f"{t['seed']}: {seed}")
    chosen = choose(items, seed, count)
    right = asked = 0
    missed: list[tuple[int, str, str]] = []  # (question number, topic, scenario name)
    qs = questions(lang)
    for k, item in enumerate(chosen, 1):
        outcome = item.outcome
        result = outcome.result
        click.echo(f"\n=== {t['q']} {k}/{len(chosen)}")
        click.echo(render_case(outcome.case, lang, quiz=True))
        click.echo("")
        typed = {}
        for q, (path, _ja, _en, choices) in zip(qs, QUESTIONS):
            heading = test_heading(result["procedure"], lang) if path == "test.status" else q["label"]
            typed[path] = _ask(q, choices, lang, heading)
        verdicts = score(result, typed, lang)
        click.echo(f"\n--- {t['verdict']}")
        for q, v in zip(qs, verdicts):
            asked += 1
            heading = test_heading(result["procedure"], lang) if v["field"] == "test.status" else q["label"]
            answer = v["answer_label"] if v["answer_label"] is not None else t["unknown"]
            if isinstance(answer, int):
                answer = f"{answer:,}円" if lang == "ja" else f"{answer:,} yen"
            if v["right"]:
                right += 1
                click.echo(f"  {t['ok']}  {heading}: {answer}")
            else:
                click.echo(f"  {t['ng']}  {heading}: {t['you']} {v['given']} / {t['answer']} {answer}")
                missed.append((k, heading, item.scenario.name))
        click.echo(f"  {t['scenario']}: {item.scenario.name}")
        more = click.prompt(t["enter"], default="", show_default=False)
        if more.strip().lower() != "s":
            click.echo(f"\n--- {t['why']}")
            click.echo(render_text(explain_outcome(outcome, statutes, lang)))
    click.echo(f"\n{t['score']}: {right}/{asked} ({round(100 * right / asked)}%)")
    if missed:
        click.echo(f"{t['missed']}:")
        topics: dict[str, list[str]] = {}
        for k, topic, name in missed:
            topics.setdefault(topic, []).append(f"{t['q']}{k}（{name}）" if lang == "ja" else f"Q{k} ({name})")
        for topic, where in topics.items():
            click.echo(f"  - {topic}: " + ("、".join(where) if lang == "ja" else ", ".join(where)))
    else:
        click.echo(t["all_right"])
