"""The one module that talks to durable_rules (unmaintained since 2020: keep it swappable).

Measured sharp edges handled here (see engineering.md):
- the stock ``Host`` starts timer threads that can run a case's actions on another thread
  and lose the result: ``_run`` is overridden so that no timer thread is ever started;
- every distinct ``sid`` keeps state in the C engine (MemoryError after ~1,024): one sid is
  reused and its state deleted every ``_BATCH`` messages (each message carries a serial
  number as its ``id``, so no fact is ever refused as already observed);
- no matching rule (``MessageNotHandledException``, result code 1 of the C call): an empty
  firing list;
- a ruleset name can be registered once per process: definitions are registered lazily,
  once, under names that include the rules directory's digest; a definition already
  registered under another name is not built again, its ruleset answers for both (``ensure``);
- an exception inside an action is stored in the state: no Python action ever runs here
  (see below), so there is none to lose;
- building a ruleset deletes the ``run`` key of each rule of the dict passed in (and changes
  nothing else: the conditions are only written out as JSON): each rule's dict is copied
  (``_for_durable``), the condition trees are shared.

Messages go in one per call through durable's C ``assert_fact`` (the function
``Ruleset.assert_fact`` calls, with orjson making the JSON text) and sessions are cleared with
its ``Ruleset.delete_state``; whoever counts or traces calls into durable_rules sees them all.
The rules' actions only say which rule fired, so ``fire`` then reads durable's action agenda
directly through its C API (start the case's actions, take each action's rule name, complete
it) instead of building durable's Python ``Closure`` per action, which parses the state and the
message from JSON and serialises the state back (about 45 µs per fired rule). durable still
matches every condition and decides which rules fire; only the bookkeeping around a fired rule
is skipped. Measured with ``benchmarks/bench.py``.
"""

from __future__ import annotations

import copy
import json
import threading

from orjson import dumps as _orjson_dumps

from .durable_import import import_durable

_core, _durable = import_durable()  # on a broken install: DurableUnavailable saying what to run

_SID = "0"


class _Host(_durable.Host):
    """A durable Host without timer threads; it only registers rulesets (``Engine.fire`` runs the agenda)."""

    def _run(self):  # no dispatcher or timer threads: nothing runs outside the caller's thread
        return

    def get_action(self, action_name):
        def record(c):  # never called: Engine.fire completes actions itself; one parameter = synchronous
            return None

        return record


