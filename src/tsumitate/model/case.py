"""The case file (one debtor), exactly as in contract.md: strict, with the documented defaults.

Strict because a typo in a legal file must not pass silently: unknown keys are errors, money
is a whole, non-negative number of yen (no floats, no strings, no booleans), months are
``YYYY-MM``. Dates accept YAML dates or ISO strings (JSON has no date type).
"""

# No ``from __future__ import annotations`` here: pydantic evaluates every field's annotation when
# the class is made, and an annotation kept as text is first compiled (typing.ForwardRef) at every start.

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Annotated, Any, Literal

from ..procedures import procedure_names
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StrictBool, StrictInt, StrictStr, field_validator, model_validator

from ..errors import InvalidValue, M, Msg

# An upper bound on any amount: far beyond any real consumer debt (the largest 個人再生
# cases are 5,000万円), low enough to catch a pasted account number or an extra digit run.
MAX_YEN = 100_000_000_000  # 1,000億円

Yen = Annotated[StrictInt, Field(ge=0, le=MAX_YEN, description="whole yen, 0 to 100,000,000,000")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False)


# Every procedure with a module in ``tsumitate.procedures`` (found without importing it), and
# ``auto`` (screening): a new procedure needs no edit here.
Procedure = Enum("Procedure", {name: name for name in (*procedure_names(), "auto")}, type=str)


class Representation(str, Enum):
    lawyer = "lawyer"
    judicial_scrivener = "judicial_scrivener"
    self = "self"


class RehabilitationType(str, Enum):
    small_scale = "small_scale"
    salaried = "salaried"


class DebtKind(str, Enum):
    consumer_finance = "consumer_finance"
    credit_card = "credit_card"
    bank_loan = "bank_loan"
    housing_loan = "housing_loan"
    tax = "tax"
    guarantee_association = "guarantee_association"  # 信用保証協会 (known to object in the small-scale vote)
    government_finance = "government_finance"  # 政府系金融機関 (日本政策金融公庫 ...; known to object)
    other = "other"


class Vote(str, Enum):
    """How a creditor answers the small-scale written vote (民事再生法230条), as far as the office knows."""

    objects = "objects"
    consents = "consents"
    unknown = "unknown"


class RefundPolicy(str, Enum):
    full = "full"
    minus_expenses = "minus_expenses"
    none = "none"
    unknown = "unknown"


_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # compiled once: re.fullmatch(text, v) looked it up per date


class Household(_Strict):
    monthly_income: Yen = Field(description="stable take-home income per month (手取り)")
    uncertain_income: Yen = Field(0, description="overtime / side jobs (残業・副業): never counted")
    monthly_expenses: Yen = Field(0, description="living costs per month")
    annual_irregular_expenses: Yen = Field(0, description="renewals, taxes, car inspection per year (更新費・税金・車検)")
    family_informed: StrictBool = Field(True, description="false: the household does not know (家族に内緒)")
    annual_disposable_income: Yen | None = Field(None, description="可処分所得 per year (給与所得者等再生)")


class RealEstate(_Strict):
    value: Yen = Field(0, description="不動産の時価 (market value)")
    secured_balance: Yen = Field(0, description="被担保債権の残高 (what the mortgages still secure)")


class Assets(_Strict):
    """What the debtor owns. ``liquidation_value`` is 個人再生's one figure; the categories decide 自己破産's track."""

    liquidation_value: Yen = Field(0, description="清算価値: what creditors would get in bankruptcy (個人再生)")
    cash: Yen = Field(0, description="現金 (自己破産: 33万円以上で管財 in Tokyo)")
    deposits: Yen = Field(0, description="預貯金の合計")
    insurance_surrender: Yen = Field(0, description="保険の解約返戻金の合計")
    vehicles: Yen = Field(0, description="自動車・バイクの時価の合計")
    retirement_allowance: Yen = Field(0, description="退職金見込額（いま退職した場合の額）")
    real_estate: RealEstate | None = Field(None, description="不動産: 時価と被担保債権の残高")
    other: Yen = Field(0, description="その他の財産（有価証券・貸付金など）の合計")


# An annual rate the way a 和解書 writes it: a percentage with at most two decimals (15, 14.6, 9.75).
MAX_RATE = Decimal(100)


