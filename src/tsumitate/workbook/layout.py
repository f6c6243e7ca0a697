"""Where each case field lives in the office workbook, and its Japanese label: one row per field.

The workbook has form sheets (one labelled row per field: 基本情報, 家計収支, 財産) and table
sheets (one row per creditor, ledger month or transaction: 債権者一覧, 積立, 取引履歴). The kind
of each value (yen, whole number, date, month, choice, yes/no, text) is read from the pydantic
model, so adding a model field means adding one row below. Fields contract.md names but the
model does not have yet are listed too: they stay out of the workbook until the model has them
(``present``). ``unmapped_fields`` lists model fields with no row (a test keeps it empty).
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import types
import typing
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from ..model import field_labels
from ..model.case import MAX_YEN, Case

# Japanese labels of the case file's choices come from ``model/field_labels.py`` (the web form
# uses the same); a procedure's from its module in ``procedures/``.
BOOL_LABELS = {True: "はい", False: "いいえ"}


# ----------------------------------------------------------------------------------------------
# The layout.

@dataclass(frozen=True)
class Field:
    """One case field: its key path (from the case, or from a table row), label and a short note."""

    path: tuple[str, ...]
    label: str
    note: str = ""
    kind: str | None = None  # only to override what the model says ("month" for a YYYY-MM text)


@dataclass(frozen=True)
class Form:
    """A sheet of labelled rows: A 項目, B 値, C キー, D 説明."""

    name: str
    instruction: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Table:
    """A sheet with one record per row under a header row; ``path`` is the list in the case
    (``("debts", "transactions")``: each debt's list, rows linked to 債権者一覧 by its No.)."""

    name: str
    instruction: str
    path: tuple[str, ...]
    columns: tuple[Field, ...]
    max_rows: int


def F(path: str, label: str = "", note: str = "", kind: str | None = None) -> Field:
    return Field(tuple(path.split(".")), label, note, kind)


BASIC = Form("基本情報", "黄色の欄（値）に入力してください。空欄は既定値になります（説明欄）。キー列は変更しないでください。", (
    F("case_id", "事件番号・管理番号", "必須。事務所の管理番号など"),
    F("as_of", "基準日", "この日の基準（費用・運用）で判定。空欄は今日"),
    F("procedure", "手続", "必須。任意整理・個人再生・自己破産、または自動（比較）"),
    F("court", "裁判所", "必須。東京地方裁判所、東京地裁、東京、tokyo など"),
    F("representation", "代理", "空欄は弁護士"),
    F("rehabilitation_type", "個人再生の種類", "個人再生のみ。空欄は小規模個人再生"),
    F("housing_loan_special_clause", "住宅資金特別条項", "空欄: 住宅ローンがあれば利用する"),
    F("sole_proprietor", "個人事業者", "空欄はいいえ"),
    F("retired", "退職済み", "退職金は1/4で評価（空欄はいいえ）"),
    F("discharge_concerns", "免責不許可事由の調査が必要", "ギャンブル・浪費など（空欄はいいえ）"),
    F("fee_contract.refund_policy", "途中解約時の返金方針", "事務所との契約。空欄は不明"),
    F("fee_contract.expenses", "実費（円）", "これまでにかかった実費"),
    F("fee_contract.retainer", "着手金（円）", "返金されません"),
    F("fee_contract.remittance_fee", "送金代行手数料（円・1社1か月）", ""),
    F("fee_contract.bankruptcy_fee", "破産の事務所費用（円・積立から）", ""),
    F("milestones.settlement_reached", "和解成立", "空欄はいいえ"),
    F("milestones.plan_approved", "再生計画認可", "空欄はいいえ"),
    F("milestones.test_ended_early", "履行テスト早期終了", "空欄はいいえ"),
    F("milestones.cancelled", "途中解約・取下げ", "空欄はいいえ"),
))

HOUSEHOLD = Form("家計収支", "1か月あたりの金額を円で入力してください（年額の欄を除く）。", (
    F("household.monthly_income", "月収（手取り・安定した分）（円）", "必須"),
    F("household.uncertain_income", "不安定な収入（残業・副業）（円）", "返済原資には数えません"),
    F("household.monthly_expenses", "生活費（円・月）", ""),
    F("household.annual_irregular_expenses", "臨時の支出（円・年額）", "更新料・税金・車検など"),
    F("household.family_informed", "家族は債務整理を知っている", "いいえ: 家族に内緒（空欄ははい）"),
    F("household.annual_disposable_income", "可処分所得（円・年額）", "給与所得者等再生。空欄は未計算"),
))

ASSETS = Form("財産", "財産の評価額を円で入力してください。", (
    F("assets.liquidation_value", "清算価値（円）", "個人再生: 一つの額として分かっているとき"),
    F("assets.cash", "現金（円）", ""),
    F("assets.deposits", "預貯金（円）", ""),
    F("assets.insurance_surrender", "保険の解約返戻金（円）", ""),
    F("assets.vehicles", "自動車（円）", ""),
    F("assets.retirement_allowance", "退職金見込額（円）", "今日退職したときの額"),
    F("assets.real_estate.value", "不動産の評価額（円）", ""),
    F("assets.real_estate.secured_balance", "不動産の被担保債権残高（円）", ""),
    F("assets.other", "その他の財産（円）", ""),
))

DEBTS = Table("債権者一覧", "1行に1社。No. は取引履歴シートとの対応に使います。", ("debts",), (
    F("creditor", "債権者名"),
    F("amount", "残高（円）"),
    F("kind", "種類"),
    F("secured", "担保あり"),
    F("include", "和解に含める"),
    F("collateral_value", "担保の回収見込額（円）"),
    F("vote", "書面決議の意向"),
    F("accrued_interest", "経過利息（円）"),
    F("max_installments", "分割回数の上限"),
    F("min_monthly", "最低月額（円）"),
    F("future_interest_rate", "将来利息（年%）"),
), max_rows=1000)

LEDGER = Table("積立", "1行に1か月、古い月から。月は 2026-06 の形（文字列）で入力してください。", ("deposits",), (
    F("month", "月", kind="month"),
    F("due", "予定額（円）"),
    F("paid", "入金額（円）"),
    F("due_date", "期日"),
    F("paid_date", "入金日"),
    F("withdrawn", "引出額（円）"),
    F("notified_in_advance", "事前連絡あり"),
), max_rows=600)

TRANSACTIONS = Table("取引履歴", "1行に1取引、古い順。債権者No. は債権者一覧の No. です。", ("debts", "transactions"), (
    F("date", "日付"),
    F("borrow", "借入額（円）"),
    F("repay", "返済額（円）"),
), max_rows=20000)

FORMS: tuple[Form, ...] = (BASIC, HOUSEHOLD, ASSETS)
TABLES: tuple[Table, ...] = (DEBTS, LEDGER, TRANSACTIONS)


class _Paths:
    """The paths the layout lists (a forgotten field is one no row has)."""

    def __init__(self):
        self.paths = {f.path for form in FORMS for f in form.fields} | {t.path + f.path for t in TABLES for f in t.columns}


_ALL_PATHS = _Paths()
CHOICES_SHEET = "選択肢"  # the drop-down lists; a helper sheet, never read as data

# Table columns that are not case fields: a creditor's number, and the link to it.
NO_LABEL, NO_KEY = "No.", "no"
LINK_NO_LABEL, LINK_NO_KEY = "債権者No.", "creditor_no"
LINK_NAME_LABEL, LINK_NAME_KEY = "債権者名", "creditor"


# ----------------------------------------------------------------------------------------------
# What the model says about a field.

@dataclass(frozen=True)
class Kind:
    """How a cell is read and written: yen | int | number | bool | date | month | choice | text."""

    name: str
    choices: tuple[str, ...] = ()  # the English keys of a choice
    required: bool = False


def _unwrap(annotation):
    """``X | None`` and ``Annotated[X, ...]`` -> X, with the metadata found on the way."""
    meta: list = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            for extra in args[1:]:
                meta.append(extra)
                meta.extend(getattr(extra, "metadata", ()))
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation, meta
            annotation = args[0]
        else:
            return annotation, meta


def _list_item(annotation):
    annotation, _ = _unwrap(annotation)
    if typing.get_origin(annotation) is list:
        item = typing.get_args(annotation)[0]
        item, _ = _unwrap(item)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


def _model_at(path: tuple[str, ...]) -> type[BaseModel] | None:
    """The model whose fields a row of the form or table at ``path`` holds (Case for ())."""
    model: type[BaseModel] = Case
    for part in path:
        info = model.model_fields.get(part)
        if info is None:
            return None
        inner = _list_item(info.annotation)
        if inner is None:
            inner, _ = _unwrap(info.annotation)
            if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
                return None
        model = inner
    return model


@cache
def kind_of(base: tuple[str, ...], field: Field) -> Kind | None:
    """The kind of ``field`` (under the table at ``base``, () for forms); None if the model lacks it."""
    model = _model_at(base + field.path[:-1])
    if model is None:
        return None
    info = model.model_fields.get(field.path[-1])
    if info is None:
        return None
    annotation, meta = _unwrap(info.annotation)
    meta = list(info.metadata) + meta
    required = info.is_required()
    if field.kind:
        return Kind(field.kind, required=required)
    if annotation is bool:
        return Kind("bool", required=required)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return Kind("choice", tuple(m.value for m in annotation), required)
    if annotation is dt.date:
        return Kind("date", required=required)
    if annotation is int:
        is_yen = any(getattr(m, "le", None) == MAX_YEN for m in meta)
        return Kind("yen" if is_yen else "int", required=required)
    if annotation in (float, decimal.Decimal):
        return Kind("number", required=required)
    if annotation is str:
        return Kind("text", required=required)
    return None  # a list or a model: not a cell


@cache
def present(base: tuple[str, ...], fields: tuple[Field, ...]) -> list[tuple[Field, Kind]]:
    """The fields of a form or table that the model has, with their kinds, in layout order; then
    any model field the layout forgot (named by ``model/field_labels.py``), so no value is lost."""
    out = []
    for f in fields:
        kind = kind_of(base, f)
        if kind is not None:
            out.append((f, kind))
    for f in _forgotten(base, fields):
        kind = kind_of(base, f)
        if kind is not None:
            out.append((f, kind))
    return out


def _forgotten(base: tuple[str, ...], fields: tuple[Field, ...]) -> list[Field]:
    """Scalar model fields with no row: a table's item fields, or a form's by where they belong."""
    form = next((form for form in FORMS if form.fields == fields), None)
    missing = [p for p in _scalar_paths(base) if base + p not in _ALL_PATHS.paths]
    if form is None:
        return [Field(p, _generic_label(base, p)) for p in missing]
    return [Field(p, _generic_label(base, p)) for p in missing if _home(p) is form]


def _home(path: tuple[str, ...]) -> "Form":
    return {"household": HOUSEHOLD, "assets": ASSETS}.get(path[0], BASIC)


def _generic_label(base: tuple[str, ...], path: tuple[str, ...]) -> str:
    where = "".join(f"{p}[]." for p in base) + ".".join(path)
    return field_labels.field_label(where, "ja")


def _scalar_paths(base: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every scalar field under the model at ``base`` (nested models walked, lists skipped)."""
    model = _model_at(base)
    out: list[tuple[str, ...]] = []

    def walk(m: type[BaseModel], prefix: tuple[str, ...]) -> None:
        for name, info in m.model_fields.items():
            inner, _ = _unwrap(info.annotation)
            if _list_item(info.annotation) is not None:
                continue
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                walk(inner, prefix + (name,))
            else:
                out.append(prefix + (name,))

    if model is not None:
        walk(model, ())
    return out


def table_present(table: Table) -> bool:
    return _model_at(table.path) is not None


def unplaced_fields() -> list[str]:
    """Model fields (dotted; ``[]`` marks a list) the workbook has no cell or column for: a list
    that is not a table, or a value of a kind ``kind_of`` does not know."""
    placed = {f.path for form in FORMS for f, _ in present((), form.fields)}
    placed |= {t.path + f.path for t in TABLES if table_present(t) for f, _ in present(t.path, t.columns)}
    placed |= {t.path for t in TABLES if table_present(t)}
    return [p for p in _all_model_paths() if tuple(p.removesuffix("[]").split(".")) not in placed]


def unmapped_fields() -> list[str]:
    """Model fields (dotted; ``[]`` marks a list) with no row of their own in the layout (they are
    placed anyway, named by ``model/field_labels.py``; a row gives them their place and note)."""
    mapped = {f.path for form in FORMS for f in form.fields}
    for table in TABLES:
        mapped.add(table.path)
        mapped |= {table.path + f.path for f in table.columns}
    missing: list[str] = []

    def walk(model: type[BaseModel], prefix: tuple[str, ...]) -> None:
        for name, info in model.model_fields.items():
            path = prefix + (name,)
            item = _list_item(info.annotation)
            inner, _ = _unwrap(info.annotation)
            if item is not None:
                if path not in mapped:
                    missing.append(".".join(path) + "[]")
                walk(item, path)
            elif isinstance(inner, type) and issubclass(inner, BaseModel):
                walk(inner, path)
            elif path not in mapped:
                missing.append(".".join(path))

    walk(Case, ())
    return missing


def _all_model_paths() -> list[str]:
    out: list[str] = []

    def walk(model: type[BaseModel], prefix: tuple[str, ...]) -> None:
        for name, info in model.model_fields.items():
            path = prefix + (name,)
            item = _list_item(info.annotation)
            inner, _ = _unwrap(info.annotation)
            if item is not None:
                out.append(".".join(path) + "[]")
                walk(item, path)
            elif isinstance(inner, type) and issubclass(inner, BaseModel):
                walk(inner, path)
            else:
                out.append(".".join(path))

    walk(Case, ())
    return out


@cache
def _procedure_labels() -> dict[str, str]:
    from ..procedures import registry

    return {p.key: p.ja for p in registry().values()}


def choice_label(value: str) -> str:
    """The Japanese label of a choice's key (the drop-down shows it; reading accepts it or the key)."""
    label = field_labels.choice_label(value, "ja")
    return label if label != value else _procedure_labels().get(value, value)
