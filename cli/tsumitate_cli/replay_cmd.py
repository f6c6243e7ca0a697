"""``tsumitate replay [PATH...]``: run scenario files, show a diff per mismatch and a summary line.

The summary is always the last line of standard output: ``N passed, N failed`` and, when
not zero, ``, N errors`` and ``, N skipped`` (of stderr when ``--junit`` names standard output:
the XML is then the only thing on stdout). Exit 0 all pass, 1 a mismatch (or coverage
below ``--min-coverage``), 2 a file that cannot be read or a scenario whose case is invalid.
"""

from __future__ import annotations

import sys

import click

from .common import is_stdout, lang_option, load_book, no_match, rules_option, say


def _selection(keyword, tags):
    from tsumitate.scenarios.select import ExpressionError, Selection

    try:
        return Selection(keyword, tuple(tags))
    except ExpressionError as e:
        click.echo(f"-k: {e}", err=True)  # one line, exit 2 (Click's usage block would bury it)
        sys.exit(2)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("-k", "keyword", metavar="EXPR", default=None,
              help="run scenarios whose name matches: substrings with not / and / or / parentheses, like pytest -k")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="run scenarios carrying this tag (repeatable: any of them)")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: a diff per failure; json: one object per scenario per line, then a summary object")
@click.option("--junit", "junit_path", type=click.Path(dir_okay=False, path_type=str), default=None, metavar="FILE",
              help="also write JUnit XML (one testcase per scenario) to FILE")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="worker processes (default: the number of CPU cores); output order does not depend on it")
@click.option("--accept", is_flag=True, help="rewrite the expect: values of failing scenarios to the actual results")
@click.option("--coverage", is_flag=True, help="report how many scenarios fired each rule, and the rules none fires")
@click.option("--min-coverage", type=click.FloatRange(0, 100), default=None, metavar="PCT",
              help="exit 1 when fewer than PCT percent of the rules fire (implies --coverage)")
