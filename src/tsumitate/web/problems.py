"""Every error the web answers, as JSON: ``[{"field": ..., "problem": ...}]`` with a 4xx status.

Problems found in a case are the very ``Problem`` lines the CLI prints (same validation, same
words); the web only drops the file and line, since the field's JSON path says where.
Errors only the web can have (a body too large, a wrong content type, no such page) are
written here in Japanese and English.
"""

from __future__ import annotations

import json
from typing import Iterable

from starlette.responses import Response

from ..errors import Problem

LANGS = ("ja", "en")


class WebError(Exception):
    """Raised anywhere in a request: becomes the JSON error response, never a traceback."""

    def __init__(self, status: int, items: list[dict[str, str]], headers: dict[str, str] | None = None):
        self.status = status
        self.items = items
        self.headers = headers or {}
        super().__init__(f"{status}: {items}")


def lang_of(value: str | None) -> str:
    return value if value in LANGS else "ja"


def message_of(p: Problem, lang: str) -> str:
    """A problem's text in ``lang`` when the problem carries both languages, else its one message."""
    for attr in ("text", "message_in"):
        fn = getattr(p, attr, None)
        if callable(fn):
            try:
                return fn(lang)
            except TypeError:
                pass
    ja, en = getattr(p, "ja", None), getattr(p, "en", None)
    if ja and en:
        return ja if lang == "ja" else en
    return p.message


def from_problems(problems: Iterable[Problem], lang: str) -> WebError:
    """422 with one item per problem; a workbook's problems also say ``where`` (``債権者一覧!C5``),
    since a sheet's cell is what the user has to find (a JSON body's field path says it already)."""
    items = []
    for p in problems:
        item = {"field": p.field or "-", "problem": message_of(p, lang)}
        if isinstance(p.line, str):
            item["where"] = p.line
        items.append(item)
    return WebError(422, items)


def single(status: int, lang: str, ja: str, en: str, field: str = "-", headers: dict[str, str] | None = None) -> WebError:
    return WebError(status, [{"field": field, "problem": ja if lang == "ja" else en}], headers)


def body_of(err: WebError) -> str:
    """The error's JSON body: one line, ``[{"field": ..., "problem": ...}]``."""
    return json.dumps(err.items, ensure_ascii=False) + "\n"


def response(err: WebError) -> Response:
    return Response(body_of(err), status_code=err.status, media_type="application/json", headers=err.headers)


# Messages for the HTTP statuses Starlette raises itself (no route, wrong method, ...)
STATUS_TEXT = {
    400: ("リクエストの形式が正しくありません", "bad request"),
    404: ("そのページ・APIはありません（/api と /docs を参照）", "no such page or API endpoint (see /docs)"),
    405: ("このURLはそのメソッドを受け付けません", "method not allowed on this URL"),
    413: ("リクエストが大きすぎます", "request body too large"),
    415: ("Content-Type が違います", "unsupported content type"),
    500: ("内部エラーが発生しました（入力は保存されていません）", "internal error (nothing was stored)"),
}


def for_status(status: int, lang: str, headers: dict[str, str] | None = None) -> WebError:
    ja, en = STATUS_TEXT.get(status, (f"HTTPエラー {status}", f"HTTP error {status}"))
    return single(status, lang, ja, en, headers=headers)
