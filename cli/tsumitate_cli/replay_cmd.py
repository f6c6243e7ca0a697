"""``tsumitate replay [PATH...]``: run scenario files, show a diff per mismatch and a summary line."""

from __future__ import annotations

import sys

import click

from .common import load_book, report_problems, rules_option


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@rules_option
def replay(paths, rules_dir):
    """Run scenario files and folders (default: scenarios/). Exit 0 all pass, 1 a mismatch, 2 an unreadable file."""
    from tsumitate.errors import InputError
    from tsumitate.evaluate import Evaluator
    from tsumitate.scenarios.diff_text import render
    from tsumitate.scenarios.files import load_scenarios, scenario_files
    from tsumitate.scenarios.run import ERROR, FAILED, PASSED, run_scenario

    evaluator = Evaluator(load_book(rules_dir))
    counts = {PASSED: 0, FAILED: 0, ERROR: 0}
    unreadable = 0
    for path, exists in scenario_files(list(paths) or ["scenarios"]):
        if not exists:
            click.echo(f"{path}: -: no such file or directory", err=True)
            unreadable += 1
            continue
        try:
            scenarios = load_scenarios(path)
        except InputError as e:
            report_problems(e.problems)
            unreadable += 1
            continue
        for sc in scenarios:
            r = run_scenario(evaluator, sc)
            counts[r.status] += 1
            if r.status == FAILED:
                click.echo(render(r))
            elif r.status == ERROR:
                click.echo(f"ERROR {sc.name}")
                report_problems(r.problems)
    summary = f"{counts[PASSED]} passed, {counts[FAILED]} failed"
    if counts[ERROR] or unreadable:
        summary += f", {counts[ERROR] + unreadable} errors"
    click.echo(summary)
    sys.exit(2 if (unreadable or counts[ERROR]) else 1 if counts[FAILED] else 0)
