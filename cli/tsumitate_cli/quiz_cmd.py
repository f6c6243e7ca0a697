"""``tsumitate quiz [PATH...]``: training mode — a case without its result, the trainee's answers, the score."""

from __future__ import annotations

import random
import sys

import click

from .common import lang_option, load_book, report_problems, rules_option

FEASIBILITY = ("feasible", "needs_second_opinion", "infeasible", "not_applicable")
TEST = ("not_started", "in_progress", "passed", "at_risk", "failed", "not_applicable")
_T = {
    "ja": {"q": "問題", "feas": "見通し (feasibility.status)", "dep": "積立金の月額 (deposit.monthly, 円)",
           "test": "履行テスト (test.status)", "ok": "正解", "ng": "不正解", "answer": "答え", "score": "得点",
           "why": "判定の根拠", "seed": "シード", "none": "出題できるシナリオがありません"},
    "en": {"q": "Question", "feas": "feasibility (feasibility.status)", "dep": "monthly deposit (deposit.monthly, yen)",
           "test": "test status (test.status)", "ok": "right", "ng": "wrong", "answer": "answer", "score": "score",
           "why": "Why", "seed": "seed", "none": "no scenario to ask about"},
}


def _pool(paths, evaluator, statutes, lang):
    """Scenarios that evaluate (expect_error ones are skipped): (scenario, explanation, result)."""
    from tsumitate.errors import InputError
    from tsumitate.explain.build import explain_outcome
    from tsumitate.scenarios.files import load_scenarios, scenario_files
    from tsumitate.scenarios.run import evaluate_scenario

    out = []
    walk_problems: list = []
    listed = scenario_files(list(paths) or ["scenarios"], walk_problems)
    report_problems(walk_problems)
    for path, exists in listed:
        if not exists:
            click.echo(f"{path}: -: no such file or directory", err=True)
            continue
        try:
            scenarios = load_scenarios(path)
        except InputError as e:
            report_problems(e.problems)
            continue
        for sc in scenarios:
            if sc.expect_error is not None:
                continue
            try:
                outcome = evaluate_scenario(evaluator, sc, trace=True)
            except InputError:
                continue
            if outcome.ok:
                out.append((sc, outcome, explain_outcome(outcome, statutes, lang)))
    return out


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--seed", type=int, default=None, help="pick the same cases in the same order again (printed when not given)")
@click.option("--count", type=click.IntRange(min=1), default=5, show_default=True, help="number of cases to ask about")
@lang_option("language of the questions")
@rules_option
def quiz(paths, seed, count, lang, rules_dir):
    """Training: show a scenario's case (default scenarios/) without its result, ask for the
    feasibility, the monthly deposit and the test status, score the answers against the
    evaluated result, then show the explanation. A score summary at the end."""
    from tsumitate.evaluate import Evaluator
    from tsumitate.explain.render import render_text
    from tsumitate.output.case_text import render_case

    from .explain_cmd import load_statutes_or_exit

    t = _T[lang]
    evaluator = Evaluator(load_book(rules_dir))
    pool = _pool(paths, evaluator, load_statutes_or_exit(rules_dir), lang)
    if not pool:
        click.echo(t["none"], err=True)
        sys.exit(2)
    if seed is None:
        seed = random.SystemRandom().randrange(10**6)
    click.echo(f"{t['seed']}: {seed}")
    chosen = random.Random(seed).sample(pool, min(count, len(pool)))
    score = asked = 0
    for k, (sc, outcome, ex) in enumerate(chosen, 1):
        result = outcome.result
        click.echo(f"\n=== {t['q']} {k}/{len(chosen)}: {sc.name}")
        click.echo(render_case(outcome.case, lang))
        answers = [
            (t["feas"], click.prompt(t["feas"], type=click.Choice(FEASIBILITY)), result["feasibility"]["status"]),
            (t["dep"], click.prompt(t["dep"], type=int), result["deposit"]["monthly"]),
            (t["test"], click.prompt(t["test"], type=click.Choice(TEST)), result["test"]["status"]),
        ]
        for what, given, right in answers:
            asked += 1
            score += given == right
            mark = t["ok"] if given == right else f"{t['ng']} ({t['answer']}: {right if right is not None else '—'})"
            click.echo(f"  {what}: {given} → {mark}")
        click.echo(f"\n--- {t['why']}")
        click.echo(render_text(ex))
    click.echo(f"\n{t['score']}: {score}/{asked} ({round(100 * score / asked)}%)")
