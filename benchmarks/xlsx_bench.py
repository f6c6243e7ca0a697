#!/usr/bin/env python3
"""Benchmark of the workbook way in: reading and writing a case as .xlsx, and refusing hostile files.

    python benchmarks/xlsx_bench.py            # a typical case, the largest case the model allows, a zip bomb

For each workbook: its size, CPU time to write it (``convert`` to .xlsx), to read it
(``sources.xlsx.from_bytes``: container checks + openpyxl + cells) and the same case's YAML
load for comparison, and the peak Python memory (tracemalloc) of the read. The zip bomb (200 MB
of zeros in a 200 KB file) is refused from the zip directory: its peak memory is the number to
watch. Times are the best of --repeat runs (CPU seconds; a shared machine distorts wall time).

This is a script, not a test: the numbers depend on the machine (write them in the README).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import time
import tracemalloc
import zipfile

from tsumitate.convert import case_data, xlsx_bytes, yaml_text
from tsumitate.errors import InputError
from tsumitate.model.case import Case
from tsumitate.model.case_file import case_from_source
from tsumitate.sources import parse
from tsumitate.sources.xlsx import from_bytes


def typical() -> dict:
    return {"case_id": "bench-typical", "as_of": dt.date(2026, 11, 25), "procedure": "voluntary_arrangement", "court": "tokyo",
            "household": {"monthly_income": 250000, "monthly_expenses": 200000},
            "debts": [{"creditor": f"債権者{i}", "amount": 300000 + 10000 * i, "kind": "consumer_finance"} for i in range(6)],
            "deposits": [{"month": f"2026-{m:02d}", "due": 13900, "paid": 13900, "due_date": dt.date(2026, m, 27)} for m in range(1, 13)]}


def largest() -> dict:
    case = typical()
    case["case_id"] = "bench-largest"
    case["debts"] = [{"creditor": f"債権者{i}", "amount": 100000 + i, "kind": "credit_card", "secured": False} for i in range(1000)]
    case["deposits"] = [{"month": f"{1990 + m // 12}-{m % 12 + 1:02d}", "due": 10000, "paid": 10000} for m in range(600)]
    return case


def cpu(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def peak(fn) -> int:
    tracemalloc.start()
    try:
        fn()
    except InputError:
        pass
    finally:
        top = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return top


def bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(200):
                member.write(b"\0" * (1 << 20))
    return out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"{'case':<16}{'xlsx bytes':>12}{'write s':>10}{'read s':>10}{'yaml read s':>13}{'read peak MB':>14}")
    for data in (typical(), largest()):
        case = Case.model_validate(data)
        plain = case_data(case)
        raw = xlsx_bytes(plain)
        text = yaml_text(plain)
        write = cpu(lambda: xlsx_bytes(plain), args.repeat)
        read = cpu(lambda: case_from_source(from_bytes(raw, "b.xlsx")), args.repeat)
        yaml_read = cpu(lambda: Case.model_validate(parse(text, "b.yaml")), args.repeat)
        mem = peak(lambda: case_from_source(from_bytes(raw, "b.xlsx")))
        print(f"{data['case_id']:<16}{len(raw):>12,}{write:>10.3f}{read:>10.3f}{yaml_read:>13.4f}{mem / 2**20:>14.1f}")
    raw = bomb()
    start = time.process_time()
    mem = peak(lambda: from_bytes(raw, "bomb.xlsx"))
    print(f"zip bomb: {len(raw):,} bytes holding 200 MB; refused in {time.process_time() - start:.3f} s, peak {mem / 2**20:.1f} MB")


if __name__ == "__main__":
    main()
