"""``tsumitate rules list|show|check``: read the rule sets, and check a rules directory before use."""

from __future__ import annotations

import json
import sys

import click
from tsumitate.procedures import SCREENING, procedure_names

from .common import lang_option, load_book, report_problems, rules_option, say
from .usage import OneLineGroup


@click.group(cls=OneLineGroup)
def rules():
    """List, show and check the rule sets (rules/)."""


def _variants(book):
    from tsumitate.rulebook.catalog import variants

    return variants(book)


def _summary(rule, lang: str) -> str:
    from tsumitate.rulebook.catalog import summary

    return summary(rule, lang)


@rules.command("list")
@click.option("--procedure", type=click.Choice([*procedure_names(), SCREENING]),
              default=None, help="only this procedure's rules")
@click.option("--region", default=None, help="the effective rule set of this region (base rules with its overrides and additions)")
@lang_option("language of the summaries")
@rules_option
def list_rules(procedure, region, lang, rules_dir):
    """One line per rule: id, procedure, where it is defined (base or a region), summary, citation."""
    book = load_book(rules_dir)
    if region is not None and region not in book.regions:
        say(f"--region: 不明な地域 '{region}' です（地域: {', '.join(book.regions)}）",
            f"--region: unknown region '{region}' (regions: {', '.join(book.regions)})")
        sys.exit(2)
    if region is not None:
        rows = [(r, rs) for (p, reg), rs in book.sets.items() if reg == region for r in rs.rules]
    else:
        rows = _variants(book)
    for r, rs in rows:
        if procedure and rs.procedure != procedure:
            continue
        click.echo("\t".join([r.id, rs.procedure, r.region or "base", _summary(r, lang), r.spec.cite or "—"]))


@rules.command("show")
@click.argument("rule_id")
@lang_option("language of the condition in words")
@rules_option
def show(rule_id, lang, rules_dir):
    """Everything about one rule: file:line, stage, group, condition in words, conclusion, texts, cite
    (with the statute's text) and the condition compiled for durable_rules. Exit 2 if no such rule."""
    from tsumitate.explain.build import relative
    from tsumitate.explain.words import describe, fmt
    from tsumitate.rulebook.catalog import applies_in
    from tsumitate.rulebook.compile import compile_stage, effective_condition

    from .explain_cmd import load_statutes_or_exit

    book = load_book(rules_dir)
    statutes = load_statutes_or_exit(rules_dir)
    found = [(r, rs) for r, rs in _variants(book) if r.id == rule_id]
    if not found:
        say(f"{rule_id}: そのようなルールはありません（一覧: tsumitate rules list）", f"{rule_id}: no such rule (see: tsumitate rules list)")
        sys.exit(2)
    for r, rs in found:
        s = r.spec
        regions = applies_in(book, r, rs.procedure)
        click.echo(f"{r.id}  ({relative(r.file)}:{r.line})")
        click.echo(f"  procedure: {rs.procedure}   defined in: {r.region or 'base'}   applies in: {', '.join(regions)}")
        click.echo(f"  stage: {s.stage}   group: {s.group or '—'}   record: {s.record}   code: {s.code}")
        click.echo(f"  when: {describe(r.condition, lang)}")
        eff = effective_condition(rs, r)
        if eff != r.condition:
            click.echo(f"  fires when (first match wins in its group): {describe(eff, lang)}")
        for path, value in s.then.items():
            click.echo(f"  then: {path} = {fmt(value)}")
        click.echo(f"  ja: {s.ja}")
        click.echo(f"  en: {s.en}")
        if s.unmet:
            click.echo(f"  unmet.ja: {s.unmet.ja}")
            click.echo(f"  unmet.en: {s.unmet.en}")
        click.echo(f"  cite: {s.cite or '—'}")
        for p in statutes.cited(s.cite):
            flag = "" if p.verified else "  [unverified wording]"
            click.echo(f"    {p.ref}（{p.title}）{flag}")
            click.echo(f"      {p.text}")
            if p.url:
                click.echo(f"      compared with: {p.url} (checked {p.checked})")
        _show_parameters(book, r, rs, regions, lang)
        compiled = compile_stage(rs, s.stage)
        click.echo(f"  durable ({compiled.name}):")
        click.echo("    " + json.dumps(compiled.definition[r.id], ensure_ascii=False))


def _show_parameters(book, rule, rs, regions, lang):
    """The parameters the rule reads, each value with its source, URL and check date, per region."""
    from tsumitate.explain.build import names_read, relative
    from tsumitate.explain.render import provenance
    from tsumitate.explain.words import fmt

    _, names = names_read(rule)
    if not names:
        return
    click.echo("  parameters:")
    for name in names:
        by_source: dict = {}
        for region in regions:
            ps = book.ruleset(rs.procedure, region).parameters.get(name)
            if ps is not None:
                by_source.setdefault((ps.file, ps.line), (ps, []))[1].append(region)
        for (file, line), (ps, where) in by_source.items():
            click.echo(f"    {name} [{', '.join(where)}]  ({relative(file)}:{line})")
            for v in ps.parameter.values:
                shown = {"since": v.since.isoformat() if v.since else None, "source": v.source, "url": v.url,
                         "checked": v.checked.isoformat() if v.checked else None}
                flag = "" if v.verified else ("  [未確認]" if lang == "ja" else "  [unverified]")
                value = fmt(v.value) if not isinstance(v.value, (list, dict)) else json.dumps(v.value, ensure_ascii=False)
                click.echo(f"      = {value}  ({provenance(shown, lang)}){flag}")


@rules.command("check")
@click.argument("directory", type=click.Path(path_type=str), required=False)
@lang_option("language of problem lines")
def check(directory, lang):
    """Lint a rules directory (default: the rule sets shipped with tsumitate): every problem as FILE:LINE: rule-id: problem; exit 2 on any.

    Runs the loader's checks (duplicate ids, overrides of missing rules, unknown facts and
    parameters, dated values without a source or with overlapping dates, texts and citations,
    conditions that can never be true), checks statutes.yaml, and builds every stage in a
    scratch durable_rules engine so the engine's own limits are reported too."""
    from pathlib import Path

    from tsumitate.errors import InputError
    from tsumitate.rulebook.check import lint_directory
    from tsumitate.statutes import load_statutes

    if directory is None:  # the shipped rules, as every other command uses without --rules
        from tsumitate.rulebook.load import default_rules_dir

        directory = str(default_rules_dir())
    problems = lint_directory(directory)
    if Path(directory).is_dir():
        try:
            load_statutes(directory)
        except InputError as e:
            problems += e.problems
    report_problems(problems)
    if problems:
        say(f"{directory} に問題が{len(problems)}件あります", f"{len(problems)} problem(s) in {directory}")
        sys.exit(2)
    click.echo(f"{directory}: ok")
