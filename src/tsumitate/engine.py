"""The one module that talks to durable_rules (unmaintained since 2020: keep it swappable).

Measured sharp edges handled here (see engineering.md):
- the stock ``Host`` starts timer threads that can run a case's actions on another thread
  and lose the result: ``_run`` is overridden so that no timer thread is ever started;
- every distinct ``sid`` keeps state in the C engine (MemoryError after ~1,024): one sid is
  reused and its state deleted after every message;
- no matching rule raises ``MessageNotHandledException``: that is an empty firing list (and the
  state is not deleted then: deleting it segfaults while nothing has matched yet in the process);
- a ruleset name can be registered once per process: definitions are registered lazily,
  once, under names that include the rules directory's digest;
- an exception inside an action is stored in the state: checked after every message;
- building a ruleset deletes the ``run`` keys of the dict passed in: a copy is passed.
"""

from __future__ import annotations

import copy
import threading

from durable import engine as _durable

_SID = "0"


class _Host(_durable.Host):
    """A durable Host without timer threads; actions only record which rule fired."""

    def __init__(self):
        self.fired: list[str] = []
        super().__init__()

    def _run(self):  # no dispatcher or timer threads: every action runs in the caller's thread
        return

    def get_action(self, action_name):
        fired = self.fired

        def record(c):  # one parameter: durable passes a completion callback to two-parameter actions
            fired.append(action_name)

        return record


class Engine:
    """Fires compiled rulesets on flat messages and returns the ids of the rules that fired."""

    def __init__(self):
        self._host = _Host()
        self._registered: set[str] = set()
        self._lock = threading.Lock()
        self.calls = 0  # calls into durable_rules (assert + delete), for benchmarks and tests

    def ensure(self, name: str, definition: dict) -> None:
        if name in self._registered:
            return
        with self._lock:
            if name not in self._registered:
                self._host.register_rulesets({name: copy.deepcopy(definition)})
                self._registered.add(name)

    def try_register(self, name: str, definition: dict) -> str | None:
        """Register a ruleset; durable's error message (with its error code) instead of raising.

        For the rule linter: a scratch ``Engine()`` per check, so names never collide.
        """
        try:
            self.ensure(name, definition)
        except Exception as e:  # durable raises plain Exception with its error code in the text
            return str(e) or type(e).__name__
        return None

    def fire(self, name: str, message: dict) -> list[str]:
        host = self._host
        fired = host.fired
        fired.clear()
        message["sid"] = _SID
        with self._lock:
            self.calls += 1
            unmatched = False
            try:
                state = host.assert_fact(name, message)
            except _durable.MessageNotHandledException:
                # Nothing matched, so nothing was kept for the sid. Deleting it anyway makes the
                # C engine crash (segfault) while no message has matched yet in the process.
                state, unmatched = None, True
            finally:
                if not unmatched:
                    self.calls += 1
                    host.delete_state(name, _SID)
            if isinstance(state, dict) and "exception" in state:
                raise RuntimeError(f"rule action failed in {name}: {state['exception']}")
            return list(fired)


_ENGINE: Engine | None = None


def shared_engine() -> Engine:
    """One engine per process (rulesets are registered once per process)."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine()
    return _ENGINE
