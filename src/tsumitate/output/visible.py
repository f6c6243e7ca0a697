"""Text that came from files, made safe to show: control characters are written out (``\\x1b``), never sent raw.

Why: a scenario name, a creditor, a file name is typed by someone else. Raw, an escape
sequence in it can clear the screen, retitle the window, write the clipboard (OSC 52) or
overwrite a line (``"\\e[2K\\rPASS"`` hides its own failure); a right-to-left override
reorders what a lawyer reads; a newline in a file name forges a ``FILE:LINE:`` line. Every
such character is replaced by its escape, visibly:

- C0 controls (ESC, BEL, CR, NUL ...) as ``\\x1b``, ``\\x07``, ``\\x0d``;
- DEL, C1 controls (the 8-bit CSI ``\\u009b``), bidirectional controls (``\\u202e``), line and
  paragraph separators, U+FFFE/FFFF, and a file name's undecodable bytes (Python keeps them as
  lone surrogates) as ``\\uXXXX``. Those forms are also valid inside a JSON string, so JSON
  output stays JSON (its encoder already writes C0 controls as ``\\u001b``).

``visible`` keeps line breaks and tabs (a message may be several lines); ``one_line`` writes
them out too, for what must stay on one line (file names, scenario names). ``guarded_streams``
puts ``visible`` in front of stdout and stderr for a whole command: the one place every word the
CLI prints passes, whichever module wrote it. Bytes written through it go to the stream's binary
buffer unchanged (as ``click.echo`` writes bytes): the one command that writes bytes, ``evaluate``,
passes each result through ``visible`` where it is rendered (``evaluate_files.Form.utf8``).

A stream whose encoding cannot hold a character (stdout redirected to a file on Windows is
CP932, which has no ``—`` U+2014 or ``·`` U+00B7; a terminal set to EUC-JP) would stop the
command with a ``UnicodeEncodeError`` traceback. For the duration of ``guarded_streams`` such a
character is written as ``\\uXXXX`` instead (``ESCAPE_UNENCODABLE``): readable in text, and a
valid escape inside a JSON string, so JSON output stays JSON with the same data.
"""

from __future__ import annotations

import codecs
import re
import sys
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
_LINE: re.Pattern | None = None  # compiled on first use: a command that prints no file name never needs it


@lru_cache(maxsize=None)
def block() -> re.Pattern:
    """The pattern of what ``visible`` writes out, compiled on first use: printable text never
    needs it (``_clean``), and its class of some 2,100 characters takes 0.5 ms to compile, a third
    of a percent of every command's start-up."""
    return re.compile(f"[{_CONTROLS}]")


def _clean(text: str) -> bool:
    """True when ``text`` holds nothing to write out, found in one C-level pass.

    Every character the patterns write out is one Python calls unprintable (a test checks each),
    so printable text, line breaks aside, needs no pattern search: about half the cost of one
    over a result's JSON line (8 against 18 µs for 5 KB). Other unprintable text (a tab, an
    ideographic space U+3000) goes through the pattern as before. Text without a line break (a
    JSON line) is checked as it is: no copy without its line breaks.
    """
    return text.isprintable() or text.replace("\n", "").isprintable()


def _escape(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character written out; line breaks and tabs kept."""
    if _clean(text):
        return text
    pattern = block()
    return pattern.sub(_escape, text) if pattern.search(text) else text


def one_line(text: str) -> str:
    """``text`` with every control character written out, line breaks and tabs too: it stays one line."""
    global _LINE
    if _LINE is None:
        _LINE = re.compile(f"[\t\n{_CONTROLS}]")
    return _LINE.sub(_escape, text) if _LINE.search(text) else text


class _Visible:
    """A text stream that passes everything written to it through ``visible``."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        if isinstance(text, str) and not _clean(text) and block().search(text):
            text = block().sub(_escape, text)
        return self._stream.write(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def __getattr__(self, name):  # flush, isatty, encoding, buffer ...: the real stream's
        return getattr(self._stream, name)


ESCAPE_UNENCODABLE = "tsumitate-escape-unencodable"


def _escape_unencodable(err: UnicodeError) -> tuple[str, int]:
    """The characters an encoding cannot hold, as ``\\uXXXX`` (a UTF-16 pair past U+FFFF, as JSON writes it)."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    out = []
    for ch in err.object[err.start:err.end]:
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), err.end


codecs.register_error(ESCAPE_UNENCODABLE, _escape_unencodable)


def _escape_what_cannot_be_encoded(stream) -> str | None:
    """Let ``stream`` write what its encoding cannot hold as ``\\uXXXX``; the error handler it had (None: unchanged)."""
    errors = getattr(stream, "errors", None)
    if errors != "strict" or not hasattr(stream, "reconfigure"):
        return None  # stderr's backslashreplace, or not a text file: left as it is
    try:
        stream.reconfigure(errors=ESCAPE_UNENCODABLE)
    except (AttributeError, ValueError, OSError):  # pragma: no cover - a stream that cannot change it
        return None
    return errors


@contextmanager
def guarded_streams() -> Iterator[None]:
    """For the duration, ``sys.stdout`` and ``sys.stderr`` show control characters escaped, and
    write a character their encoding cannot hold as ``\\uXXXX`` instead of failing."""
    out, err = sys.stdout, sys.stderr
    previous = [(s, _escape_what_cannot_be_encoded(s)) for s in (out, err)]
    sys.stdout, sys.stderr = _Visible(out), _Visible(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
        for stream, errors in previous:
            if errors is not None:
                try:
                    stream.reconfigure(errors=errors)
                except (AttributeError, ValueError, OSError):  # pragma: no cover - closed meanwhile
                    pass


def html_text(text, quote: bool = True) -> str:
    """For HTML pages (report, explain): control characters written out, then ``<&>"'`` escaped."""
    from html import escape

    return escape(visible(str(text)), quote)
