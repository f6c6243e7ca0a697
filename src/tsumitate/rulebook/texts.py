"""A rule's texts: ``{name}`` / ``{name:,}`` placeholders filled from the facts, parameters and conclusions.

Its own module so that the loader, the linter, the evaluator and explain share one definition
of a placeholder without importing each other.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

PLACEHOLDER = re.compile(r"\{([a-z0-9_.]+)(:,)?\}")


def render(template: str, view: dict[str, Any]) -> str:
    """Fill ``{name}`` / ``{name:,}`` placeholders of a rule's text (no other formatting)."""
    return render_parts(template_parts(template), view)


def render_parts(parts: tuple[tuple[str, str | None, bool], ...], view: dict[str, Any]) -> str:
    """``render`` of a text already split by ``template_parts`` (the evaluator splits each rule's texts once)."""
    if len(parts) == 1:  # no placeholder
        return parts[0][0]
    out = []
    for literal, name, comma in parts:
        out.append(literal)
        if name is None:
            continue
        value = view.get(name)
        if value is None:
            out.append("—")
        elif comma and isinstance(value, int) and not isinstance(value, bool):
            grouped = _GROUPED.get(value) if value.__class__ is int else None
            if grouped is None:
                grouped = f"{value:,}"
                if value.__class__ is int and len(_GROUPED) < 4096:
                    _GROUPED[value] = grouped
            out.append(grouped)
        else:
            out.append(str(value))
    return "".join(out)


# Amounts written with thousands separators, kept (up to 4,096): a case's texts quote about 18,
# most of them (the court's figures, round sums) quoted before (88% over 2,000 generated cases),
# and ``f"{v:,}"`` costs about ten dict lookups (2,000 instructions an amount under callgrind).
_GROUPED: dict[int, str] = {}


@lru_cache(maxsize=4096)
def template_parts(template: str) -> tuple[tuple[str, str | None, bool], ...]:
    """A text split once into (literal, placeholder name, with thousands separator) parts."""
    parts, at = [], 0
    for m in PLACEHOLDER.finditer(template):
        parts.append((template[at:m.start()], m.group(1), bool(m.group(2))))
        at = m.end()
    parts.append((template[at:], None, False))
    return tuple(parts)


def placeholders(template: str) -> list[str]:
    """The names a rule's text quotes."""
    return [name for _, name, _ in template_parts(template) if name is not None]
