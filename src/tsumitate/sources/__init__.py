"""Ways in: a file on disk -> a ``Source`` (plain data plus where each value came from).

- ``read``: bounded bytes from disk; ``decode``: bytes -> text (UTF-8, UTF-16/32 BOM, CP932);
- ``yaml``: YAML and JSON text -> data with line numbers (case, scenario and rule files);
- ``xlsx``: an office workbook -> the same data, located by ``SHEET!CELL``;
- ``creditor_csv``: a 債権者一覧 CSV -> a case's ``debts`` (for ``tsumitate convert``);
- ``load(path)`` chooses by the file's extension (.xlsx/.xlsm: workbook; anything else is read
  as YAML, which covers JSON).
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


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def load(path: str | Path, many_lines: bool = False) -> Source:
    """Read and parse one input file, by its extension. Raises ``InputError`` naming file and place.

    ``many_lines``: the caller asks where values are written even in a good file (scenario files):
    a YAML file's node tree is kept from parsing instead of composed again when asked."""
    if isinstance(path, str) and path.endswith((".yaml", ".yml", ".json")):  # the usual names, known without a Path (2-4 µs)
        return load_yaml(path, many_lines)
    suffix = Path(path).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        from .xlsx import load as load_xlsx  # openpyxl only when a workbook is read

        return load_xlsx(path)
    if suffix == ".xls":
        from ..errors import InputError, M

        raise InputError.single(str(path), None, "-", M("古い Excel 形式（.xls）は読めません。Excel で「.xlsx」形式で保存し直してください",
                                                        "the old Excel format (.xls) cannot be read: save it as .xlsx in Excel"))
    if suffix == ".csv":
        from ..errors import InputError, M

        raise InputError.single(str(path), None, "-", M(
            f"債権者一覧の CSV は事件ファイルではありません。`tsumitate convert {path} --case 事件.yaml -o 新しい事件.yaml` で事件の債権者に取り込めます",
            f"a creditor CSV is not a case file: take it into a case with `tsumitate convert {path} --case case.yaml -o new.yaml`"))
    return load_yaml(path, many_lines)
