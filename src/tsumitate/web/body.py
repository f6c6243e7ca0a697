"""A request body read as a case file is read: bounded, decoded, parsed by the same loader.

The body's size limit is the files' (``sources.MAX_FILE_BYTES``): a larger body is refused with
413 before it is read whole. JSON is the API's format; YAML is accepted too (a case file the
office already has can be posted as it is), both through ``sources.from_bytes``, so nesting,
aliases, tags and duplicate keys are refused exactly as in a file.

The reader works on the ASGI request itself (the scope's headers and the ``receive`` callable),
so the routes (through their Starlette ``Request``) and the hot ``POST /api/evaluate`` layer
(web/fast_evaluate.py, which builds no ``Request``) read a body by the same code.
"""

from __future__ import annotations

from starlette.requests import ClientDisconnect, Request

from ..convert import XLSX_MIME
from ..sources import MAX_FILE_BYTES
from ..sources.xlsx import MAX_XLSX_BYTES
from . import problems as pr

JSON_TYPES = ("application/json",)
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
ACCEPTED = JSON_TYPES + YAML_TYPES + (XLSX_MIME,)
SOURCE_NAME = "request"


async def read_body(request: Request, lang: str, with_type: bool = False):
    """The raw body (and its media type), or a ``WebError`` (415 wrong type, 413 too large, 422 empty)."""
    raw, media = await read_asgi_body(request.scope, request.receive, lang)
    return (raw, media) if with_type else raw


async def read_asgi_body(scope, receive, lang: str) -> tuple[bytes, str]:
    """``read_body`` on the ASGI request: the first ``content-type`` and ``content-length`` header
    (as Starlette's ``Headers.get`` finds them), the body's messages until the last one; a client
    that disconnects midway raises Starlette's ``ClientDisconnect``, as ``Request.stream`` does."""
    ctype = length = None
    for name, value in scope["headers"]:
        if name == b"content-type":
            if ctype is None:
                ctype = value
        elif name == b"content-length" and length is None:
            length = value
    media = ctype.decode("latin-1").split(";", 1)[0].strip().lower() if ctype is not None else ""
    if media not in ACCEPTED:
        shown = media or "（なし）"
        raise pr.single(415, lang, f"Content-Type {shown} は受け付けません。application/json（またはYAML・Excel）で送ってください",
                        f"Content-Type {media or '(none)'} is not accepted; send application/json (or YAML, or an .xlsx workbook)")
    limit = MAX_XLSX_BYTES if media == XLSX_MIME else MAX_FILE_BYTES
    if length is not None:
        length = length.decode("latin-1")
        if length.isdigit() and int(length) > limit:
            raise _too_large(lang, int(length), limit)
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        if message["type"] != "http.request":
            continue
        chunk = message.get("body", b"")
        if chunk:
            size += len(chunk)
            if size > limit:
                raise _too_large(lang, size, limit)
            chunks.append(chunk)
        if not message.get("more_body", False):
            break
    raw = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if not raw.strip():
        raise pr.single(422, lang, "本文が空です。事件（ケース）をJSONで送ってください", "empty body: send a case as JSON")
    return raw, media


def _too_large(lang: str, size: int, limit: int) -> pr.WebError:
    return pr.single(413, lang, f"本文が{limit:,}バイトを超えています（同じ形式のファイルの上限と同じ）",
                     f"body over {limit:,} bytes (the limit for a file of this format); got at least {size:,}")
