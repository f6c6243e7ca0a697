"""``tsumitate diff --base RULES_A [--rules RULES_B] [PATH...]``: which scenario cases change between two rule versions.

``--base`` is a rules directory or a git revision (``HEAD~1``, a branch, a commit) of the
rules directory. Exit 0 nothing changed, 1 something changed, 2 bad input (a rules
directory, revision or scenario file that cannot be used).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import click

from .common import lang_option, load_book, no_match, report_problems, rules_option


def _base_dir(base: str, rules_dir: str | None) -> tuple[str, Path | None]:
    """The base rules as a directory; a git revision is exported to a temporary one (returned to clean up)."""
    if Path(base).is_dir():
        return base, None
    from tsumitate.errors import InputError
    from tsumitate.rulebook.load import default_rules_dir
    from tsumitate.scenarios.git_rules import export_rules_at

    candidates = [Path(rules_dir)] if rules_dir else [Path.cwd() / "rules", default_rules_dir()]
    tmp = Path(tempfile.mkdtemp(prefix="tsumitate-base-"))
    try:
        folder = export_rules_at(base, candidates, into=tmp)
    except InputError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        report_problems(e.problems)
        sys.exit(2)
    return str(folder), tmp


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--base", required=True, metavar="RULES_A",
              help="the rules to compare against: a directory, or a git revision of the rules directory (HEAD~1)")
@click.option("-k", "keyword", metavar="EXPR", default=None, help="only scenarios whose name matches (as replay -k)")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="only scenarios carrying this tag (repeatable)")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: changes grouped by rule; json: one object per changed case, then a summary object")
@lang_option("language of problem lines")
@rules_option
def diff(paths, base, keyword, tags, fmt, lang, rules_dir):
    """Evaluate every scenario's case under --base and under --rules; list the cases whose result changes.

    Exit 0 nothing changed, 1 something changed, 2 bad input.
    """
    from tsumitate.errors import InputError
    from tsumitate.evaluate import Evaluator
    from tsumitate.scenarios.files import NotAScenario, load_scenarios, scenario_files
    from tsumitate.scenarios.report_json import dumps
    from tsumitate.scenarios.rule_diff import change_object, group_changes, iter_changes, render_change
    from tsumitate.scenarios.select import ExpressionError, Selection

    try:
        keep = Selection(keyword, tuple(tags)).matcher()
    except ExpressionError as e:
        click.echo(f"-k: {e}", err=True)  # one line, exit 2 (Click's usage block would bury it)
        sys.exit(2)
    base_dir, cleanup = _base_dir(base, rules_dir)
    try:
        old_book = load_book(base_dir)
        new_book = load_book(rules_dir)
        old, new = Evaluator(old_book), Evaluator(new_book)
        bad = 0
        compared = 0

        def scenarios():
            nonlocal bad, compared
            walk_problems: list = []
            listed = scenario_files(list(paths) or ["scenarios"], walk_problems)
            for p in walk_problems:
                bad += 1
                click.echo(str(p), err=True)
            for path, in_folder in listed:
                try:
                    found = load_scenarios(path, in_folder)
                except NotAScenario:
                    continue
                except InputError as e:
                    bad += 1
                    report_problems(e.problems)
                    continue
                for sc in found:
                    if keep(sc.name, sc.tags):
                        compared += 1
                        yield sc

        changes = list(iter_changes(old, new, scenarios()))
    finally:
        if cleanup is not None:
            shutil.rmtree(cleanup, ignore_errors=True)
    if fmt == "json":
        for c in changes:
            click.echo(dumps(change_object(c)))
        click.echo(dumps({"type": "summary", "compared": compared, "changed": len(changes), "errors": bad,
                          "base": base, "base_digest": old_book.digest, "new_digest": new_book.digest}))
    else:
        groups = group_changes(changes)
        for g in groups:
            click.echo("\n".join(g.heading()))
            for c in g.changes:
                click.echo("\n".join(render_change(c)))
            click.echo("")
        summary = f"{len(changes)} of {compared} cases change under the new rules"
        if changes:
            summary += f" ({len(groups)} group{'s' if len(groups) != 1 else ''})"
        if bad:
            summary += f", {bad} errors"
        click.echo(summary)
    if (keyword is not None or tags) and not compared:
        click.echo(no_match(keyword, tags), err=True)
        sys.exit(2)
    sys.exit(2 if bad else 1 if changes else 0)
