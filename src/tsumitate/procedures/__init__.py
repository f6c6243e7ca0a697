"""The procedures the product evaluates, as a registry: one module per procedure, named by its key.

A procedure is its rules (``rules/<key>/``) plus one module here that computes the numbers its
rules compare. The module defines ``PROCEDURE`` (a :class:`Procedure`): the facts its rules may
read, the parameters its arithmetic needs, the function that builds the facts, explain's
derivation lines, its labels and its place in the screening order. Nothing else in the code
names a procedure, so adding one (特定調停, say) is rules, one module here and scenarios.

Discovery reads the package folder without importing the modules (``procedure_names``), so the
case model can list the keys without an import cycle; ``registry()`` imports them on first use.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from typing import Any, Callable

import msgspec

SCREENING = "screening"


class FactInfo(msgspec.Struct, frozen=True):
    """A name rules may read: its type and meaning (the linter and ``explain`` use it)."""

    kind: str  # int | bool | str | object (a table rules copy into the result with {ref: ...}; never compared)
    ja: str
    en: str
    values: tuple[str, ...] = ()  # allowed values of an enum-like string
    nullable: bool = False


class Procedure(msgspec.Struct, frozen=True):
    """A procedure's code: the facts its rules read, how they are made, its labels (see above)."""

    key: str  # as in the case file and rules/<key>/
    short: str  # prefix of its status in the screening facts: <short>_status
    ja: str
    en: str
    order: int  # screening order: lower is considered first
    facts: dict[str, FactInfo]
    arithmetic_parameters: tuple[str, ...]
    build: Callable[..., dict[str, Any]]  # (case, parameters) -> facts
    derivations: dict[str, dict[str, Any]] = msgspec.field(default_factory=dict)  # fact -> explain template
    result_fields: dict[str, Any] = msgspec.field(default_factory=dict)  # extra keys of its result skeleton (null until decided)
    labels: dict[str, dict[str, str]] = msgspec.field(default_factory=dict)  # lang -> value -> label (its own enum values)


def procedure_names() -> tuple[str, ...]:
    """Procedure keys: the public modules of this package, found without importing them."""
    return tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")))


@lru_cache(maxsize=None)
def procedure_of(name: str) -> Procedure:
    """One procedure by its key, its module imported alone: a case of one procedure (all but
    ``auto``) needs no other procedure's code (0.3-0.5 ms of a one-case start)."""
    if name.startswith("_") or name not in procedure_names():
        raise KeyError(name)
    module = importlib.import_module(f"{__name__}.{name}")
    proc = getattr(module, "PROCEDURE", None)
    if not isinstance(proc, Procedure) or proc.key != name:
        raise ImportError(f"tsumitate.procedures.{name} must define PROCEDURE = Procedure(key={name!r}, ...)")
    return proc


@lru_cache(maxsize=1)
def registry() -> dict[str, Procedure]:
    """Every procedure, in screening order."""
    found = [procedure_of(name) for name in procedure_names()]
    return {p.key: p for p in sorted(found, key=lambda p: (p.order, p.key))}


STATUS_VALUES = ("feasible", "needs_second_opinion", "infeasible", "not_applicable")


def screening_facts() -> dict[str, FactInfo]:
    """What the screening rules read: each procedure's feasibility status, ``<short>_status``."""
    return {f"{p.short}_status": FactInfo("str", f"{p.ja}の見通し", f"{p.en} feasibility", STATUS_VALUES)
            for p in registry().values()}


def facts_of(procedure: str) -> dict[str, FactInfo]:
    """The names the rules of ``procedure`` (or ``screening``) may read."""
    if procedure == SCREENING:
        return screening_facts()
    return procedure_of(procedure).facts


def arithmetic_parameters(procedure: str) -> tuple[str, ...]:
    return () if procedure == SCREENING else procedure_of(procedure).arithmetic_parameters
