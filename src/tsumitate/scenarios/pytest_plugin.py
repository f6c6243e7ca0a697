"""pytest plugin (entry point ``tsumitate_scenarios``): scenario files become tests.

``pytest scenarios/`` runs every scenario as a test whose id is the scenario's name, and a
failure shows the same diff as ``tsumitate replay``. Only YAML files below a directory
named ``scenarios`` are collected, so other YAML in a project is left alone; the names are
set with the ini option ``tsumitate_scenario_dirs`` and the rules with ``tsumitate_rules``
(or ``--tsumitate-rules DIR``). A scenario's tags are markers (``pytest -m tokyo``) when
they are identifiers. A file that cannot be read becomes one failing test named after the
file, so the other files still run.

Imports of tsumitate happen on first use: the plugin is loaded by every pytest run in an
environment where tsumitate is installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

_EVALUATOR = pytest.StashKey[Any]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("tsumitate_scenario_dirs", type="args", default=["scenarios"],
                  help="tsumitate: names of directories whose YAML files are scenario files (default: scenarios)")
    parser.addini("tsumitate_rules", default="", help="tsumitate: rules directory for scenarios (default: the shipped rules)")
    group = parser.getgroup("tsumitate")
    group.addoption("--tsumitate-rules", dest="tsumitate_rules", default=None, metavar="DIR",
                    help="rules directory for scenario files (overrides the ini option tsumitate_rules)")


def _is_scenario_file(file_path: Path, config: pytest.Config) -> bool:
    if file_path.suffix not in (".yaml", ".yml"):
        return False
    names = set(config.getini("tsumitate_scenario_dirs"))
    try:
        parts = file_path.parent.relative_to(config.rootpath).parts
    except ValueError:
        parts = file_path.parent.parts
    return any(p in names for p in parts)


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    if _is_scenario_file(file_path, parent.config):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


def _evaluator(config: pytest.Config):
    """One evaluator per session (the rule book loaded and compiled once), or the problem that stops it."""
    cached = config.stash.get(_EVALUATOR, None)
    if cached is None:
        from tsumitate.errors import InputError
        from tsumitate.evaluate import Evaluator
        from tsumitate.rulebook.load import load_rulebook

        rules = config.getoption("tsumitate_rules") or config.getini("tsumitate_rules") or None
        if rules and not Path(rules).is_absolute() and config.getoption("tsumitate_rules") is None:
            rules = str(config.rootpath / rules)
        try:
            cached = Evaluator(load_rulebook(rules))
        except InputError as e:
            cached = ScenarioProblem("the rules directory cannot be used:\n" + "\n".join(str(p) for p in e.problems))
        config.stash[_EVALUATOR] = cached
    if isinstance(cached, ScenarioProblem):
        raise cached
    return cached


class ScenarioProblem(Exception):
    """A scenario file or case that cannot be used; shown as its problem lines, no traceback."""


class ScenarioMismatch(Exception):
    def __init__(self, record):
        self.record = record
        super().__init__(record.name)


class ScenarioFile(pytest.File):
    def collect(self):
        from tsumitate.errors import InputError
        from tsumitate.scenarios.files import NotAScenario, load_scenarios

        try:
            scenarios = load_scenarios(self.path, found_in_folder=True)
        except NotAScenario:
            return
        except InputError as e:
            yield BrokenScenarioFile.from_parent(self, name=self.path.name, problems=[str(p) for p in e.problems])
            return
        seen: set[str] = set()
        for sc in scenarios:
            name = sc.name if sc.name not in seen else f"{sc.name} #{sc.index}"
            seen.add(name)
            item = ScenarioItem.from_parent(self, name=name, scenario=sc)
            for tag in sc.tags:
                if tag.isidentifier():
                    self.config.addinivalue_line("markers", f"{tag}: tsumitate scenario tag")
                    item.add_marker(getattr(pytest.mark, tag))
            yield item


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario, **kwargs):
        super().__init__(**kwargs)
        self.scenario = scenario

    def runtest(self) -> None:
        from tsumitate.scenarios.record import to_record
        from tsumitate.scenarios.run import ERROR, FAILED, SKIPPED, run_scenario

        sc = self.scenario
        if sc.skip is not None:
            pytest.skip(sc.skip)
        result = run_scenario(_evaluator(self.config), sc)
        if result.status == SKIPPED:
            pytest.skip(sc.skip or "skipped")
        if result.status in (FAILED, ERROR):
            raise ScenarioMismatch(to_record(result))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ScenarioMismatch):
            from tsumitate.scenarios.diff_text import render

            return render(excinfo.value.record)
        if isinstance(excinfo.value, ScenarioProblem):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"scenario: {self.name}"


class BrokenScenarioFile(pytest.Item):
    """A scenario file that cannot be read or is malformed: one failing test, the others still run."""

    def __init__(self, *, problems: list[str], **kwargs):
        super().__init__(**kwargs)
        self.problems = problems

    def runtest(self) -> None:
        raise ScenarioProblem("\n".join(self.problems))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ScenarioProblem):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"scenario file: {self.path.name}"
