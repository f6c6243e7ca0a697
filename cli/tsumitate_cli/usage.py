"""Click's usage errors (a missing argument, an unknown option or command, a value not allowed)
as one line in the language of the process, Japanese by default.

Why: Click writes four English lines (usage, hint, blank, ``Error: ...``), while every other
line tsumitate prints for bad input is one line, Japanese unless ``--lang en`` or
``TSUMITATE_LANG=en``. The language is the process's (``errors.language``): a usage error can
come before ``--lang`` is read. What Click says about a value (``'xml' is not one of 'text',
'json'``, ``Path 'x' is a directory``) is Click's own text and is quoted as it is, as
errors.py asks for text from another program. The exit code stays Click's (2).
"""

from __future__ import annotations

import click

from tsumitate.errors import M, Msg


def message(e: click.UsageError) -> Msg:
    """What is wrong, in both languages, without Click's usage lines."""
    if isinstance(e, click.exceptions.NoSuchOption):
        also = ", ".join(sorted(e.possibilities or ()))
        return M(f"オプション {e.option_name} はありません" + (f"（{also} のことですか）" if also else ""),
                 f"no such option {e.option_name}" + (f" (did you mean {also}?)" if also else ""))
    if isinstance(e, click.exceptions.MissingParameter):
        name = e.param_hint or (e.param.human_readable_name if e.param is not None else "")
        if isinstance(name, (list, tuple)):
            name = " / ".join(name)
        if e.param_type == "argument" or isinstance(e.param, click.Argument):
            return M(f"引数 {name} がありません", f"missing argument {name}")
        if isinstance(e.param, click.Option):
            name = " / ".join(e.param.opts)  # "-o / --output", as the user types it, not the parameter's name
        return M(f"オプション {name} を指定してください", f"option {name} is required")
    if isinstance(e, click.exceptions.BadOptionUsage):
        if "requires an argument" in e.message:
            return M(f"オプション {e.option_name} には値が必要です", f"option {e.option_name} needs a value")
        return M(f"オプション {e.option_name} の使い方が正しくありません: {e.message}",
                 f"option {e.option_name} used wrongly: {e.message}")
    if isinstance(e, click.BadParameter):
        hint = e.param_hint or (e.param.get_error_hint(e.ctx) if e.param is not None and e.ctx is not None else "")
        if isinstance(hint, (list, tuple)):
            hint = " / ".join(hint)
        return M(f"{hint} の値が正しくありません: {e.message}", f"invalid value for {hint}: {e.message}")
    if e.message.startswith("No such command"):
        name = e.message[len("No such command"):].strip(" .")
        return M(f"コマンド {name} はありません", f"no such command {name}")
    if e.message.startswith("Got unexpected extra argument"):
        extra = e.message.split("(", 1)[-1].rstrip(")") if "(" in e.message else e.message
        return M(f"余分な引数があります: {extra}", f"unexpected extra argument(s): {extra}")
    return M(f"使い方が正しくありません: {e.message}", f"usage error: {e.message}")


class OneLine(click.UsageError):
    """A usage error shown as one line: ``tsumitate evaluate: 引数 FILES... がありません（使い方: tsumitate evaluate --help）``."""

    def __init__(self, original: click.UsageError, where: str | None = None):
        super().__init__(original.message, original.ctx)
        self.original = original
        self.exit_code = original.exit_code
        self.where = where

    def show(self, file=None) -> None:
        where = self.ctx.command_path if self.ctx is not None else (self.where or "tsumitate")
        text = message(self.original).prefixed(f"{where}: ", f"{where}: ")
        help_ja, help_en = f"（使い方: {where} --help）", f" (see {where} --help)"
        click.echo(M(text.ja + help_ja, text.en + help_en).text(), err=True)


def one_line(e: click.UsageError, where: str | None = None) -> click.UsageError:
    """``e`` as ``OneLine`` (``where``: the command, when Click's error names no context), except
    Click's help for a group called without a command (it stays help)."""
    if isinstance(e, OneLine) or type(e).__name__ == "NoArgsIsHelpError":
        return e
    return OneLine(e, where)


class OneLineGroup(click.Group):
    """A group of commands (``tsumitate``, ``tsumitate rules``) whose usage errors are one line naming the command itself."""

    def make_context(self, info_name, args, parent=None, **extra):
        """The group's own options read (``tsumitate --bogus``)."""
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as e:
            raise one_line(e) from None

    def invoke(self, ctx):
        """The command's arguments and options, or an unknown command."""
        try:
            return super().invoke(ctx)
        except click.UsageError as e:
            command = " ".join(p for p in (ctx.command_path, ctx.invoked_subcommand) if p)
            raise one_line(e, command) from None
