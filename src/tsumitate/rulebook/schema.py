"""The shape of a rule file (YAML under ``rules/``): parameters with dated values, and rules.

A rule file is pure data. Conditions are a small comparison language (compiled to
durable_rules' JSON conditions); conclusions are a fixed vocabulary of values. Nothing in a
rule file is evaluated as code.

Condition grammar (``when``)::

    {}                                   always (the stage alone)
    {name: value}                        name equals value (null allowed)
    {name: {op: operand, ...}}           op in eq ne lt le gt ge in; several ops are ANDed
    {all: [cond, ...]}  {any: [cond, ...]}  {not: cond}
    a mapping with several keys          all of them

``name`` is a fact (``capacity``), a parameter (``params.min_installments``) or an earlier
stage's conclusion (``test.status``). An operand is a literal or ``{ref: name}``.

Value grammar (``then``)::

    literal | {ref: name} | {append: literal} | {minus_floor0: [value, value]}
    | {times: [value, value]} | {object: {key: value, ...}}
"""

# No ``from __future__ import annotations`` here: pydantic evaluates every field's annotation when
# the class is made, and an annotation kept as text is first compiled (typing.ForwardRef) at every start.

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator

SCALAR = (str, int, bool, type(None))
RECORD_TARGETS = ("feasibility", "test", "deposit", "refund", "advice", "warning", "recommendation", "none")


class _Strict(BaseModel):
    # defer_build: a start-up that finds the rule book in the cache (rulebook/cache.py) unpickles
    # these models but never validates a rule file; their validators are built on first use.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class DatedValue(_Strict):
    """One figure of a parameter and where it comes from.

    ``since`` is a real first day in force (a statute's effective date, a court notice's date);
    court practice with no known start leaves it out and applies to any ``as_of`` — what it
    carries instead is ``url`` and ``checked``, the date its public source was read.
    """

    since: dt.date | None = Field(None, description="first day this value is in force; omitted: no known start (applies to any as_of)")
    value: Any = Field(description="the figure (yen, count, enum value, or a table)")
    # Missing or blank is reported by the linter (with the file's other problems), not here.
    source: StrictStr = Field("", description="statute, court notice or practice source for this figure")
    url: StrictStr | None = Field(None, description="where the source can be read")
    checked: dt.date | None = Field(None, description="the date the source was read (court practice: required)")
    note: StrictStr | None = None
    verified: bool = True

    @field_validator("since", "checked", mode="before")
    @classmethod
    def _date(cls, v):
        if isinstance(v, str):
            return dt.date.fromisoformat(v)
        return v

    @property
    def starts(self) -> dt.date:
        """The first day in force for comparisons: no known start is the earliest day."""
        return self.since or dt.date.min


class Parameter(_Strict):
    description: StrictStr = Field(min_length=1)
    unit: StrictStr | None = None
    values: list[DatedValue] = Field(min_length=1)

    def in_force(self, day: dt.date) -> DatedValue | None:
        """The value in force on ``day``: the latest start on or before it (None: none yet)."""
        current = None
        for v in self.values:
            if v.starts <= day and (current is None or v.starts >= current.starts):
                current = v
        return current


class Texts(_Strict):
    ja: StrictStr = Field(min_length=1)
    en: StrictStr = Field(min_length=1)


class RuleSpec(_Strict):
    id: StrictStr = Field(min_length=1, pattern=r"^[a-z0-9_.\-]+$")
    stage: StrictStr
    group: StrictStr | None = Field(None, description="exclusive group: the first matching rule of the group wins")
    before: StrictStr | None = Field(None, description="region files: insert this rule before that rule id")
    override: bool = Field(False, description="region files: replace the rule of the same id from the set extended")
    when: dict[str, Any] = Field(default_factory=dict)
    then: dict[str, Any] = Field(default_factory=dict)
    record: Literal[RECORD_TARGETS] = "none"  # type: ignore[valid-type]
    code: StrictStr = Field(min_length=1)
    # Missing texts and citations are reported by the linter, so one run names every problem.
    ja: StrictStr = ""
    en: StrictStr = ""
    cite: StrictStr | None = Field(None, description="statute article or court-practice source; null only for pure bookkeeping rules")
    summary: StrictStr | None = None
    unmet: Texts | None = Field(None, description="explain: why the rule did not fire, in words ({name} placeholders like ja/en)")


class Include(_Strict):
    """Rules shared by several procedures (``rules/shared/*.yaml``), taken into a base set."""

    file: StrictStr = Field(min_length=1, description="path relative to the rules directory, e.g. shared/fee_contract_refund.yaml")
    id_prefix: StrictStr = Field(pattern=r"^[a-z0-9_.\-]+$", description="prepended to each shared rule's id (va., bk.)")


class RuleFile(_Strict):
    """One YAML file: a procedure's base set, a region's overrides, shared parameters or shared rules."""

    procedure: StrictStr | None = None
    include: list[Include] = Field(default_factory=list, description="base sets only: shared rule files taken in after the file's own rules")
    region: StrictStr | None = None
    extends: StrictStr | None = None
    title: StrictStr | None = None
    stages: list[StrictStr] | None = None
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    rules: list[RuleSpec] = Field(default_factory=list)


class Court(_Strict):
    region: StrictStr
    name_ja: StrictStr
    name_en: StrictStr | None = None
    branches: list[StrictStr] = Field(default_factory=list, description="branch names (立川 for 東京地方裁判所立川支部); a branch follows its district court's practice")


class CourtsFile(_Strict):
    regions: dict[str, StrictStr] = Field(description="region id -> description")
    courts: dict[str, Court]
