"""An on-disk copy of a loaded, checked rule book, keyed by the rules directory's digest.

Why: every command starts by parsing, validating and linting some fifteen rule files (about
45 ms of a 0.3 s start-up); the same directory gives the same book until a byte of it changes,
and the digest already names those bytes. A copy is read back in a few milliseconds.

Safe by construction, or not used at all:
- where: ``$TSUMITATE_CACHE_DIR``, else ``$XDG_CACHE_HOME/tsumitate``, else ``~/.cache/tsumitate``;
  the folder is created 0700. ``TSUMITATE_NO_CACHE=1`` turns the cache off.
- a copy is a pickle, so it is read only from a file this user owns, in a folder this user owns,
  neither writable by anyone else (as ssh treats its keys): anything else is ignored.
- the key is the digest of the rule files **and** a fingerprint of tsumitate's own code (each
  module's name, size and modification time) and of Python's version: new code never reads a
  book an older one built.
- the file carries a header (format, key, BLAKE2b checksum of the pickled bytes) checked before anything
  is unpickled; a copy that is short, corrupt or from another key is ignored and rebuilt.
- it is written atomically (``atomic_write``): a reader never sees half of one.

Besides the book, a *part* derived from it may be kept under the same key (``part=`` a name):
the evaluator keeps each rule set's compiled durable rulesets this way (``waves/<procedure>/<region>``),
which costs about 10 ms a rule set to compute and is the same for the same rules and code.
A part is its own file ``<key>.<hash of the name>.pickle``, written when first computed, with the
same checks; the 16 newest keys are kept with all their parts.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Any

_MAGIC = b"tsumitate-rulebook-cache 2\n"
_code_fingerprint: str | None = None


def _folder() -> Path | None:
    if os.environ.get("TSUMITATE_NO_CACHE"):
        return None
    explicit = os.environ.get("TSUMITATE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if base.startswith("~"):  # no home directory to expand
        return None
    return Path(base) / "tsumitate"


def _fingerprint() -> str:
    """tsumitate's code and Python's version: a book is only read back by the code that built it."""
    global _code_fingerprint
    if _code_fingerprint is None:
        package = str(Path(__file__).resolve().parent.parent)
        h = hashlib.sha256(sys.version.encode())
        for folder, dirs, files in os.walk(package):
            dirs.sort()
            under = folder[len(package) + 1:]  # the folder relative to the package ("" at its top)
            for name in sorted(files):
                if name.endswith(".py"):
                    st = os.stat(os.path.join(folder, name))
                    h.update(f"{os.path.join(under, name)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        _code_fingerprint = h.hexdigest()[:16]
    return _code_fingerprint


def _key(root: Path, digest: str) -> str:
    return hashlib.sha256(f"{os.path.realpath(root)}\0{digest}\0{_fingerprint()}".encode()).hexdigest()[:32]


def _file(root: Path, digest: str, part: str | None) -> tuple[str, str]:
    """(header key, file name): the book is ``<key>.pickle``, a part ``<key>.<16 hex>.pickle``."""
    key = _key(root, digest)
    if part is None:
        return key, f"{key}.pickle"
    tag = hashlib.sha256(part.encode()).hexdigest()[:16]
    return f"{key}.{tag}", f"{key}.{tag}.pickle"


def _checksum(body: bytes) -> bytes:
    """64 hex digits naming the pickled bytes: BLAKE2b, as strong as SHA-256 against a damaged copy and
    about half its instructions over the half a megabyte read at every start."""
    return hashlib.blake2b(body, digest_size=32).hexdigest().encode()


def _ours(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    return (uid is None or st.st_uid == uid) and not (st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def load(root: Path, digest: str, part: str | None = None) -> Any | None:
    """The book (or its ``part``) built earlier from these exact rule files by this exact code, or None."""
    folder = _folder()
    if folder is None:
        return None
    try:
        key, name = _file(root, digest, part)
        path = folder / name
        if not _ours(os.stat(folder)):
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or not _ours(st) or st.st_size > 64 * 1024 * 1024:
                return None
            with os.fdopen(fd, "rb", closefd=False) as f:
                data = f.read()
        finally:
            os.close(fd)
        head = _MAGIC + key.encode() + b"\n"
        if not data.startswith(head):
            return None
        checksum, body = data[len(head):len(head) + 64], data[len(head) + 65:]
        if _checksum(body) != checksum:
            return None
        book = pickle.loads(body)
        if part is not None:
            return book
        return book if getattr(book, "digest", None) == digest else None
    except Exception:  # missing, unreadable, corrupt, from an incompatible build: build the book again
        return None


def store(root: Path, digest: str, book: Any, part: str | None = None) -> None:
    """Keep a copy (of the book, or of its ``part``) for the next start; a cache that cannot be written is simply not used."""
    folder = _folder()
    if folder is None:
        return
    try:
        from ..atomic_write import write_atomically

        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _ours(os.stat(folder)):
            return
        key, name = _file(root, digest, part)
        body = pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL)
        old = os.umask(0o077)
        try:
            write_atomically(folder / name,
                             _MAGIC + key.encode() + b"\n" + _checksum(body) + b"\n" + body)
        finally:
            os.umask(old)
        _prune(folder)
    except Exception:  # a read-only home, a full disk: start-up is just not faster
        return


_KEEP = 16  # keys kept (rule directories and versions in use) with their parts; older ones are removed


def _prune(folder: Path) -> None:
    newest: dict[str, int] = {}  # key -> newest modification time among its book and parts
    files: list[tuple[str, Path]] = []
    for path in folder.glob("*.pickle"):
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            continue
        key = path.name.split(".", 1)[0]
        files.append((key, path))
        newest[key] = max(newest.get(key, 0), mtime)
    kept = set(sorted(newest, key=newest.__getitem__, reverse=True)[:_KEEP])
    for key, old in files:
        if key not in kept:
            try:
                old.unlink()
            except OSError:
                pass
