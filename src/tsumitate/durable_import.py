"""Import durable_rules, or say exactly how to repair the install (never a raw ImportError).

durable-rules 2.0.28 (the last release) calls ``PyEval_CallObject``, which Python 3.13 removed:
a plain ``pip install`` builds a C module that fails at import with ``undefined symbol:
PyEval_CallObject``. pip caches that broken wheel, so the repair must bypass the cache.
"""

from __future__ import annotations

import sys

from .errors import M

REPAIR = "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject pip install --no-cache-dir --force-reinstall durable-rules"
PLAIN = "pip install --no-cache-dir --force-reinstall 'durable-rules==2.0.28'"


class DurableUnavailable(RuntimeError):
    """durable_rules cannot be imported; ``advice`` is what to run (both languages)."""

    def __init__(self, advice: M, cause: BaseException):
        self.advice = advice
        self.cause = cause
        super().__init__(advice.en)


def advice_for(error: BaseException, version: tuple[int, int] = sys.version_info[:2]) -> M:
    """What to tell the user for this import failure on this Python."""
    text = str(error)
    if "PyEval_CallObject" in text or version >= (3, 13):
        return M(
            f"durable_rules（ルールエンジン）を読み込めません: {text}\n"
            f"Python {version[0]}.{version[1]} では durable-rules を次のコマンドで入れ直してください（pip のキャッシュにある壊れたビルドを使わないよう --no-cache-dir を付けます）:\n"
            f"  {REPAIR}",
            f"durable_rules (the rules engine) cannot be imported: {text}\n"
            f"On Python {version[0]}.{version[1]} reinstall durable-rules with (--no-cache-dir so pip does not reuse its cached broken build):\n"
            f"  {REPAIR}")
    return M(f"durable_rules（ルールエンジン）を読み込めません: {text}\n次のコマンドで入れ直してください:\n  {PLAIN}",
             f"durable_rules (the rules engine) cannot be imported: {text}\nReinstall it with:\n  {PLAIN}")


def import_durable():
    """(durable_rules_engine, durable.engine), or ``DurableUnavailable`` with the repair command."""
    try:
        import durable_rules_engine as core
        from durable import engine as durable_engine
    except ImportError as e:
        raise DurableUnavailable(advice_for(e), e) from None
    return core, durable_engine
