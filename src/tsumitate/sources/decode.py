"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with a BOM, or Shift_JIS/CP932.

Japanese offices save text as CP932 as often as UTF-8; guessing wrong would put wrong names
into a legal file, so an ambiguous file is refused with a message saying how to convert it.
Line endings become ``\\n``.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import InputError, M
from .read import read_bytes


def read_text(path: str | Path) -> str:
    """Bytes from disk to text: UTF-8 (with or without BOM), UTF-16/32 with BOM, or Shift_JIS/CP932."""
    return decode(read_bytes(path), str(path))


_CONVERT = "save it as UTF-8, e.g. `iconv -f {enc} -t UTF-8 FILE > FILE.utf8.yaml`"
_CONVERT_JA = "UTF-8 で保存し直してください（例: `iconv -f {enc} -t UTF-8 FILE > FILE.utf8.yaml`）"


def decode(raw: bytes, name: str) -> str:
    """Decode one file's bytes; ``InputError`` says which encodings were tried and how to convert."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return _newlines(raw.decode(enc))
            except UnicodeDecodeError as e:
                line = raw[: e.start].count(b"\n") + 1 if enc == "utf-8-sig" else None
                code = enc.upper().replace('-SIG', '')
                raise InputError.single(name, line, "-", M(f"{code} のバイト順マーク（BOM）で始まっていますが、{code} として読めません",
                                                           f"starts with a {code} byte-order mark but is not valid {code}")) from None
    if b"\x00" in raw:
        if _looks_utf16(raw):
            raise InputError.single(name, None, "-", M("バイト順マーク（BOM）のない UTF-16 のようです。" + _CONVERT_JA.format(enc="UTF-16LE"),
                                                       "looks like UTF-16 without a byte-order mark; " + _CONVERT.format(enc="UTF-16LE")))
        raise InputError.single(name, raw[: raw.index(b"\x00")].count(b"\n") + 1, "-",
                                M("バイナリデータ（NUL バイト）です。YAML・JSON のテキストファイルではありません",
                                  "binary data (NUL bytes), not a YAML or JSON text file"))
    try:
        return _newlines(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        utf8_error = e
    line = raw[: utf8_error.start].count(b"\n") + 1
    try:
        text = raw.decode("cp932")
    except UnicodeDecodeError:
        raise InputError.single(name, line, "-", M("UTF-8 としても Shift_JIS/CP932 としても読めません。ほかの文字コードのテキストなら、"
                                                   + _CONVERT_JA.format(enc="<文字コード>"),
                                                   "not text in UTF-8 or Shift_JIS/CP932 (tried both); if it is text in "
                                                   "another encoding, " + _CONVERT.format(enc="<encoding>"))) from None
    # Bytes that are valid CP932 may also be valid EUC-JP (another Japanese encoding) and then
    # mean different text; guessing would put wrong names into a legal file.
    try:
        other = raw.decode("euc_jp")
    except UnicodeDecodeError:
        other = None
    if other is not None and other != text:
        raise InputError.single(name, line, "-", M("UTF-8 ではなく、Shift_JIS/CP932 と EUC-JP で読み方が変わるため文字コードを決められません。"
                                                   + _CONVERT_JA.format(enc="CP932（または EUC-JP）"),
                                                   "not UTF-8, and the bytes read differently as Shift_JIS/CP932 and as EUC-JP; "
                                                   + _CONVERT.format(enc="CP932 (or EUC-JP)")))
    return _newlines(text)


def _looks_utf16(raw: bytes) -> bool:
    sample = raw[:2000]
    return sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4


def _newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


