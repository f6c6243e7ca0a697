"""Ways in: a file on disk -> a ``Source`` (plain data plus where each value came from).

- ``read``: bounded bytes from disk; ``decode``: bytes -> text (UTF-8, UTF-16/32 BOM, CP932);
- ``yaml``: YAML and JSON text -> data with line numbers (case, scenario and rule files);
- ``load(path)`` chooses by the file's extension (anything not listed below is read as YAML,
  which covers JSON).
"""

from __future__ import annotations

from pathlib import Path

from .base import Source
from .decode import decode, read_text
from .read import MAX_FILE_BYTES, read_bytes
from .yaml import MAX_NESTING, MAX_NODES, YamlSource, from_bytes, line_of, parse
from .yaml import load as load_yaml

__all__ = ["Source", "YamlSource", "load", "from_bytes", "load_yaml", "parse", "decode", "read_text", "read_bytes", "line_of",
           "MAX_FILE_BYTES", "MAX_NESTING", "MAX_NODES"]


def load(path: str | Path) -> Source:
    """Read and parse one input file, by its extension. Raises ``InputError`` naming file and place."""
    return load_yaml(path)
