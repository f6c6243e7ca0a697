"""``replay --junit FILE``: JUnit XML for office CI systems, written as the scenarios run.

One ``<testcase classname=FILE name=SCENARIO>`` per scenario; a failure carries the same diff
as the text output; an unreadable file is a testcase with an ``<error>``; the counts are on
the ``<testsuite>`` (and ``<testsuites>``). Testcases go to a temporary file as they arrive,
so a run of 100,000 scenarios does not hold them all in memory; the counts are known at the
end, when the document is put together.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from .diff_text import render
from .record import FileReport, Record
from .run import ERROR, FAILED, PASSED, SKIPPED

_BODY = "\x1fBODY\x1f"


class JUnitWriter:
    def __init__(self, path: str | Path, suite_name: str = "tsumitate replay"):
        self.path = Path(path)
        self.suite_name = suite_name
        self.counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        self.started = time.perf_counter()
        fd, self._body_path = tempfile.mkstemp(prefix="tsumitate-junit-", suffix=".xml")
        self._body = os.fdopen(fd, "w", encoding="utf-8")

    def _write(self, case: ET.Element) -> None:
        self.counts["tests"] += 1
        self._body.write(ET.tostring(case, encoding="unicode"))
        self._body.write("\n")

    def add(self, rec: Record) -> None:
        case = ET.Element("testcase", classname=rec.file, name=rec.name)
        if rec.status == FAILED:
            self.counts["failures"] += 1
            n = len(rec.differences)
            el = ET.SubElement(case, "failure", message=f"{n} mismatch{'es' if n != 1 else ''}: "
                               + ", ".join(d.path for d in rec.differences), type="mismatch")
            el.text = render(rec)
        elif rec.status == ERROR:
            self.counts["errors"] += 1
            el = ET.SubElement(case, "error", message=rec.problems[0] if rec.problems else "error", type="invalid case")
            el.text = "\n".join(rec.problems)
        elif rec.status == SKIPPED:
            self.counts["skipped"] += 1
            ET.SubElement(case, "skipped", message=rec.skip_reason or "")
        else:
            assert rec.status == PASSED
        self._write(case)

    def add_unreadable(self, report: FileReport) -> None:
        case = ET.Element("testcase", classname=report.file, name=Path(report.file).name)
        self.counts["errors"] += 1
        el = ET.SubElement(case, "error", message=report.problems[0] if report.problems else "unreadable", type="unreadable file")
        el.text = "\n".join(report.problems)
        self._write(case)

    def close(self) -> None:
        self._body.close()
        attrs = {k: str(v) for k, v in self.counts.items()}
        attrs["time"] = f"{time.perf_counter() - self.started:.3f}"
        outer = ET.Element("testsuites", attrs)
        suite = ET.SubElement(outer, "testsuite", dict(attrs, name=self.suite_name))
        suite.text = _BODY
        head, tail = ET.tostring(outer, encoding="unicode").split(_BODY)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "w", encoding="utf-8") as out, open(self._body_path, encoding="utf-8") as body:
            out.write('<?xml version="1.0" encoding="utf-8"?>\n')
            out.write(head + "\n")
            shutil.copyfileobj(body, out)
            out.write(tail + "\n")
        os.unlink(self._body_path)
