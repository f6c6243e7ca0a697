"""A case from one format to another: .yaml/.yml, .json and the office workbook (.xlsx).

What goes out is what the case file said (fields left out stay out, so defaults stay defaults):
``case_data`` dumps a validated ``Case`` with ``exclude_unset``. YAML -> xlsx -> YAML gives back
the same data. The web page and the HTML report call ``xlsx_bytes`` for their download.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from .model.case import Case

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "xlsx"}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def case_data(case: Case) -> dict[str, Any]:
    """The case as plain data (keys in the model's order), only the fields its file gave."""
    return _plain(case.model_dump(mode="python", exclude_unset=True))


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


def format_of(path: str | Path) -> str | None:
    return FORMATS.get(Path(path).suffix.lower())


def yaml_text(data: dict[str, Any]) -> str:
    import yaml

    class _Dumper(yaml.SafeDumper):
        pass

    def decimal(dumper, v: Decimal):  # a rate as written: 15, 14.6 (never !!float '15')
        if v == v.to_integral_value():
            return dumper.represent_int(int(v))
        return dumper.represent_scalar("tag:yaml.org,2002:float", format(v, "f"))

    _Dumper.add_representer(Decimal, decimal)
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=120)


def json_text(data: dict[str, Any]) -> str:
    def default(v):
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        if isinstance(v, Decimal):
            return int(v) if v == v.to_integral_value() else float(v)
        raise TypeError(type(v).__name__)

    return json.dumps(data, ensure_ascii=False, indent=2, default=default) + "\n"


def xlsx_bytes(data: dict[str, Any] | None) -> bytes:
    """The workbook (``None``: the empty template), with the shipped courts as the court drop-down."""
    from .workbook.write import workbook_bytes

    return workbook_bytes(data, court_names())


def court_names() -> list[str]:
    """Japanese names of the courts the shipped rules know (the court drop-down); [] if unreadable."""
    try:
        from .rulebook.load import default_rules_dir
        from .sources import load

        courts = load(Path(default_rules_dir()) / "courts.yaml").data.get("courts", {})
        return [c["name_ja"] for c in courts.values() if isinstance(c, dict) and c.get("name_ja")]
    except Exception:  # noqa: BLE001 - a drop-down is a convenience; the court cell takes any text
        return []


def render(data: dict[str, Any], fmt: str) -> bytes:
    if fmt == "xlsx":
        return xlsx_bytes(data)
    if fmt == "json":
        return json_text(data).encode("utf-8")
    return yaml_text(data).encode("utf-8")