class Engine:
    """Fires compiled rulesets on flat messages and returns the ids of the rules that fired."""

    def __init__(self):
        self._host = _Host()
        self._registered: set[str] = set()
        self._by_definition: dict[bytes, str] = {}  # a definition's JSON -> the name durable built it under
        self._rulesets: dict[str, _durable.Ruleset] = {}
        self._has_state: set[int] = set()
        self._pending: dict[int, int] = {}
        self._serial = 0
        self._lock = threading.Lock()
        self.calls = 0  # messages asserted + states deleted in durable_rules, for benchmarks and tests

    def ensure(self, name: str, definition: dict) -> None:
        """Register ruleset ``name`` once; a definition durable already built under another name is shared.

        Why share: the waves of different regions are mostly the same rules (a region's figures
        travel in the message): the 105 rulesets a worker of ``evaluate`` meets over 10,000 cases
        are some 20 definitions, and durable takes about 0.4 ms to build one. Two names with the
        same definition (the same JSON, rule ids included) would match and fire alike; every rule
        reads one message, which carries its own serial number, so a ruleset answering for several
        names fires for each message exactly what its own would. Every message still goes to
        durable, one call each.
        """
        if name in self._registered:
            return
        with self._lock:
            if name in self._registered:
                return
            key = _definition_key(definition)
            twin = self._by_definition.get(key) if key is not None else None
            if twin is None:
                self._host.register_rulesets({name: _for_durable(definition)})
                if key is not None:
                    self._by_definition[key] = name
            else:
                self._rulesets[name] = self._rulesets.get(twin) or self._host.get_ruleset(twin)
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
        """Assert ``message`` as a fact in ruleset ``name``; the ids of the rules that fired, in agenda order."""
        ruleset = self._rulesets.get(name)
        if ruleset is None:
            ruleset = self._rulesets[name] = self._host.get_ruleset(name)
        handle = ruleset._handle
        fired: list[str] = []
        with self._lock:
            # A serial number makes every fact distinct: durable refuses a fact with the id of one
            # still in the session ("already observed"), and sessions are cleared only in batches.
            # It is the message's ``id``: without one durable works an id out of the whole message
            # (sorting its properties and hashing every value: about 5,000 instructions a message,
            # a tenth of the call); no rule reads it.
            self._serial += 1
            message["sid"] = _SID
            message["id"] = self._serial
            self.calls += 1
            # One message, one call of durable's C ``assert_fact`` (looked up on the module at
            # each call, so whoever counts or traces calls into durable_rules sees every one),
            # with the JSON text made by orjson: what ``Ruleset.assert_fact`` does with
            # ``json.dumps``, about 15 µs less per message. Messages are never batched.
            result = _core.assert_fact(handle, _message_json(message))
            code = result[0]
            if code == 0:
                state = result[1]
            elif code == 1 or code == 3:  # 1: no rule matched; 3: queued (not used here)
                state = None
            elif code == 2:  # cannot happen: every message carries a new serial number
                raise _durable.MessageObservedException(message)
            else:  # pragma: no cover - durable reports its errors by raising
                raise RuntimeError(f"durable_rules assert_fact returned {result!r}")
            if state:
                self._has_state.add(handle)
                started = _core.start_action_for_state(handle, state)
                pending = started[1] if started else None
                while pending:
                    fired.append(_rule_name(pending))
                    pending = _core.complete_and_start_action(handle, state)
            # Facts stay in the session until it is cleared. Every rule reads one message, so an
            # old fact never joins a new one; clearing every _BATCH messages (not after each)
            # halves the calls into durable while keeping its memory bounded.
            count = self._pending.get(handle, 0) + 1
            if count >= _BATCH:
                self._clear(ruleset)
                count = 0
            self._pending[handle] = count
        return fired

    def _clear(self, ruleset) -> None:
        # A ruleset whose very first message matched nothing has no state for the sid, and
        # durable's delete_state then crashes the process (segfault): only delete a state
        # that exists. Once created, a state survives deletion as an empty slot.
        if ruleset._handle in self._has_state:
            self.calls += 1
            ruleset.delete_state(_SID)


def _for_durable(definition: dict) -> dict:
    """A copy of ``definition`` that durable's ``Ruleset`` may change: the outer dict and each rule's.

    durable deletes each rule's ``run`` key and only reads the rest (it writes it out as JSON), so
    the condition trees need no copy: ``copy.deepcopy`` of the 105 waves cost every process about
    25 ms (``benchmarks/parts_bench.py``). A rule that is not a dict (never compiled, but the
    linter may register anything) is deep-copied, so durable's error stays its own.
    """
    return {rule_id: dict(rule) if type(rule) is dict else copy.deepcopy(rule) for rule_id, rule in definition.items()}


def _definition_key(definition: dict) -> bytes | None:
    """The definition as the JSON durable is given (orjson: rule order kept), or None if orjson refuses it (not shared)."""
    try:
        return _orjson_dumps(definition)
    except TypeError:
        return None


# Messages kept in a durable session before it is cleared (bounded memory, fewer calls).
_BATCH = 32


def _message_json(message: dict) -> str:
    """The message as the JSON text durable parses (orjson; the standard library for what orjson refuses)."""
    try:
        return _orjson_dumps(message).decode("utf-8")
    except TypeError:  # an integer past 64 bits, a lone surrogate: json.dumps, as durable itself would
        return json.dumps(message, ensure_ascii=False)


def _rule_name(message_json: str) -> str:
    """The fired rule's name: durable sends ``{"<rule name>": {...message...}}``."""
    if message_json.startswith('{"'):
        end = message_json.find('"', 2)
        name = message_json[2:end]
        if "\\" not in name:  # rule ids are [a-z0-9_.-]: no escapes; otherwise parse properly
            return name
    return next(iter(json.loads(message_json)))


_ENGINE: Engine | None = None


def shared_engine() -> Engine:
    """One engine per process (rulesets are registered once per process)."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine()
    return _ENGINE
