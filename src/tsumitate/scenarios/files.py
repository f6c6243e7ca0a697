"""Scenario file on disk -> ``Scenario`` objects (one, or a list under ``scenarios:``).

Lines are looked up only when something is reported (a failure, an error): composing a
file's node tree again costs as much as loading it, and a passing scenario never needs it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError, M, Msg, Problem
from ..sources import Source, load

ALLOWED = ("name", "tags", "case", "case_file", "expect", "expect_error", "skip")
SUFFIXES = (".yaml", ".yml", ".json")


class NotAScenario(Exception):
    """A case file found while walking a folder (``case_id`` at the top, no scenario keys)."""


@dataclass
class Scenario:
    name: str
    file: str
    source: Source  # the scenario file
    prefix: tuple  # where this scenario sits in the file: () or ("scenarios", i)
    case_data: Any = None  # inline case
    case_file: str | None = None  # resolved path of a referenced case file
    expect: dict[str, Any] = field(default_factory=dict)
    expect_error: str | None = None
    tags: tuple[str, ...] = ()
    index: int = 0  # 1-based position under ``scenarios:``; 0 for a single-scenario file
    skip: str | None = None  # why this scenario is not run (an extension of the contract)

    @property
    def id(self) -> str:
        return f"{self.file}::{self.name}" if self.index == 0 else f"{self.file}::{self.index}::{self.name}"

    @property
    def line(self) -> int:
        """Line of the scenario's ``name:`` (looked up on demand)."""
        return self.source.line_of(self.prefix + ("name",)) or 1

    def line_of(self, key: str) -> int | None:
        return self.source.line_of(self.prefix + (key,))

    def expect_line(self, path: str) -> int | None:
        return self.source.line_of(self.prefix + ("expect", path))


def _problem(src: Source, path: tuple, fieldname: str, msg: Msg) -> Problem:
    return Problem(src.path, src.line_of(path), fieldname, msg)


def _one(src: Source, data: Any, prefix: tuple, index: int) -> Scenario:
    problems: list[Problem] = []
    where = ".".join(str(p) for p in prefix) or "-"
    if not isinstance(data, dict):
        raise InputError([_problem(src, prefix, where, M("シナリオは name・case（または case_file）・expect（または expect_error）を持つ対応表です",
                                                        "a scenario is a mapping with name, case (or case_file) and expect (or expect_error)"))])
    for key in data:
        if key not in ALLOWED:
            problems.append(_problem(src, prefix + (key,), str(key), M(f"シナリオの不明なキーです（使えるキー: {', '.join(ALLOWED)}）", f"unknown key in a scenario (allowed: {', '.join(ALLOWED)})")))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(_problem(src, prefix + ("name",), "name", M("どのシナリオにも名前（name、文字列）が必要です", "every scenario needs a name (text)")))
    if ("case" in data) == ("case_file" in data):
        problems.append(_problem(src, prefix, "case", M("'case'（その場に書く）か 'case_file'（ファイルのパス）のどちらか一方を書きます", "give exactly one of 'case' (inline) or 'case_file' (a path)")))
    if ("expect" in data) == ("expect_error" in data):
        problems.append(_problem(src, prefix, "expect", M("'expect' か 'expect_error' のどちらか一方を書きます", "give exactly one of 'expect' or 'expect_error'")))
    expect = data.get("expect", {})
    if "expect" in data and (not isinstance(expect, dict) or not expect):
        problems.append(_problem(src, prefix + ("expect",), "expect", M("結果の項目（feasibility.status のような名前）と値の対応表を1件以上書きます", "a non-empty mapping of dotted result paths to values")))
    elif isinstance(expect, dict):
        for k in expect:
            if not isinstance(k, str):
                problems.append(_problem(src, prefix + ("expect",), "expect", M(f"項目名は feasibility.status のような文字列です（{k!r} と書かれています）", f"a path is text like feasibility.status, got {k!r}")))
    expect_error = data.get("expect_error")
    if "expect_error" in data and not isinstance(expect_error, str):
        problems.append(_problem(src, prefix + ("expect_error",), "expect_error", M("期待するエラーメッセージの一部（文字列）を書きます", "a piece of the expected error message (text)")))
    tags = data.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problems.append(_problem(src, prefix + ("tags",), "tags", M("語のリストを書きます", "a list of words")))
        tags = []
    case_file = data.get("case_file")
    if "case_file" in data and not isinstance(case_file, str):
        problems.append(_problem(src, prefix + ("case_file",), "case_file", M("このシナリオファイルからの相対パスを書きます", "a path relative to this scenario file")))
    elif isinstance(case_file, str) and ("\x00" in case_file or not case_file.strip()):  # the OS cannot open it
        problems.append(_problem(src, prefix + ("case_file",), "case_file", _t(
            "ファイル名として使えないパスです（空、または NUL 文字を含みます）",
            "not a usable path (empty, or it holds a NUL character)")))
    skip = data.get("skip")
    if "skip" in data and not (isinstance(skip, str) and skip.strip()):
        problems.append(_problem(src, prefix + ("skip",), "skip", M("シナリオを飛ばす理由（文字列）を書きます", "the reason the scenario is skipped (text)")))
    if problems:
        raise InputError(problems)
    resolved = str(Path(src.path).parent / case_file) if case_file else None
    return Scenario(name=name.strip(), file=src.path, source=src, prefix=prefix,
                    case_data=data.get("case"), case_file=resolved, expect=dict(expect) if isinstance(expect, dict) else {},
                    expect_error=expect_error, tags=tuple(tags), index=index, skip=skip)