def _rate(v):
    """% a year -> an exact Decimal. YAML and JSON give 14.6 as a float: its shortest text is what was written."""
    if isinstance(v, bool) or v is None or not isinstance(v, (int, float, str, Decimal)):
        raise InvalidValue(M("将来利息の年率は数値（%、小数2桁まで）で書いてください", f"the rate must be a number (% a year), got {type(v).__name__}"))
    text = repr(v) if isinstance(v, float) else str(v).strip()
    try:
        rate = Decimal(text)
    except InvalidOperation:
        raise InvalidValue(M(f"将来利息の年率として読めません（{text[:40]!r}）", f"not a rate (% a year): {text[:40]!r}")) from None
    if not rate.is_finite():
        raise InvalidValue(M(f"将来利息の年率として読めません（{text[:40]!r}）", f"not a rate (% a year): {text[:40]!r}"))
    if rate < 0 or rate >= MAX_RATE:
        raise InvalidValue(M(f"将来利息の年率は0以上100未満（%）です（{text[:40]} と書かれています）", f"the rate must be at least 0 and below 100 (% a year), got {text[:40]}"))
    if rate != rate.quantize(Decimal("0.01")):
        raise InvalidValue(M(f"将来利息の年率は小数2桁までです（{text[:40]} と書かれています）", f"the rate takes at most two decimals (% a year), got {text[:40]}"))
    return rate

MAX_TRANSACTIONS = 100_000  # per debt: decades of monthly rows many times over; bounds memory and time


class Transaction(_Strict):
    """取引履歴の1行（貸金業者の開示のとおり、古い順）。"""

    date: dt.date = Field(description="取引日（YYYY-MM-DD）。古い順、同じ日の行は書いた順に計算")
    borrow: Yen = Field(0, description="借入額（円）")
    repay: Yen = Field(0, description="返済額（円）。残高がなくても書ける（全額が過払金になる）")

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, v):
        if v is None:
            raise InvalidValue(M("取引日がありません（YYYY-MM-DD）", "expected a date YYYY-MM-DD, got nothing"))
        return _parse_date(v)


class Debt(_Strict):
    creditor: StrictStr = Field(min_length=1, max_length=200)
    amount: Yen | None = Field(None, description="残高（円）。債権者の主張額。取引履歴 transactions があれば省略でき、"
                                                 "返済額の判定には引き直し計算の結果を使う（この額は比較と、司法書士の代理権の上限の判断に使う）")
    kind: DebtKind = DebtKind.other
    secured: StrictBool = False
    include: StrictBool = Field(True, description="voluntary arrangement: creditor taken into the settlement")
    collateral_value: Yen | None = Field(None, description="secured debt or housing loan: what the security is expected to recover (別除権の行使による回収見込額); unset: unknown")
    vote: Vote = Field(Vote.unknown, description="small-scale vote (小規模個人再生): objects | consents | unknown")
    accrued_interest: Yen = Field(0, description="経過利息・遅延損害金のうち債権者が和解額に含めるよう求める額（任意整理。既定0） / accrued interest the creditor insists on (voluntary arrangement)")
    max_installments: StrictInt | None = Field(None, ge=1, le=600, description="この債権者が応じる分割回数の上限（任意整理。なければ null） / the creditor's own maximum number of installments")
    min_monthly: Yen = Field(0, description="この債権者が求める月々の最低支払額（任意整理。既定0） / the creditor's minimum monthly payment")
    future_interest_rate: Decimal = Field(Decimal(0), description="債権者が将来利息を求める場合の年率（%、小数2桁まで。既定0） / future interest the creditor insists on, % a year, up to two decimals")
    transactions: list[Transaction] | None = Field(
        None, max_length=MAX_TRANSACTIONS,
        description="取引履歴（借入・返済、古い順）。あれば利息制限法の上限利率で引き直し計算し、基準日 as_of までの"
                    "残元金＋未払利息を債務額とする（過払いなら0円、過払金の返還請求を助言）")

    @field_validator("future_interest_rate", mode="before")
    @classmethod
    def _exact_rate(cls, v):
        return _rate(v)


class RecalculatedDebt(Debt):
    """The copy of a debt whose ``amount`` is recalculated from its history (``recalc_case.with_amounts``).

    It keeps the recalculation beside it (not part of the case file, never dumped): the stated
    amount and the 過払金 stay readable. Only these copies carry it: a private attribute on
    ``Debt`` made pydantic run Python code for every debt it validated (4 of a case's 20 µs).
    Never validated (built by ``model_construct``), so its schema is not built at import (the
    class itself costs 0.5 ms of start-up; 4 µs a case pays it back after some 120 cases).
    """

    model_config = ConfigDict(defer_build=True)
    _recalculation: Any = PrivateAttr(default=None)


