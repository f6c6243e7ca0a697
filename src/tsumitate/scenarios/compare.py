"""Expected against actual on dotted result paths (``deposit.monthly``, ``evaluations.0.feasibility.status``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class _Missing:
    """The value of a path that does not exist in the result (one instance, also across processes)."""

    _instance: "_Missing | None" = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __reduce__(self):  # unpickles to the same instance, so ``is MISSING`` holds in the parent
        return (_Missing, ())

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def get_path(result: Any, path: str) -> Any:
    node = result
    for part in path.split("."):
        if isinstance(node, dict):
            if part not in node:
                return MISSING
            node = node[part]
        elif isinstance(node, list) and part.lstrip("-").isdigit() and -len(node) <= int(part) < len(node):
            node = node[int(part)]
        else:
            return MISSING
    return node


@dataclass(frozen=True)
class Mismatch:
    path: str
    expected: Any
    actual: Any  # MISSING when the path does not exist in the result

    @property
    def missing(self) -> bool:
        return self.actual is MISSING


def same(expected: Any, actual: Any) -> bool:
    """YAML-written expectation against a JSON-like result value.

    Booleans are not numbers (``true`` is not ``1``); YAML dates equal their ISO text; lists
    are compared as lists (order and length), mappings key by key.
    """
    if type(expected) is type(actual) and type(expected) in (str, int, bool, type(None)):  # the common case
        return expected == actual
    if isinstance(expected, bool) or isinstance(actual, bool):  # true is not 1
        return False
    if hasattr(expected, "isoformat") and isinstance(actual, str):  # YAML dates against JSON strings
        return expected.isoformat() == actual
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(same(e, a) for e, a in zip(expected, actual))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(same(expected[k], actual[k]) for k in expected)
    return expected == actual


def compare(expect: dict[str, Any], result: dict[str, Any]) -> list[Mismatch]:
    out = []
    for path, expected in expect.items():
        actual = get_path(result, path)
        if actual is MISSING or not same(expected, actual):
            out.append(Mismatch(path, expected, actual))
    return out


def leaves(value: Any, prefix: str = "") -> dict[str, Any]:
    """A result as dotted path -> value; lists stay whole values (a reason list is one value)."""
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(leaves(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    return {prefix: value}
