"""Count evaluations in which a rule fired twice or a reason is listed twice (issue 8).

Usage: python benchmarks/duplicate_firings.py [N] [SEED]

Runs N generated cases (all procedures including ``auto``, every court and region, random
households, debts, ledgers, representations and refund clauses; seeded, so a run can be
repeated) through the same evaluator the CLI uses, and prints how many evaluations (one per
procedure result, ``auto`` results counted with their inner evaluations) listed a rule id twice
in ``fired_rules`` or a reason twice in one list, with the rule ids involved.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections import Counter

from tsumitate.evaluate import Evaluator
from tsumitate.model.case import Case
from tsumitate.rulebook.load import load_rulebook

KINDS = ["consumer_finance", "credit_card", "bank_loan", "housing_loan", "tax", "other"]


def ledger(rng: random.Random) -> list[dict]:
    rows, balance = [], 0
    start = rng.randint(2024 * 12, 2026 * 12)
    for i in range(rng.randint(0, 12)):
        m = start + i
        due = rng.randint(0, 200_000)
        paid = due if rng.random() < 0.6 else rng.randint(0, 250_000)
        balance += paid
        withdrawn = rng.randint(0, balance) if rng.random() < 0.15 else 0
        balance -= withdrawn
        row = {"month": f"{m // 12:04d}-{m % 12 + 1:02d}", "due": due, "paid": paid}
        if withdrawn:
            row["withdrawn"] = withdrawn
        if rng.random() < 0.3:
            row["notified_in_advance"] = True
        if rng.random() < 0.4:
            due_date = dt.date(m // 12, m % 12 + 1, 27)
            row["due_date"] = due_date.isoformat()
            row["paid_date"] = (due_date + dt.timedelta(days=rng.randint(-10, 5))).isoformat()
        rows.append(row)
    return rows


def case(rng: random.Random, courts: list[str]) -> dict:
    debts = []
    for _ in range(rng.randint(1, 6)):
        d = {"creditor": rng.choice(["アコム", "A社", "楽天カード", "三井住友銀行", "市税"]),
             "amount": rng.choice([rng.randint(0, 10_000_000), rng.randint(0, 80_000_000), rng.choice([0, 1, 300_000, 5_000_000])])}
        if rng.random() < 0.5:
            d["kind"] = rng.choice(KINDS)
        if rng.random() < 0.1:
            d["secured"] = rng.random() < 0.5
        debts.append(d)
    return {
        "case_id": "generated",
        "as_of": (dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 700))).isoformat(),
        "procedure": rng.choice(["voluntary_arrangement", "individual_rehabilitation", "auto"]),
        "court": rng.choice(courts),
        "representation": rng.choice(["lawyer", "judicial_scrivener", "self"]),
        "rehabilitation_type": rng.choice(["small_scale", "salaried"]),
        "household": {
            "monthly_income": rng.randint(0, 800_000),
            "monthly_expenses": rng.randint(0, 600_000),
            "annual_irregular_expenses": rng.choice([0, rng.randint(0, 600_000)]),
            "uncertain_income": rng.choice([0, rng.randint(0, 200_000)]),
            "family_informed": rng.random() < 0.5,
            "annual_disposable_income": rng.choice([None, rng.randint(0, 5_000_000)]),
        },
        "assets": {"liquidation_value": rng.choice([0, rng.randint(0, 10_000_000)])},
        "debts": debts,
        "fee_contract": {"refund_policy": rng.choice(["full", "minus_expenses", "none", "unknown"]),
                         "expenses": rng.randint(0, 100_000), "retainer": rng.randint(0, 100_000)},
        "deposits": ledger(rng),
        "milestones": {k: rng.random() < 0.3 for k in ("settlement_reached", "plan_approved", "test_ended_early", "cancelled")},
    }


def repeats(result: dict) -> list[str]:
    """Rule ids listed twice in fired_rules or in any reason list of one result."""
    out = [rid for rid, n in Counter(result["fired_rules"]).items() if n > 1]

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                if k != "evaluations":
                    walk(x)
        elif isinstance(v, list):
            rules = [x["rule"] for x in v if isinstance(x, dict) and "rule" in x]
            out.extend(rid for rid, n in Counter(rules).items() if n > 1)
    walk(result)
    return out


def main(n: int = 3000, seed: int = 8) -> None:
    book = load_rulebook()
    ev = Evaluator(book)
    courts = book.known_courts()
    rng = random.Random(seed)
    evaluations = bad = 0
    which: Counter = Counter()
    for _ in range(n):
        result = ev.evaluate(Case.model_validate(case(rng, courts)))
        for r in [result] + list(result.get("evaluations") or []):
            evaluations += 1
            found = repeats(r)
            if found:
                bad += 1
                which.update(set(found))
    print(f"{n} generated cases, {evaluations} evaluations: {bad} with a rule or reason listed twice")
    for rid, k in which.most_common():
        print(f"  {rid}: {k}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