class FeeContract(_Strict):
    refund_policy: RefundPolicy = RefundPolicy.unknown
    expenses: Yen = Field(0, description="実費 incurred")
    retainer: Yen = Field(0, description="着手金 (never refunded)")
    remittance_fee: Yen = Field(0, description="送金代行手数料：債権者1社への1回の送金ごと（毎月の支払額に含める。既定0） / the office's fee per creditor per monthly remittance")
    bankruptcy_fee: Yen = Field(0, description="自己破産: 積立から支払う事務所の報酬 (office fee paid from the deposits)")


class LedgerRow(_Strict):
    month: StrictStr = Field(description="YYYY-MM")
    due: Yen
    paid: Yen
    due_date: dt.date | None = None
    paid_date: dt.date | None = None
    withdrawn: Yen = Field(0, description="taken back out of the deposit account")
    notified_in_advance: StrictBool = Field(False, description="trouble reported before the due date")

    @field_validator("month", mode="before")
    @classmethod
    def _month_format(cls, v):
        if isinstance(v, dt.date):  # YAML reads 2026-06-01 as a date
            raise InvalidValue(M(f"月は YYYY-MM で書いてください（日付 {v.isoformat()} ではなく月）", f"month must be YYYY-MM (a month, not a day), got {v.isoformat()}"))
        if isinstance(v, int) and not isinstance(v, bool):
            raise InvalidValue(M(f"月は YYYY-MM（月は01〜12）で書いてください（{str(v)[:40]} と書かれています）", f"month must be YYYY-MM with a month 01-12, got {str(v)[:40]}"))
        if isinstance(v, str) and not _MONTH.match(v):
            shown = repr(v) if len(v) <= 40 else repr(v[:37] + "...")
            raise InvalidValue(M(f"月は YYYY-MM（月は01〜12）で書いてください（{shown} と書かれています）", f"month must be YYYY-MM with a month 01-12, got {shown}"))
        return v

    @field_validator("due_date", "paid_date", mode="before")
    @classmethod
    def _iso_date(cls, v):
        return _parse_date(v)


class Milestones(_Strict):
    settlement_reached: StrictBool = False
    plan_approved: StrictBool = False
    test_ended_early: StrictBool = False
    cancelled: StrictBool = False


def _parse_date(v):
    """YAML gives dates; JSON gives ISO strings. Datetimes and other shapes are errors."""
    if v is None or type(v) is dt.date:
        return v
    if isinstance(v, dt.datetime):
        raise InvalidValue(M("日付（YYYY-MM-DD）で書いてください。時刻は付けません", "expected a date (YYYY-MM-DD), not a date and time"))
    if isinstance(v, str):
        if not _DATE.fullmatch(v):
            raise InvalidValue(M(f"日付は YYYY-MM-DD で書いてください（{v[:40]!r} と書かれています）", f"expected a date YYYY-MM-DD, got {v[:40]!r}"))
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            raise InvalidValue(M(f"存在しない日付です: {v}", f"no such date: {v}")) from None
    raise InvalidValue(M(f"日付は YYYY-MM-DD で書いてください（{type(v).__name__} になっています）", f"expected a date YYYY-MM-DD, got {type(v).__name__}"))


def _no_rows() -> list:
    """A new empty ledger. A function rather than ``list``: pydantic reads a default factory's
    signature, and a builtin's is parsed from text by the tokenizer (some 2 ms of every start)."""
    return []


