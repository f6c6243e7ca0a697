"""evaluate --workers: a lawyer's office evaluating a folder of case files gets, from several
processes, exactly the lines and the exit code one process gives — results in the order the files
were named, each bad file's problem line where it was, the good files still evaluated."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from replay_support import REPO, run_process

EXAMPLES = REPO / "docs" / "examples"


def _folder(tmp_path: Path) -> list[str]:
    """Varied cases (every example, at different courts and dates), one broken file, one unknown court, one missing file."""
    folder = tmp_path / "cases"
    folder.mkdir()
    names = []
    examples = sorted(EXAMPLES.glob("*.yaml"))
    for i in range(24):
        case = yaml.safe_load(examples[i % len(examples)].read_text(encoding="utf-8"))
        case["case_id"] = f"case-{i:02d}"
        case["court"] = ["tokyo", "osaka", "sapporo", "default"][i % 4]
        case["as_of"] = f"2026-{1 + i % 12:02d}-15"
        path = folder / f"{i:02d}.yaml"
        path.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False), encoding="utf-8")
        names.append(str(path))
    broken = folder / "broken.yaml"
    broken.write_text("case_id: [unclosed\n", encoding="utf-8")
    unknown = folder / "unknown_court.yaml"
    case = yaml.safe_load(examples[0].read_text(encoding="utf-8"))
    case["court"] = "atlantis"
    unknown.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    names[5:5] = [str(broken)]
    names[17:17] = [str(unknown), str(folder / "missing.yaml")]
    return names


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_three_workers_print_exactly_what_one_process_prints(tmp_path, fmt):
    files = _folder(tmp_path)
    one = run_process("evaluate", "--format", fmt, "--workers", "1", *files)
    three = run_process("evaluate", "--format", fmt, "--workers", "3", *files)
    assert one.returncode == 2  # the broken, unknown-court and missing files
    assert (three.returncode, three.stdout, three.stderr) == (one.returncode, one.stdout, one.stderr)
    assert len(one.stderr.splitlines()) == 3 and len(one.stdout.splitlines()) >= 24


def test_a_good_folder_exits_0_with_workers_too(tmp_path):
    files = [f for f in _folder(tmp_path) if Path(f).stem.isdigit()]
    r = run_process("evaluate", "--format", "json", "--workers", "2", *files)
    assert r.returncode == 0 and r.stderr == ""
    assert [line.split('"case_id":"')[1].split('"')[0] for line in r.stdout.splitlines()] == [f"case-{i:02d}" for i in range(24)]


def test_a_few_files_are_evaluated_in_one_process_and_many_on_every_core():
    from tsumitate.evaluate_files import FILES_PER_WORKER, default_workers

    assert default_workers(1) == 1 and default_workers(FILES_PER_WORKER - 1) == 1
    assert default_workers(10 ** 6) == (os.cpu_count() or 1)


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="finds the workers through /proc (Linux)")
def test_a_killed_worker_costs_its_files_a_problem_line_each_and_exit_2_not_a_hang(tmp_path):
    files = _folder(tmp_path)
    files = [f for f in files if Path(f).stem.isdigit()] * 250  # 6,000 files: busy when the worker is killed
    exe = Path(sys.executable).parent / "tsumitate"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tsumitate_cli.main"]
    p = subprocess.Popen(cmd + ["evaluate", "--format", "json", "--workers", "2", *files], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env={**os.environ, "TSUMITATE_LANG": "en"})
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.05)
        workers = [int(c) for t in os.listdir(f"/proc/{p.pid}/task")
                   for c in open(f"/proc/{p.pid}/task/{t}/children").read().split()]
    if p.poll() is not None:
        pytest.skip("the run ended before its workers could be seen")
    os.kill(workers[0], signal.SIGKILL)
    out, err = p.communicate(timeout=600)
    assert p.returncode == 2
    lost = [line for line in err.splitlines() if "the worker process evaluating this file ended (signal 9)" in line]
    assert lost, err[-2000:]
    assert len(out.splitlines()) + len(lost) == len(files)  # every file: a result or its problem line


def test_the_files_named_are_accepted_or_refused_exactly_as_click_path_does(tmp_path, monkeypatch):
    """evaluate's quicker check of its FILES gives click's answer and message for every kind of path."""
    import click

    from tsumitate_cli.evaluate_cmd import _CaseFiles

    readable = tmp_path / "case.yaml"
    readable.write_text("case_id: a\n", encoding="utf-8")
    locked = tmp_path / "locked.yaml"
    locked.write_text("case_id: b\n", encoding="utf-8")
    locked.chmod(0)  # unreadable, even for root (who may read anything) as far as both checks can tell:
    access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: path != str(locked) and access(path, mode, **kw))
    fifo = tmp_path / "fifo.yaml"
    if hasattr(os, "mkfifo"):
        os.mkfifo(fifo)
    paths = [str(readable), str(locked), str(fifo), str(tmp_path), str(tmp_path / "missing.yaml"), "-", "", "a\nb\x1b.yaml"]

    def answer(kind, path):
        try:
            return kind(path_type=str).convert(path, None, None)
        except click.BadParameter as e:
            return ("refused", e.format_message())

    answers = [answer(_CaseFiles, p) for p in paths]
    assert answers == [answer(click.Path, p) for p in paths]
    assert answers[1][0] == "refused" and answers[0] == str(readable)
    locked.chmod(0o600)


def test_a_workers_end_of_the_pipe_has_room_for_a_chunk_and_a_plain_pipe_is_left_as_it_is():
    import multiprocessing
    import socket

    from tsumitate import parallel

    ours, theirs = multiprocessing.Pipe()
    before = socket.socket(fileno=os.dup(theirs.fileno()))
    default = before.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
    parallel._roomy(theirs)
    cap = Path("/proc/sys/net/core/wmem_max")
    if default < parallel._SEND_BUFFER and cap.exists() and int(cap.read_text()) >= parallel._SEND_BUFFER:
        assert before.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) >= parallel._SEND_BUFFER
    before.close()
    theirs.send(list(range(100_000)))
    assert ours.recv() == list(range(100_000))

    r, w = os.pipe()
    open_before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    parallel._roomy(type("End", (), {"fileno": lambda self: w})())
    if open_before is not None:
        assert len(os.listdir("/proc/self/fd")) == open_before  # no descriptor left behind
    os.close(r)
    os.close(w)


@pytest.mark.parametrize("count", [0, 1, 17, 129, 1000, 10_007])
@pytest.mark.parametrize("workers", [1, 2, 3])
def test_every_file_is_in_one_chunk_in_order_and_the_last_chunks_are_small_so_workers_finish_together(count, workers):
    from tsumitate.parallel import chunked

    chunks = chunked(list(range(count)), workers)
    assert [i for chunk in chunks for i in chunk] == list(range(count)) and all(chunks)
    assert max(map(len, chunks), default=0) <= 64
    if count >= 1000:  # whole chunks, then the last chunk's worth per worker cut in eighths
        size = len(chunks[0])
        assert [i for c in chunks if len(c) <= size // 8 for i in c] == list(range(count - size * workers, count))
