"""Turn pydantic validation errors into one readable line per problem, with the file's line."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InputError, Problem
from ..sources import Source


def dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "-"


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str] | None:
    """The keys allowed at ``loc`` (for 'unknown key' messages)."""
    cls: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(cls, "model_fields", {}).get(part)
        if field is None:
            return None
        ann = field.annotation
        for candidate in (ann, *getattr(ann, "__args__", ())):
            inner = getattr(candidate, "__args__", (candidate,))
            found = next((c for c in (candidate, *inner) if isinstance(c, type) and issubclass(c, BaseModel)), None)
            if found:
                cls = found
                break
        else:
            return None
    return sorted(getattr(cls, "model_fields", {}))


def _shown(value: Any) -> str:
    """A value quoted in a message: short, one line, and safe on absurd input (no deep recursion)."""
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'} of {len(value)}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(err: dict, model: type[BaseModel]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    shown = _shown(value)
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, err["loc"])
        hint = f" (allowed here: {', '.join(allowed)})" if allowed else ""
        return f"unknown key{hint}"
    if kind == "missing":
        return "required but missing"
    if kind == "enum":
        return f"{shown} is not one of: {ctx.get('expected', '').replace(chr(39), '')}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number of yen, got {shown}"
    if kind in ("greater_than_equal",):
        return f"must be {ctx.get('ge'):,} or more, got {shown}"
    if kind in ("less_than_equal",):
        return f"must be at most {ctx.get('le'):,} (the documented upper bound), got {shown}"
    if kind in ("bool_type", "bool_parsing"):
        return f"must be true or false, got {shown}"
    if kind in ("string_type",):
        return f"must be text, got {shown}"
    if kind == "too_short":
        return "must not be empty" if ctx.get("min_length", 1) <= 1 else err["msg"]
    if kind == "too_long":
        return f"too many entries (at most {ctx.get('max_length')})"
    if kind == "string_too_long":
        return f"text too long: {len(value):,} characters, at most {ctx.get('max_length')}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return f"must be a date YYYY-MM-DD, got {shown}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"must be a mapping of keys, got {type(value).__name__}"
    if kind == "list_type":
        return f"must be a list, got {type(value).__name__}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    msg = err["msg"]
    return msg if len(msg) <= 200 else msg[:197] + "..."


def problems_of(error: ValidationError, model: type[BaseModel], source: Source, prefix: tuple = ()) -> list[Problem]:
    problems = []
    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        exc = (err.get("ctx") or {}).get("error")
        if hasattr(exc, "loc"):
            loc = tuple(exc.loc)
        full = prefix + loc
        problems.append(Problem(source.path, source.line_of(full), dotted(loc), _message(err, model)))
    return problems


def validate(model: type[BaseModel], data: Any, source: Source, prefix: tuple = (), what: str = "file") -> Any:
    """Validate ``data`` (found at ``prefix`` in ``source``) as ``model`` or raise ``InputError``."""
    if data is None:
        raise InputError.single(source.path, source.line_of(prefix) if prefix else 1, "-", f"empty {what}: expected a mapping of keys")
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise InputError.single(source.path, source.line_of(prefix) or 1, "-", f"the {what} must be a mapping of keys, got {kind}")
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise InputError(problems_of(e, model, source, prefix)) from None
