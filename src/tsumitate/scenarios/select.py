"""Which scenarios to run: ``-k EXPR`` on names and ``--tag TAG``.

``-k`` works like pytest's: words are case-insensitive substrings of the scenario's name,
combined with ``not``, ``and``, ``or`` and parentheses (``-k "東京 and not 本人"``). A word
with spaces is quoted (``-k '"30万円を36回" or 大阪'``). ``--tag`` keeps scenarios that carry
any of the given tags. Both given: a scenario must pass both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..errors import M, Msg

_TOKEN = re.compile(r'\s*(?:(\()|(\))|"([^"]*)"|\'([^\']*)\'|([^\s()]+))')
_KEYWORDS = ("and", "or", "not")


class ExpressionError(ValueError):
    """A ``-k`` expression that cannot be read; shown in the process language (``errors.Msg``)."""

    def __init__(self, msg: Msg):
        super().__init__(msg.en)
        self.msg = msg

    def __str__(self) -> str:
        return str(self.msg)


def _tokens(expr: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    expr = expr.rstrip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if m is None:  # only an unterminated quote gets here
            raise ExpressionError(M(f"-k の式 {_short(expr)} は {_short(expr[pos:])} から読めません（引用符が閉じていない？）",
                                    f"cannot read -k expression {_short(expr)} at {_short(expr[pos:])} (a quote not closed?)"))
        pos = m.end()
        if m.group(1):
            out.append(("(", "("))
        elif m.group(2):
            out.append((")", ")"))
        elif m.group(3) is not None or m.group(4) is not None:
            out.append(("word", (m.group(3) if m.group(3) is not None else m.group(4)).casefold()))
        else:
            word = m.group(5)
            out.append((word, word) if word in _KEYWORDS else ("word", word.casefold()))
    return out


Matcher = Callable[[str], bool]


MAX_PARENTHESES = 50  # nesting depth of ( ); a thousand words joined by or/and are fine (kept flat)


def parse_keyword(expr: str) -> Matcher:
    """Compile a ``-k`` expression into a predicate on a (case-folded) name.

    ``a or b or c`` becomes one ``any`` over three words, not a chain of nested calls, and
    ``not not x`` is counted, not nested, so a long expression cannot exhaust Python's stack
    (a thousand ``or`` terms gave a RecursionError in every worker); parentheses nest at most
    ``MAX_PARENTHESES`` deep and deeper ones are one clear error.
    """
    tokens = _tokens(expr)
    pos = 0
    depth = 0

    def peek() -> str | None:
        return tokens[pos][0] if pos < len(tokens) else None

    def take(kind: str) -> str:
        nonlocal pos
        if peek() != kind:
            found = tokens[pos][1] if pos < len(tokens) else None
            raise ExpressionError(M(
                f"-k {_short(expr)}: {'語' if kind == 'word' else repr(kind)}が要るところに{'式の終わり' if found is None else repr(found)}があります",
                f"-k {_short(expr)}: expected {kind if kind != 'word' else 'a word'}, found {'the end' if found is None else found!r}"))
        pos += 1
        return tokens[pos - 1][1]

    def or_() -> Matcher:
        terms = [and_()]
        while peek() == "or":
            take("or")
            terms.append(and_())
        if len(terms) == 1:
            return terms[0]
        return lambda s: any(t(s) for t in terms)

    def and_() -> Matcher:
        terms = [not_()]
        while peek() == "and":
            take("and")
            terms.append(not_())
        if len(terms) == 1:
            return terms[0]
        return lambda s: all(t(s) for t in terms)

    def not_() -> Matcher:
        nonlocal depth
        negate = False
        while peek() == "not":
            take("not")
            negate = not negate
        if peek() == "(":
            take("(")
            depth += 1
            if depth > MAX_PARENTHESES:
                raise ExpressionError(M(f"-k {_short(expr)}: かっこの入れ子が{MAX_PARENTHESES}段を超えています",
                                        f"-k {_short(expr)}: parentheses nested more than {MAX_PARENTHESES} deep"))
            inner = or_()
            take(")")
            depth -= 1
        else:
            word = take("word")
            inner = (lambda w: lambda s: w in s)(word)
        return (lambda m: lambda s: not m(s))(inner) if negate else inner

    if not tokens:
        raise ExpressionError(M("-k に式がありません", "-k needs an expression"))
    matcher = or_()
    if pos != len(tokens):
        raise ExpressionError(M(f"-k {_short(expr)}: {tokens[pos][1]!r} は余分です", f"-k {_short(expr)}: unexpected {tokens[pos][1]!r}"))
    return matcher


def _short(expr: str) -> str:
    """The expression as quoted in a message: a 5,000-character -k is cut, so the message stays one readable line."""
    return repr(expr) if len(expr) <= 80 else repr(expr[:77] + "...")


@dataclass(frozen=True)
class Selection:
    """A picklable filter (workers rebuild the matcher from the text)."""

    keyword: str | None = None
    tags: tuple[str, ...] = ()

    def __post_init__(self):
        if self.keyword is not None:
            parse_keyword(self.keyword)  # fail early, in the parent, on a bad expression

    @property
    def everything(self) -> bool:
        return self.keyword is None and not self.tags

    def matcher(self) -> Callable[[str, tuple[str, ...]], bool]:
        kw = parse_keyword(self.keyword) if self.keyword is not None else None
        wanted = set(self.tags)

        def keep(name: str, tags: tuple[str, ...]) -> bool:
            if wanted and not wanted.intersection(tags):
                return False
            return kw is None or kw(name.casefold())

        return keep
