"""A request body read as a case file is read: bounded, decoded, parsed by the same loader.

The body's size limit is the files' (``sources.MAX_FILE_BYTES``): a larger body is refused with
413 before it is read whole. JSON is the API's format; YAML is accepted too (a case file the
office already has can be posted as it is), both through ``sources.from_bytes``, so nesting,
aliases, tags and duplicate keys are refused exactly as in a file.
"""

from __future__ import annotations

from starlette.requests import Request

from ..sources import MAX_FILE_BYTES
from . import problems as pr

JSON_TYPES = ("application/json",)
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
ACCEPTED = JSON_TYPES + YAML_TYPES
SOURCE_NAME = "request"


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


async def read_body(request: Request, lang: str) -> bytes:
    """The raw body, or a ``WebError`` (415 wrong type, 413 too large, 411/400 nothing usable)."""
    media = _media_type(request)
    if media not in ACCEPTED:
        shown = media or "（なし）"
        raise pr.single(415, lang, f"Content-Type {shown} は受け付けません。application/json（またはYAML）で送ってください",
                        f"Content-Type {media or '(none)'} is not accepted; send application/json (or application/yaml)")
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_FILE_BYTES:
        raise _too_large(lang, int(length))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise _too_large(lang, size)
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip():
        raise pr.single(422, lang, "本文が空です。事件（ケース）をJSONで送ってください", "empty body: send a case as JSON")
    return raw


def _too_large(lang: str, size: int) -> pr.WebError:
    return pr.single(413, lang, f"本文が{MAX_FILE_BYTES:,}バイトを超えています（ケースファイルの上限と同じ）",
                     f"body over {MAX_FILE_BYTES:,} bytes (the limit for a case file); got at least {size:,}")
