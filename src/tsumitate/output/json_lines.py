"""One result as one line of JSON (UTF-8, Japanese kept readable)."""

import json
from typing import Any


def render(result: dict[str, Any]) -> str:
    return json.dumps(result, ensure_ascii=False, separators=(",", ":"))