class Case(_Strict):
    """One debtor, as a lawyer writes it down (contract.md, 'Case file')."""

    case_id: StrictStr = Field(min_length=1, max_length=200)
    as_of: dt.date | None = Field(None, description="the date whose parameters apply (default: today)")
    procedure: Procedure
    court: StrictStr | None = Field(None, min_length=1, max_length=100, description="任意整理 (out of court) needs none; otherwise required: a court or region id the rules know (tokyo, osaka, default, sapporo, ...) or a court's Japanese name (東京地方裁判所, 東京地裁, 東京)")
    representation: Representation = Representation.lawyer
    rehabilitation_type: RehabilitationType = RehabilitationType.small_scale
    retired: StrictBool = Field(False, description="既に退職している（退職金は8分の1でなく4分の1で評価）")
    discharge_concerns: StrictBool = Field(False, description="免責不許可事由（ギャンブル・浪費・偏頗弁済など）の調査が必要")
    housing_loan_special_clause: StrictBool | None = Field(None, description="住宅資金特別条項: keep the home and pay the housing loan in full outside the plan (default: true when a housing loan exists)")
    sole_proprietor: StrictBool = Field(False, description="個人事業者 (some courts appoint a commissioner for a sole proprietor with large debts; 自己破産: a trustee is appointed)")
    household: Household
    assets: Assets = Assets()
    debts: list[Debt] = Field(min_length=1, max_length=1000)
    fee_contract: FeeContract = FeeContract()
    deposits: list[LedgerRow] = Field(default_factory=_no_rows, max_length=600)
    milestones: Milestones = Milestones()

    @field_validator("as_of", mode="before")
    @classmethod
    def _iso_date(cls, v):
        return _parse_date(v)

    @model_validator(mode="after")
    def _court_when_needed(self) -> "Case":
        """任意整理 is settled out of court; every other procedure (and ``auto``, which weighs them) needs one."""
        if self.court is None and self.procedure.value != "voluntary_arrangement":
            raise InvalidValue(M("裁判所を書いてください（任意整理以外の手続は裁判所の運用で結果が変わります。例: tokyo、東京地裁）",
                                 "a court is required (every procedure but the voluntary arrangement depends on the court's practice; e.g. tokyo)"),
                               loc=("court",))
        return self

    @model_validator(mode="after")
    def _ledger_consistent(self) -> "Case":
        months = [row.month for row in self.deposits]
        for i in range(1, len(months)):
            if months[i] <= months[i - 1]:
                raise _LedgerError(i, "month", M(f"積立の記録は古い月から順に1か月1行で書いてください（{months[i - 1]} の次が {months[i]} になっています）",
                                                 f"ledger rows must be oldest first, one per month: {months[i]} follows {months[i - 1]}"))
        balance = 0
        for i, row in enumerate(self.deposits):
            balance += row.paid - row.withdrawn
            if balance < 0:
                raise _LedgerError(i, "withdrawn", M(f"払い戻し {row.withdrawn:,}円が、それまでの積立額（{balance + row.withdrawn:,}円）を超えています",
                                                     f"withdrawn {row.withdrawn:,} yen is more than was deposited ({balance + row.withdrawn:,} yen)"))
        for k, debt in enumerate(self.debts):
            _check_debt(k, debt, self.as_of)
        return self

    def today(self) -> dt.date:
        return self.as_of or dt.date.today()

    def special_clause(self) -> bool:
        """住宅資金特別条項 in effect: as written, else true exactly when the case has a housing loan."""
        if self.housing_loan_special_clause is not None:
            return self.housing_loan_special_clause
        return any(d.kind is DebtKind.housing_loan for d in self.debts)


def _check_debt(k: int, debt: Debt, as_of: dt.date | None) -> None:
    """An amount or a history, the history oldest first and not after ``as_of``."""
    rows = debt.transactions
    if debt.amount is None and not rows:
        raise InvalidValue(M("金額がありません（取引履歴 transactions があれば引き直し計算の結果を使います）",
                             "required but missing (or give transactions, the 取引履歴 to recalculate)"), ("debts", k, "amount"))
    if not rows:
        return
    for i in range(1, len(rows)):
        if rows[i].date < rows[i - 1].date:
            raise InvalidValue(M(f"取引履歴は古い順に書いてください: {rows[i].date} が {rows[i - 1].date} の後にあります",
                                 f"transactions must be oldest first: {rows[i].date} follows {rows[i - 1].date}"),
                               ("debts", k, "transactions", i, "date"))
    if as_of is not None and rows[-1].date > as_of:
        i = next(i for i, r in enumerate(rows) if r.date > as_of)
        raise InvalidValue(M(f"{rows[i].date} は基準日 as_of {as_of} より後です（引き直し計算は基準日まで）",
                             f"{rows[i].date} is after as_of {as_of}: the recalculation runs to as_of"),
                           ("debts", k, "transactions", i, "date"))


class _LedgerError(InvalidValue):
    """A ledger problem at a known row, so the error points at the right line."""

    def __init__(self, row: int, field: str, message: Msg):
        super().__init__(message, ("deposits", row, field))
