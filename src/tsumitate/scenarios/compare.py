"""Expected against actual on dotted result paths (``deposit.monthly``, ``evaluations.0.feasibility.status``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MISSING = object()


def get_path(result: Any, path: str) -> Any:
    node = result
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
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


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if hasattr(expected, "isoformat") and isinstance(actual, str):  # YAML dates against JSON strings
        return expected.isoformat() == actual
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(_same(e, a) for e, a in zip(expected, actual))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(_same(expected[k], actual[k]) for k in expected)
    return expected == actual


def compare(expect: dict[str, Any], result: dict[str, Any]) -> list[Mismatch]:
    out = []
    for path, expected in expect.items():
        actual = get_path(result, path)
        if actual is MISSING or not _same(expected, actual):
            out.append(Mismatch(path, expected, actual))
    return out