def _looks_like_case(data: Any) -> bool:
    return isinstance(data, dict) and "case_id" in data and not any(k in data for k in ("scenarios", "name", "expect", "expect_error"))


def load_scenarios(path: str | Path, found_in_folder: bool = False) -> list[Scenario]:
    """All scenarios of one file; ``InputError`` if the file cannot be read or is malformed.

    ``found_in_folder``: the file was found by walking a folder, so a case file kept next to
    the scenarios that reference it (``case_file:``) raises ``NotAScenario`` instead of an error.
    """
    src = load(path, many_lines=True)  # each scenario's line is named in reports
    data = src.data
    if data is None:
        raise InputError.single(src.path, 1, "-", M("シナリオファイルが空です", "empty scenario file"))
    if found_in_folder and _looks_like_case(data):
        raise NotAScenario(src.path)
    if isinstance(data, dict) and "scenarios" in data:
        extra = [k for k in data if k != "scenarios"]
        if extra:
            raise InputError([_problem(src, (k,), str(k), M("'scenarios:' のあるファイルには、そのリストだけを書きます", "a file with 'scenarios:' holds only that list")) for k in extra])
        items = data["scenarios"]
        if not isinstance(items, list) or not items:
            raise InputError.single(src.path, src.line_of(("scenarios",)), "scenarios", M("シナリオのリストを1件以上書きます", "a non-empty list of scenarios"))
        out, problems = [], []
        for i, item in enumerate(items):
            try:
                out.append(_one(src, item, ("scenarios", i), i + 1))
            except InputError as e:
                problems.extend(e.problems)
        if problems:
            raise InputError(problems)
        return out
    return [_one(src, data, (), 0)]


def _walk(folder: str, problems: list[Problem]) -> Iterator[str]:
    """Files below ``folder`` in the order of sorted paths (names compared part by part), as text.

    Without recursion (a stack of listings: 1,000 nested folders are as easy as 3), and each
    real folder once: a symbolic link back to a folder being walked (``self -> .``) is a loop,
    reported in ``problems`` and not followed; a second way into a folder already walked is
    reported too (its scenarios would otherwise run, and count, twice). A folder that cannot
    be listed is a problem, not a silently empty folder.

    ``os.scandir`` and strings rather than ``Path.rglob``: a library of 100,000 files listed as
    Path objects costs tens of MB before the first scenario runs.
    """
    try:
        st = os.stat(folder)
    except OSError as e:
        problems.append(Problem(folder, None, "-", _t(f"フォルダを開けません: {e.strerror or e}", f"cannot open the folder: {e.strerror or e}")))
        return
    key = (st.st_dev, st.st_ino)
    walked = {key: folder}
    listing = _listing(folder, problems)
    if listing is None:
        return
    stack = [(iter(listing), frozenset((key,)))]
    while stack:
        entries, ancestors = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        full, key = entry
        if key is None:
            if full.endswith(SUFFIXES):
                yield full
            continue
        if key in ancestors:
            problems.append(Problem(full, None, "-", _t(
                "シンボリックリンクの循環です（上位のフォルダ " + walked[key] + " を指しています）。たどりません",
                f"a symbolic link loop (it leads back to {walked[key]}, a folder above it); not followed")))
            continue
        if key in walked:
            problems.append(Problem(full, None, "-", _t(
                f"{walked[key]} と同じフォルダです。シナリオを二重に数えないよう、二度目は読みません",
                f"the same folder as {walked[key]}; not read a second time (its scenarios would count twice)")))
            continue
        walked[key] = full
        listing = _listing(full, problems)
        if listing is not None:
            stack.append((iter(listing), ancestors | {key}))


def _listing(folder: str, problems: list[Problem]) -> list[tuple[str, tuple[int, int] | None]] | None:
    """A folder's visible entries, sorted: (path, (device, inode)) for folders, (path, None) for the rest."""
    out = []
    try:
        with os.scandir(folder) as it:
            for e in it:
                if e.name.startswith("."):
                    continue
                full = os.path.join(folder, e.name)
                try:
                    if e.is_dir(follow_symlinks=True):
                        st = e.stat(follow_symlinks=True)
                        out.append((e.name, full, (st.st_dev, st.st_ino)))
                        continue
                except OSError:  # a broken link, a permission: listed as a file; reading it says what is wrong
                    pass
                out.append((e.name, full, None))
    except OSError as e:
        problems.append(Problem(folder, None, "-", _t(f"フォルダの中を読めません: {e.strerror or e}",
                                                      f"cannot list the folder: {e.strerror or e}")))
        return None
    out.sort()
    return [(full, key) for _, full, key in out]


def _t(ja: str, en: str) -> Msg:
    return M(ja, en)


def scenario_files(paths: list[str], problems: list[Problem] | None = None) -> list[tuple[str, bool]]:
    """Expand files and folders (recursively, *.yaml / *.yml / *.json) in a stable order.

    Returns (path, found_in_folder) pairs. A path given by name is kept even when it does not
    exist, so that it is reported (as an unreadable file), not skipped. Hidden files and
    folders (``.git``, ``.venv``) are not entered. What goes wrong while walking (a link loop,
    a folder that cannot be listed) is appended to ``problems`` when it is given.
    """
    found = problems if problems is not None else []
    out: list[tuple[str, bool]] = []
    for p in paths:
        if os.path.isdir(p):
            out.extend((q, True) for q in _walk(str(p), found))
        else:
            out.append((str(p), False))
    return out
