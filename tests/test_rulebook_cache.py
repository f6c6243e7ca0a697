"""The rule book read back from the start-up cache is the book the rules give; a stale, corrupt or
foreign copy is never used."""

from __future__ import annotations

import os
import pickle
import shutil

import pytest

from replay_support import RULES
from tsumitate.procedures import registry
from tsumitate.rulebook import cache
from tsumitate.rulebook.load import load_rulebook


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("TSUMITATE_CACHE_DIR", str(folder))
    return folder


def _shape(book):
    return {key: ([(r.id, r.file, r.line, r.spec.model_dump()) for r in rs.rules],
                  {n: [(v.since, v.value) for v in ps.parameter.values] for n, ps in rs.parameters.items()})
            for key, rs in book.sets.items()}


def _copy(cache_dir):
    [path] = cache_dir.glob("*.pickle")
    return path


def test_the_second_start_reads_the_same_book_back(cache_dir, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    first = load_rulebook(rules)
    path = _copy(cache_dir)
    assert oct(path.stat().st_mode & 0o777) == oct(0o600) and oct(cache_dir.stat().st_mode & 0o777) == oct(0o700)
    again = cache.load(rules, first.digest)
    assert again is not None and again is not first
    assert _shape(again) == _shape(first) and again.courts == first.courts and again.regions == first.regions


def test_a_changed_rule_file_is_a_new_digest_and_a_new_book(cache_dir, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    before = load_rulebook(rules)
    t = rules / "individual_rehabilitation" / "tokyo.yaml"
    t.write_text(t.read_text(encoding="utf-8").replace("value: 150000\n", "value: 160000\n"), encoding="utf-8")
    after = load_rulebook(rules)
    assert after.digest != before.digest
    fee = after.sets[("individual_rehabilitation", "tokyo")].parameters["commissioner_fee_with_lawyer"]
    assert 160000 in [v.value for v in fee.parameter.values]


@pytest.mark.parametrize("damage", ["truncated", "garbage", "other key", "flipped byte"])
def test_a_damaged_copy_is_ignored_and_the_book_built_again(cache_dir, tmp_path, damage):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    book = load_rulebook(rules)
    path = _copy(cache_dir)
    data = path.read_bytes()
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "garbage":
        data = os.urandom(1000)
    elif damage == "other key":
        data = data.replace(data.split(b"\n")[1], b"0" * 32, 1)
    else:
        data = data[:-10] + bytes([data[-10] ^ 1]) + data[-9:]
    path.write_bytes(data)
    assert cache.load(rules, book.digest) is None
    assert _shape(load_rulebook(rules)) == _shape(book)  # and a good copy is written again
    assert cache.load(rules, book.digest) is not None


def test_a_copy_someone_else_could_have_written_is_never_unpickled(cache_dir, tmp_path, monkeypatch):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    book = load_rulebook(rules)
    path = _copy(cache_dir)
    unpickled = []
    real_loads = pickle.loads
    monkeypatch.setattr(cache.pickle, "loads", lambda b: unpickled.append(b) or real_loads(b))
    os.chmod(path, 0o666)  # writable by anyone
    assert cache.load(rules, book.digest) is None
    os.chmod(path, 0o600)
    os.chmod(cache_dir, 0o777)  # a folder anyone can write into
    assert cache.load(rules, book.digest) is None
    os.chmod(cache_dir, 0o700)
    if os.getuid() == 0:
        os.chown(path, 65534, 65534)  # another user's file
        assert cache.load(rules, book.digest) is None
        os.chown(path, 0, 0)
    assert unpickled == []
    assert cache.load(rules, book.digest) is not None and len(unpickled) == 1


def test_no_cache_when_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("TSUMITATE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TSUMITATE_NO_CACHE", "1")
    load_rulebook(RULES)
    assert not (tmp_path / "cache").exists()


def _evaluate_one(rules):
    from tsumitate.evaluate import Evaluator
    from tsumitate.model.case import Case

    case = Case.model_validate({"case_id": "cache", "as_of": "2026-04-01", "procedure": "auto", "court": "tokyo",
                                "household": {"monthly_income": 250000, "monthly_expenses": 180000},
                                "debts": [{"creditor": "アコム", "amount": 1200000}]})
    return Evaluator(load_rulebook(rules)).evaluate(case)


def test_the_next_process_reads_the_compiled_rule_sets_back_and_decides_the_same(cache_dir, tmp_path, monkeypatch):
    from tsumitate import evaluate as ev
    from tsumitate.rulebook import compile as compiler

    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    first = _evaluate_one(rules)
    parts = [p for p in cache_dir.glob("*.pickle") if p.name.count(".") == 2]
    assert len(parts) == len(registry()) + 1  # every procedure and the screening of procedure auto, in Tokyo
    monkeypatch.setattr(ev, "compile_waves", lambda rs: pytest.fail(f"{rs.procedure}/{rs.region} compiled again"))
    again = _evaluate_one(rules)
    assert again == first
    monkeypatch.setattr(ev, "compile_waves", compiler.compile_waves)
    for part in parts:  # a damaged copy is ignored and compiled again
        part.write_bytes(part.read_bytes()[:-10] + b"0123456789")
    assert _evaluate_one(rules) == first


def test_compiled_rule_sets_of_an_edited_rule_file_are_not_read_back(cache_dir, tmp_path, monkeypatch):
    from tsumitate import evaluate as ev

    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    _evaluate_one(rules)
    t = rules / "individual_rehabilitation" / "tokyo.yaml"
    t.write_text(t.read_text(encoding="utf-8").replace("value: 150000\n", "value: 160000\n"), encoding="utf-8")
    compiled = []
    real = ev.compile_waves
    monkeypatch.setattr(ev, "compile_waves", lambda rs: compiled.append(rs.procedure) or real(rs))
    _evaluate_one(rules)
    assert sorted(compiled) == sorted([*registry(), "screening"])


def test_a_book_read_back_unpacks_a_procedures_rule_sets_only_when_one_of_them_is_read(cache_dir, tmp_path):
    # A start-up evaluating one 任意整理 case should not pay for unpickling every procedure's rule sets.
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    first = load_rulebook(rules)
    again = cache.load(rules, first.digest)
    assert list(again.sets) == list(first.sets) and len(again.sets) == len(first.sets)
    assert ("voluntary_arrangement", "tokyo") in again.sets and ("voluntary_arrangement", "atlantis") not in again.sets
    assert again.sets._sets == {}  # nothing unpickled by listing or asking for keys
    rs = again.ruleset("voluntary_arrangement", "tokyo")
    assert {p for p, _ in again.sets._sets} == {"voluntary_arrangement"}
    assert [r.id for r in rs.rules] == [r.id for r in first.ruleset("voluntary_arrangement", "tokyo").rules]
    assert _shape(again) == _shape(first)  # and every other set is there when read
    # a rule's condition is kept as its ``when`` and parsed again when first read: the same tree
    assert [r.condition for r in rs.rules] == [r.condition for r in first.ruleset("voluntary_arrangement", "tokyo").rules]
    copied = pickle.loads(pickle.dumps(again))  # pickled again (a worker, a new cache copy): still packed
    assert copied.sets._sets == {} and _shape(copied) == _shape(first)
    with pytest.raises(KeyError):
        again.sets[("voluntary_arrangement", "atlantis")]
