"""Input problems reported to the user as one line each: ``FILE:LINE: field: problem`` (``FILE:SHEET!CELL: ...`` in a workbook).

Every problem is written in Japanese and English at the place it is found; the language is
chosen only when the line is shown (``--lang``, default Japanese). ``FILE:LINE: field:`` is the
same in both languages: scripts and editors jump to it, people read the rest.

How to write a new problem message
----------------------------------
Give both texts with ``Msg(ja, en)`` (``M`` for short) and hand it to ``Problem`` or
``InputError.single``::

    from tsumitate.errors import InputError, M

    raise InputError.single(path, line, "debts[0].amount",
                            M(f"{amount:,}円は上限を超えています", f"{amount:,} yen is over the limit"))

- Japanese as a lawyer's office writes it (です・ます is not needed: a short phrase ending in
  〜です / 〜ません or a noun is fine); English a plain sentence fragment, no final period.
- Values quoted from the input (keys, text, numbers) appear in both texts unchanged.
- A validator inside a pydantic model raises ``InvalidValue(M(ja, en))`` (a ``ValueError``,
  so pydantic reports it at the field); ``model/validation.py`` keeps both texts.
- Text from another program (an OS error, PyYAML, durable_rules) cannot be translated: quote
  it inside both texts (``M(f"読めません: {e}", f"cannot read: {e}")``).
- Render with ``problem.render(lang)`` (or ``str(problem)``, which uses the language set by
  ``set_language``: the CLI sets it from ``--lang``; ``TSUMITATE_LANG=en`` sets the default).
  A web handler passes the request's language to ``render``/``text`` instead of setting it.
- ``tests/test_problem_language.py`` checks that every problem the test corpora produce has a
  Japanese text (with Japanese in it) and an English one (without): a plain ``str`` message is
  accepted for compatibility but shown untranslated, and that test fails on it.
"""

from __future__ import annotations

import os

import msgspec

LANGUAGES = ("ja", "en")
_language = os.environ.get("TSUMITATE_LANG", "ja") if os.environ.get("TSUMITATE_LANG") in LANGUAGES else "ja"


def set_language(lang: str) -> None:
    """The language of ``str(problem)`` in this process (the CLI calls it once, from ``--lang``)."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {lang!r}")
    _language = lang


def language() -> str:
    return _language


class Msg(msgspec.Struct, frozen=True):
    """One message for a person, in Japanese and in English; picked when shown."""

    ja: str
    en: str

    def text(self, lang: str | None = None) -> str:
        return self.en if (lang or _language) == "en" else self.ja

    def __str__(self) -> str:
        return self.text()

    def prefixed(self, ja: str, en: str | None = None) -> "Msg":
        """The same message after a prefix (a field name, a heading): ``m.prefixed("then: ")``."""
        return Msg(ja + self.ja, (ja if en is None else en) + self.en)

    def __add__(self, other: "Msg") -> "Msg":
        return Msg(self.ja + other.ja, self.en + other.en)


M = Msg


def as_msg(message: "Msg | str") -> Msg:
    """A message as ``Msg``; a plain ``str`` (untranslated, kept for compatibility) is used for both."""
    return message if isinstance(message, Msg) else Msg(str(message), str(message))


class InvalidValue(ValueError):
    """A validator's complaint in both languages; ``loc`` (optional) points at another field than the one validated."""

    def __init__(self, message: Msg, loc: tuple | None = None):
        self.msg = message
        if loc is not None:
            self.loc = loc
        super().__init__(message.en)


class Problem(msgspec.Struct, frozen=True):
    """One thing wrong with one input file."""

    file: str
    line: int | str | None  # a 1-based line, or SHEET!CELL in a workbook
    field: str
    msg: Msg | str  # both languages (a plain str only from code not yet translated)

    @property
    def message(self) -> str:
        """The problem itself in the process language (``text(lang)`` for a given one)."""
        return self.text()

    def text(self, lang: str | None = None) -> str:
        """The problem itself (no file, line or field) in ``lang`` (default: the process language)."""
        m = self.msg
        return m.text(lang) if isinstance(m, Msg) else m

    def render(self, lang: str | None = None) -> str:
        from .output.visible import one_line  # a newline in a file name must not forge a FILE:LINE: line

        where = f"{one_line(self.file)}:{self.line}" if self.line else one_line(self.file)
        field = one_line(self.field) if self.field else "-"
        return f"{where}: {field}: {self.text(lang)}"

    def __str__(self) -> str:
        return self.render()

    def as_json(self, lang: str | None = None) -> dict:
        """For machine readers (web 4xx bodies, JSON reports): both texts, and ``message`` in ``lang``."""
        m = as_msg(self.msg)
        return {"file": self.file, "line": self.line, "field": self.field or "-",
                "message": m.text(lang), "message_ja": m.ja, "message_en": m.en}


class InputError(Exception):
    """A file (case, scenario or rule set) that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.render("en") for p in problems))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    @classmethod
    def single(cls, file: str, line: int | None, field: str, message: Msg | str) -> "InputError":
        return cls([Problem(file, line, field, message)])


class RulesError(InputError):
    """A rule directory that cannot be loaded or compiled (reported before any case runs)."""
