"""Statute texts (``rules/statutes.yaml``) and the provisions a rule's ``cite`` names.

A cite is free text written for people ("民事再生法231条2項3号・4号、174条2項4号"); this module
reads the article references out of it (law name, 条, 項, 号, with ``・4号`` continuing the
previous article) and finds the matching provisions, so ``explain`` can quote the sentence.
Parenthesised remarks in a cite are skipped: they explain, they do not cite.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator, model_validator

from .errors import InvalidValue, M
from .model.validation import validate
from .sources import load

FILE_NAME = "statutes.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Law(_Strict):
    number: StrictStr
    en: StrictStr


_ITEM = re.compile(r"^[一二三四五六七八九十]+ ")


def _join(text: str) -> str:
    """Lines of a YAML block -> one sentence; an item (``四 …``) is set off by a full-width space."""
    out = ""
    for line in (part.strip() for part in text.splitlines()):
        if not line:
            continue
        out += ("　" if out and _ITEM.match(line) else "") + line
    return out


class Provision(_Strict):
    law: StrictStr
    article: int = Field(ge=1)
    paragraph: int | None = Field(None, ge=1)
    item: int | None = Field(None, ge=1)
    title: StrictStr
    text: StrictStr = Field(min_length=1)
    en: StrictStr = Field(min_length=1)
    verified: bool
    url: StrictStr | None = Field(None, description="the public copy of the official text the wording was compared with")
    checked: dt.date | None = Field(None, description="the date that copy was read")
    note: StrictStr | None = None

    @field_validator("text")
    @classmethod
    def _one_sentence(cls, v: str) -> str:
        return _join(v)

    @field_validator("checked", mode="before")
    @classmethod
    def _date(cls, v):
        return dt.date.fromisoformat(v) if isinstance(v, str) else v

    @model_validator(mode="after")
    def _verified_says_where(self):
        """A wording marked verified names the copy it was compared with and the day, so a reader can check it again."""
        if self.verified and not ((self.url or "").strip() and self.checked):
            missing = "url" if not (self.url or "").strip() else "checked"
            raise InvalidValue(M(f"照合済み（verified: true）の条文には、照合した公開の写しの 'url' と読んだ日 'checked' が必要です（{missing} がありません）",
                                 f"a provision marked verified needs the 'url' of the public copy it was compared with and the date read, 'checked' ({missing} is missing)"))
        return self

    def record(self) -> dict:
        """The provision as explain and ``rules show`` quote it (JSON-ready)."""
        return {"ref": self.ref, "title": self.title, "text": self.text, "gloss": self.en, "verified": self.verified, "note": self.note,
                "url": self.url, "checked": self.checked.isoformat() if self.checked else None}

    @property
    def ref(self) -> str:
        """``民事再生法231条2項4号``: the way the rules cite it."""
        out = f"{self.law}{self.article}条"
        if self.paragraph:
            out += f"{self.paragraph}項"
        if self.item:
            out += f"{self.item}号"
        return out


class StatutesFile(_Strict):
    laws: dict[str, Law]
    provisions: list[Provision]


@dataclass(frozen=True)
class Ref:
    law: str
    article: int
    paragraph: int | None
    item: int | None


_PAREN = re.compile(r"（[^）]*）|\([^)]*\)")
_ARTICLE = r"(\d+)条(?:(\d+)項)?(?:(\d+)号)?"


def parse_cite(cite: str | None, laws: tuple[str, ...]) -> list[Ref]:
    """Article references in a cite, in order; ``・4号`` / ``・3項`` continue the previous one."""
    if not cite:
        return []
    text = _PAREN.sub("", cite)
    pattern = re.compile("(" + "|".join(map(re.escape, laws)) + ")|" + _ARTICLE + r"|・(\d+)号|・(\d+)項")
    out: list[Ref] = []
    law = None
    for m in pattern.finditer(text):
        if m.group(1):
            law = m.group(1)
        elif law is None:
            continue  # an article number with no law named before it
        elif m.group(2):
            out.append(Ref(law, int(m.group(2)), int(m.group(3)) if m.group(3) else None, int(m.group(4)) if m.group(4) else None))
        elif m.group(5) and out:
            last = out[-1]
            out.append(Ref(last.law, last.article, last.paragraph, int(m.group(5))))
        elif m.group(6) and out:
            last = out[-1]
            out.append(Ref(last.law, last.article, int(m.group(6)), None))
    return out


class Statutes:
    def __init__(self, data: StatutesFile, path: str):
        self.laws = data.laws
        self.provisions = data.provisions
        self.path = path

    def cited(self, cite: str | None) -> list[Provision]:
        """Provisions a cite names. An article cited without 項 means its first paragraph."""
        found: list[Provision] = []
        for ref in parse_cite(cite, tuple(self.laws)):
            for p in self.provisions:
                if p.law != ref.law or p.article != ref.article:
                    continue
                if ref.paragraph is None and p.paragraph not in (None, 1):
                    continue
                if ref.paragraph is not None and p.paragraph != ref.paragraph:
                    continue
                if ref.item is not None and p.item != ref.item:
                    continue
                if ref.item is None and ref.paragraph is not None and p.item is not None:
                    continue
                if p not in found:
                    found.append(p)
        return found


EMPTY = Statutes(StatutesFile(laws={}, provisions=[]), "")


@lru_cache(maxsize=8)
def _load(path: str) -> Statutes:
    src = load(path)
    return Statutes(validate(StatutesFile, src.data, src, what="statutes file"), src.path)


def load_statutes(rules_dir: str | Path) -> Statutes:
    """The statutes file of a rules directory; a directory without one quotes nothing.

    A malformed file raises ``InputError`` (FILE:LINE: field: problem), like any input.
    """
    path = Path(rules_dir) / FILE_NAME
    if not path.exists():
        return EMPTY
    return _load(str(path))
