"""Turn pydantic validation errors into one readable line per problem, with the file's line."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InputError, InvalidValue, M, Msg, Problem
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


def _shown_ja(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return f"{len(value)}件の{'対応表' if isinstance(value, dict) else 'リスト'}"
    return _shown(value)


_KIND_JA = {"dict": "対応表（キー: 値）", "list": "リスト", "str": "文字列", "int": "整数", "float": "小数",
            "bool": "true/false", "NoneType": "空（null）", "date": "日付", "datetime": "日時"}


def _kind(value: Any) -> tuple[str, str]:
    name = type(value).__name__
    return _KIND_JA.get(name, name), name


def _message(err: dict, model: type[BaseModel]) -> Msg:
    """Pydantic's error, by its type, as a message in both languages (pydantic's own text is English only)."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    shown = _shown(value)
    ja_shown = _shown_ja(value)
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, err["loc"])
        keys = ", ".join(allowed) if allowed else ""
        return M(f"不明なキーです（ここで使えるキー: {keys}）" if allowed else "不明なキーです",
                 f"unknown key (allowed here: {keys})" if allowed else "unknown key")
    if kind == "missing":
        return M("必須の項目がありません", "required but missing")
    if kind == "enum":
        expected = str(ctx.get("expected", "")).replace(chr(39), "")
        return M(f"{shown} は使えません（使える値: {expected.replace(' or ', ', ')}）", f"{shown} is not one of: {expected}")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return M(f"円単位の整数で書いてください（{ja_shown} と書かれています）", f"must be a whole number of yen, got {shown}")
    if kind in ("greater_than_equal",):
        return M(f"{ctx.get('ge'):,} 以上にしてください（{ja_shown} と書かれています）", f"must be {ctx.get('ge'):,} or more, got {shown}")
    if kind in ("less_than_equal",):
        return M(f"上限は {ctx.get('le'):,} です（{ja_shown} と書かれています）",
                 f"must be at most {ctx.get('le'):,} (the documented upper bound), got {shown}")
    if kind in ("bool_type", "bool_parsing"):
        return M(f"true か false で書いてください（{ja_shown} と書かれています）", f"must be true or false, got {shown}")
    if kind in ("string_type",):
        return M(f"文字列で書いてください（{ja_shown} と書かれています）", f"must be text, got {shown}")
    if kind == "too_short":
        if ctx.get("min_length", 1) <= 1:
            return M("空にはできません（少なくとも1件必要です）", "must not be empty")
        return M(f"少なくとも{ctx.get('min_length')}件必要です", err["msg"])
    if kind == "too_long":
        return M(f"件数が多すぎます（上限 {ctx.get('max_length')}件）", f"too many entries (at most {ctx.get('max_length')})")
    if kind == "string_too_long":
        return M(f"文字列が長すぎます（{len(value):,}文字、上限 {ctx.get('max_length')}文字）",
                 f"text too long: {len(value):,} characters, at most {ctx.get('max_length')}")
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return M(f"日付は YYYY-MM-DD で書いてください（{ja_shown} と書かれています）", f"must be a date YYYY-MM-DD, got {shown}")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        ja_kind, en_kind = _kind(value)
        return M(f"キーと値の対応表（mapping）で書いてください（{ja_kind}になっています）", f"must be a mapping of keys, got {en_kind}")
    if kind == "list_type":
        ja_kind, en_kind = _kind(value)
        return M(f"リストで書いてください（{ja_kind}になっています）", f"must be a list, got {en_kind}")
    if kind in ("literal_error",):
        expected = str(ctx.get("expected", "")).replace(chr(39), "")
        return M(f"{shown} は使えません（使える値: {expected.replace(' or ', ', ')}）", f"{shown} is not one of: {expected}")
    if kind == "value_error":
        exc = ctx.get("error")
        if isinstance(exc, InvalidValue):
            return exc.msg
        text = str(exc if exc is not None else err["msg"])
        return M(f"値が正しくありません: {text}", text)
    msg = err["msg"]
    msg = msg if len(msg) <= 200 else msg[:197] + "..."
    return M(f"値が正しくありません（{kind}）: {msg}", msg)


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


# what= names used by callers, in both languages
_WHAT = {"file": ("ファイル", "file"), "case file": ("事件ファイル", "case file"), "case": ("事件", "case"),
         "rule file": ("ルールファイル", "rule file"), "scenario": ("シナリオ", "scenario"),
         "statutes file": ("条文ファイル", "statutes file"), "debt": ("債務", "debt")}


def validate(model: type[BaseModel], data: Any, source: Source, prefix: tuple = (), what: str = "file") -> Any:
    """Validate ``data`` (found at ``prefix`` in ``source``) as ``model`` or raise ``InputError``."""
    if data is None:
        ja_what, en_what = _WHAT.get(what, (what, what))
        raise InputError.single(source.path, source.line_of(prefix) if prefix else 1, "-",
                                M(f"{ja_what}が空です（キーと値の対応表が必要です）", f"empty {en_what}: expected a mapping of keys"))
    if not isinstance(data, dict):
        ja_what, en_what = _WHAT.get(what, (what, what))
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise InputError.single(source.path, source.line_of(prefix) or 1, "-",
                                M(f"{ja_what}はキーと値の対応表（mapping）で書いてください（{_kind(data)[0]}になっています）",
                                  f"the {en_what} must be a mapping of keys, got {kind}"))
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise InputError(problems_of(e, model, source, prefix)) from None
