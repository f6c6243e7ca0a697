"""Entry point: a Click group that imports a command's module only when that command runs.

Lazy loading keeps ``tsumitate evaluate case.yaml`` from importing what only ``report`` or
``quiz`` need (start-up time is a goal: see benchmarks/).
"""

from __future__ import annotations

import importlib
import sys

import click

from . import collector, usage

# command name -> "module:attribute" (modules under tsumitate_cli)
COMMANDS = {
    "convert": "convert_cmd:convert",
    "diff": "diff_cmd:diff",
    "evaluate": "evaluate_cmd:evaluate",
    "explain": "explain_cmd:explain",
    "quiz": "quiz_cmd:quiz",
    "recalc": "recalc_cmd:recalc",
    "report": "report_cmd:report",
    "rules": "rules_cmd:rules",
    "replay": "replay_cmd:replay",
    "schema": "schema_cmd:schema",
    "serve": "serve_cmd:serve",
    "template": "convert_cmd:template",
}


class LazyGroup(usage.OneLineGroup):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(f"tsumitate_cli.{module}"), attr)

    def invoke(self, ctx):
        """Run the command; a broken durable_rules install ends in what to run, not a traceback (exit 2).

        The collector is held back from here until the command's rule book is loaded (collector.py):
        here, not when this module is imported, so that a worker process that imports it (``spawn``
        re-imports the program) keeps Python's usual collector.
        """
        collector.hold()
        from tsumitate.durable_import import DurableUnavailable

        try:
            return super().invoke(ctx)  # a usage error comes out as one line (usage.OneLineGroup)
        except DurableUnavailable as e:
            click.echo(f"tsumitate: {e.advice}", err=True)
            sys.exit(2)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tsumitate")
@click.pass_context
def cli(ctx):
    """tsumitate: 任意整理・個人再生の積立金と履行テストを、ルール（rules/）で判定します。

    Evaluate Japanese consumer-debt cases on declarative rule sets (durable_rules).
    """
    from tsumitate.output.visible import guarded_streams

    # Text from files (names, file names, values) may hold escape sequences: every command's
    # stdout and stderr show them written out (\x1b), never raw, whichever module prints.
    ctx.with_resource(guarded_streams())
    ctx.color = True  # so that Click does not strip "\x1b[...m" itself first: it is shown, escaped, not dropped


if __name__ == "__main__":  # pragma: no cover
    cli()