@click.option("-v", "--verbose", is_flag=True, help="text: also list passing and skipped scenarios")
@lang_option("language of problem lines")
@rules_option
def replay(paths, keyword, tags, fmt, junit_path, workers, accept, coverage, min_coverage, verbose, lang, rules_dir):
    """Run scenario files and folders (default: scenarios/) and compare each result with its expect:.

    Exit 0 all pass, 1 a mismatch, 2 a file that cannot be read or is malformed (the others still run).
    """
    from tsumitate.output.visible import one_line
    from tsumitate.scenarios.replay import replay as run_all
    from tsumitate.scenarios.run import ERROR, FAILED, PASSED, SKIPPED

    selection = _selection(keyword, tags)
    import signal

    # SIGTERM (a CI job cancelled): stop the workers and end quietly, no traceback from any process.
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    click.get_current_context().call_on_close(lambda: signal.signal(signal.SIGTERM, previous))
    book = load_book(rules_dir)
    coverage = coverage or min_coverage is not None
    json_out = fmt == "json"
    if json_out:
        from tsumitate.scenarios.report_json import dumps, file_error_object, scenario_object
    else:
        from tsumitate.scenarios.diff_text import render
    junit = None
    if junit_path:
        from tsumitate.scenarios.junit import JUnitWriter

        _refuse_a_scenario_as_junit(junit_path, paths)
        try:
            junit = JUnitWriter(junit_path)
        except OSError as e:
            say(f"{junit_path}: -: JUnit の報告を書き込めません: {e.strerror or e}",
                f"{junit_path}: -: cannot write the JUnit report: {e.strerror or e}")
            sys.exit(2)
    cov = None
    if coverage:
        from tsumitate.scenarios.coverage import Coverage

        cov = Coverage.of(book)
    if accept:
        from tsumitate.scenarios.accept import accept as accept_file

    counts = {PASSED: 0, FAILED: 0, ERROR: 0, SKIPPED: 0}
    unreadable = 0
    unwritten = 0  # --accept: files that could not be rewritten (left as they were)
    accepted_files = []
    out = click.echo
    if junit_path and is_stdout(junit_path):  # --junit /dev/stdout: the XML is the output; our lines go to stderr
        def out(message=None, **kwargs):
            click.echo(message, err=True, **kwargs)
    for report in run_all(list(paths) or ["scenarios"], book, workers=workers, selection=selection,
                          keep_fired=coverage, rules_dir=rules_dir):
        if report.not_a_scenario:
            continue
        if report.unreadable:
            unreadable += 1
            if json_out:
                out(dumps(file_error_object(report)))
            else:
                for line in report.problems:
                    click.echo(line, err=True)
            if junit:
                junit.add_unreadable(report)
            continue
        for rec in report.records:
            counts[rec.status] += 1
            if cov is not None:
                cov.add(rec)
            if junit:
                junit.add(rec)
            if json_out:
                out(dumps(scenario_object(rec)))
            elif rec.status == FAILED:
                out(render(rec))
            elif rec.status == ERROR:
                click.echo(render(rec), err=True)
            elif verbose:
                out(f"{'PASS' if rec.status == PASSED else 'SKIP'} {one_line(rec.name)}  ({one_line(rec.file)})")
        if accept and any(r.status == FAILED for r in report.records):
            acc = accept_file(report)
            accepted_files.append(acc)
            if not json_out:
                if acc.changed:
                    out(f"accepted: {one_line(acc.file)} ({len(acc.changed)} value{'s' if len(acc.changed) != 1 else ''}: "
                        + "; ".join(map(one_line, acc.changed)) + ")")
                for why in acc.refused:
                    out(f"not accepted: {one_line(acc.file)}: {one_line(why)}")
            if acc.note:  # written, but the person must know (hard links keep the old text)
                click.echo(acc.note, err=True)
            if acc.problem:  # reported, counted as an error; the run goes on to its summary
                unwritten += 1
                click.echo(acc.problem, err=True)
    if junit:
        try:
            junit.close()
        except OSError as e:
            say(f"{junit_path}: -: JUnit の報告を書き込めません: {e.strerror or e}",
                f"{junit_path}: -: cannot write the JUnit report: {e.strerror or e}")
            unreadable += 1
    below = False
    if cov is not None:
        below = min_coverage is not None and cov.percent < min_coverage
        if json_out:
            out(dumps(cov.json()))
        else:
            out(cov.text())
            if below:
                out(f"Coverage {cov.percent:.1f}% is below --min-coverage {min_coverage:g}%")
    if accept:
        changed = [a.file for a in accepted_files if a.changed]
        if json_out:
            out(dumps({"type": "accepted", "files": changed,
                       "refused": [f"{a.file}: {w}" for a in accepted_files for w in a.refused],
                       "problems": [a.problem for a in accepted_files if a.problem],
                       "notes": [a.note for a in accepted_files if a.note]}))
        else:
            out(f"--accept rewrote {len(changed)} file{'s' if len(changed) != 1 else ''}"
                + (": " + ", ".join(map(one_line, changed)) if changed else ""))
    errors = counts[ERROR] + unreadable + unwritten
    if json_out:
        out(dumps({"type": "summary", "passed": counts[PASSED], "failed": counts[FAILED], "errors": errors,
                   "skipped": counts[SKIPPED]}))
    else:
        summary = f"{counts[PASSED]} passed, {counts[FAILED]} failed"
        if errors:
            summary += f", {errors} errors"
        if counts[SKIPPED]:
            summary += f", {counts[SKIPPED]} skipped"
        out(summary)
    if not selection.everything and not any(counts.values()):  # a typo in -k must not look like a green suite
        click.echo(no_match(keyword, tags), err=True)
        sys.exit(2)
    sys.exit(2 if errors else 1 if (counts[FAILED] or below) else 0)


def _refuse_a_scenario_as_junit(junit_path: str, paths) -> None:
    """``--junit case.yaml`` would replace a scenario file with XML (and the next walk would read it): refuse."""
    import os

    from tsumitate.scenarios.files import SUFFIXES

    same = any(os.path.exists(p) and os.path.exists(junit_path) and os.path.samefile(p, junit_path) for p in paths)
    if same or junit_path.lower().endswith(SUFFIXES):
        from tsumitate.errors import M, Problem

        click.echo(str(Problem(junit_path, None, "--junit", M(
            "シナリオや案件のファイル（.yaml/.yml/.json）には書き込みません。report.xml などを指定してください",
            "not writing the JUnit report over a scenario or case file (.yaml/.yml/.json); name it e.g. report.xml"))),
            err=True)
        sys.exit(2)
