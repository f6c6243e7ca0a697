"""``replay --junit FILE``: JUnit XML for office CI systems, written as the scenarios run.

One ``<testcase classname=FILE name=SCENARIO>`` per scenario; a failure carries the same diff
as the text output; an unreadable file is a testcase with an ``<error>``; the counts are on
the ``<testsuite>`` (and ``<testsuites>``). Testcases go to a temporary file as they arrive,
so a run of 100,000 scenarios does not hold them all in memory; the counts are known at the
end, when the document is put together.

Whatever names and file names hold, the document stays well-formed: every text goes through
``output.visible`` (XML 1.0 cannot carry most control characters at all, and a file name with
undecodable bytes cannot be written as UTF-8), then ElementTree escapes ``<&"``. The temporary
file has no name (nothing to leak if the run is killed), and the report itself is written
atomically, so a CI system never reads half of one.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from ..atomic_write import open_atomically
from ..output.visible import one_line, visible
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
        self._body = tempfile.TemporaryFile("w+", encoding="utf-8", prefix="tsumitate-junit-")

    def _write(self, case: ET.Element) -> None:
        self.counts["tests"] += 1
        self._body.write(ET.tostring(case, encoding="unicode"))
        self._body.write("\n")

    def add(self, rec: Record) -> None:
        case = ET.Element("testcase", classname=one_line(rec.file), name=one_line(rec.name))
        if rec.status == FAILED:
            self.counts["failures"] += 1
            n = len(rec.differences)
            el = ET.SubElement(case, "failure", message=f"{n} mismatch{'es' if n != 1 else ''}: "
                               + ", ".join(one_line(d.path) for d in rec.differences), type="mismatch")
            el.text = visible(render(rec))
        elif rec.status == ERROR:
            self.counts["errors"] += 1
            el = ET.SubElement(case, "error", message=one_line(rec.problems[0]) if rec.problems else "error", type="invalid case")
            el.text = visible("\n".join(rec.problems))
        elif rec.status == SKIPPED:
            self.counts["skipped"] += 1
            ET.SubElement(case, "skipped", message=one_line(rec.skip_reason or ""))
        else:
            assert rec.status == PASSED
        self._write(case)

    def add_unreadable(self, report: FileReport) -> None:
        case = ET.Element("testcase", classname=one_line(report.file), name=one_line(Path(report.file).name))
        self.counts["errors"] += 1
        el = ET.SubElement(case, "error", message=one_line(report.problems[0]) if report.problems else "unreadable",
                           type="unreadable file")
        el.text = visible("\n".join(report.problems))
        self._write(case)

    def close(self) -> None:
        attrs = {k: str(v) for k, v in self.counts.items()}
        attrs["time"] = f"{time.perf_counter() - self.started:.3f}"
        outer = ET.Element("testsuites", attrs)
        suite = ET.SubElement(outer, "testsuite", dict(attrs, name=one_line(self.suite_name)))
        suite.text = _BODY
        head, tail = ET.tostring(outer, encoding="unicode").split(_BODY)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._body.seek(0)
            with open_atomically(self.path) as raw:
                out = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
                out.write('<?xml version="1.0" encoding="utf-8"?>\n')
                out.write(head + "\n")
                shutil.copyfileobj(self._body, out)
                out.write(tail + "\n")
                out.flush()
                out.detach()
        finally:
            self._body.close()
