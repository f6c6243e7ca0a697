"""The explanation as text (terminal) or Markdown (pastes into a memo to a client)."""

from __future__ import annotations

from typing import Any

from ..output import plan_table
from ..output.formats import PLAIN, Style
from ..output.labels import label
from ..output.plan_status import test_heading
from .words import fmt

_T = {
    "ja": {"title": "判定の根拠", "file": "ファイル", "result": "結論", "feas": "見通し", "dep": "積立金（月額）",
           "test": "履行テスト", "refund": "返金", "rec": "推奨", "region": "運用", "as_of": "基準日",
           "facts": "読んだ事実・数値", "params": "使ったパラメータ", "concl": "結論", "reason": "理由", "cite": "根拠",
           "first": "先に検討し、当てはまらなかったルール", "since": "から適用", "source": "出典", "unverified": "未確認",
           "no_start": "始期の定めなし（いつの基準日にも適用）", "checked": "確認日",
           "statute_unverified": "条文の文言は未照合（e-Govで確認のこと）", "compared": "文言を照合した写し", "cond": "条件", "cap": "返済余力",
           "stage": "ステージ", "none": "—", "alt": "代替手続"},
    "en": {"title": "Why this result", "file": "file", "result": "Result", "feas": "feasibility", "dep": "monthly deposit",
           "test": "test", "refund": "refund", "rec": "recommendation", "region": "practice", "as_of": "as of",
           "facts": "facts and numbers read", "params": "parameters used", "concl": "conclusion", "reason": "reason",
           "cite": "citation", "first": "considered first and did not match", "since": "in force since",
           "no_start": "no known start (applies to any date)", "checked": "checked",
           "source": "source", "unverified": "unverified", "statute_unverified": "wording not yet checked against e-Gov",
           "compared": "wording compared with",
           "cond": "condition", "cap": "capacity", "stage": "stage", "none": "—", "alt": "alternatives"},
}


def _when_compared(st, t, lang) -> str:
    """「（確認日 2026-11-26）」 / " (checked 2026-11-26)": the day the statute's copy was read."""
    return f"（{t['checked']} {st['checked']}）" if lang == "ja" else f" ({t['checked']} {st['checked']})"


def _summary_lines(s: dict[str, Any], lang: str, style: Style = PLAIN) -> list[str]:
    """The figures at the top, in the office's format (``--amounts man``); the steps below stay exact."""
    t = _T[lang]
    _yen = style.yen
    n = f" {s['installments']}{'回' if lang == 'ja' else ' installments'}" if s["installments"] else ""
    reference = (s.get("reference") or {}).get(lang)
    mark = ("（参考）" if lang == "ja" else " (reference only)") if reference else ""
    lines = [
        f"{t['feas']}: {label(s['feasibility'], lang)}{n}（{t['cap']} {_yen(s['monthly_capacity'], lang)}）" if lang == "ja"
        else f"{t['feas']}: {label(s['feasibility'], lang)}{n} ({t['cap']} {_yen(s['monthly_capacity'], lang)})",
        f"{t['dep']}{mark}: {_yen(s['deposit_monthly'], lang)} → {label(s['payee'], lang)}"
        + (f"（{reference}）" if reference and lang == "ja" else f" ({reference})" if reference else ""),
        f"{test_heading(s['procedure'], lang)}: {label(s['test'], lang)}",
        f"{t['refund']}: {label(s['refund'], lang)} {_yen(s['refund_amount'], lang)}",
    ]
    if s.get("recommendation"):
        lines.insert(0, f"{t['rec']}: {label(s['recommendation'], lang)}")
    if s.get("alternatives"):
        lines.append(f"{t['alt']}: " + ", ".join(label(a, lang) for a in s["alternatives"]))
    return lines


def _region(proc: dict[str, Any], ex: dict[str, Any], lang: str) -> str:
    """The practice a procedure was judged under, by its name in courts.yaml (東京地裁の運用), not its id."""
    names = ex["summary"].get("region_name") or {}
    if proc["region"] == ex["summary"].get("region") and names.get(lang):
        return names[lang]
    return proc["region"]


def _param_line(p: dict[str, Any], lang: str) -> str:
    t = _T[lang]
    flag = f" [{t['unverified']}]" if not p["verified"] else ""
    value = fmt(p["value"]) if not isinstance(p["value"], list) else f"({len(p['value'])} rows)"
    return f"{p['name']} = {value}（{provenance(p, lang)}）{flag}" if lang == "ja" \
        else f"{p['name']} = {value} ({provenance(p, lang)}){flag}"


def provenance(p: dict[str, Any], lang: str) -> str:
    """Where a parameter's value comes from: start date (or none known), source, URL and the date it was read."""
    t = _T[lang]
    if p.get("since"):
        when = f"{p['since']}{t['since']}" if lang == "ja" else f"{t['since']} {p['since']}"
    else:
        when = t["no_start"]
    parts = [when, f"{t['source']}: {p['source']}"]
    if p.get("url"):
        parts.append(p["url"])
    if p.get("checked"):
        parts.append(f"{t['checked']} {p['checked']}")
    return "; ".join(parts)


def _where(file: str, line) -> str:
    return f"{file}:{line}" if line else file


def render_text(ex: dict[str, Any], style: Style = PLAIN) -> str:
    """``style``: dates and amounts of the summary and the plan as the office writes them; the
    steps (facts, derivations, conclusions) always show exact yen and ISO dates."""
    lang = ex["lang"]
    t = _T[lang]
    s = ex["summary"]
    out = [f"■ {t['title']}: {ex['case_id']}（{ex['file']}）" if lang == "ja" else f"■ {t['title']}: {ex['case_id']} ({ex['file']})"]
    out += ["  " + line for line in _summary_lines(s, lang, style)]
    out += ["  " + line for line in plan_table.text_lines(s.get("plan"), lang, style, reference=bool((s.get("reference") or {}).get(lang)))]
    if ex.get("recalculation"):
        out += ["", "【引き直し計算】" if lang == "ja" else "[Recalculation]"]
        for r in ex["recalculation"]:
            out += ["  " + r["lines"][0]] + ["    " + line for line in r["lines"][1:]]
    for proc in ex["procedures"]:
        out.append("")
        out.append(f"【{label(proc['procedure'], lang) if proc['procedure'] != 'screening' else ('手続の選択' if lang == 'ja' else 'screening')}】"
                   f" {t['region']}: {_region(proc, ex, lang)}")
        for k, step in enumerate(proc["steps"], 1):
            if step["rule"] is None:
                out.append(f"{k}. [{step['stage']}] {step['group']}: {step['note']}")
                for nf in step["considered_first"]:
                    out.extend(_not_fired_text(nf, lang))
                continue
            out.append(f"{k}. [{step['stage']}] {step['rule']}  ({_where(step['file'], step['line'])})")
            out.append(f"   {t['cond']}: {step['condition']}")
            if step["facts"]:
                out.append(f"   {t['facts']}:")
                for f in step["facts"]:
                    out.append(f"     - {f['name']}（{f['meaning']}）= {fmt(f['value'])}" if lang == "ja"
                               else f"     - {f['name']} ({f['meaning']}) = {fmt(f['value'])}")
                    if f["derivation"]:
                        out.append(f"         {f['derivation']}")
            if step["parameters"]:
                out.append(f"   {t['params']}:")
                out.extend(f"     - {_param_line(p, lang)}" for p in step["parameters"])
            if step["conclusion"]:
                out.append(f"   {t['concl']}: " + ", ".join(f"{k2} = {fmt(v)}" for k2, v in step["conclusion"].items()))
            out.append(f"   {t['reason']}: {step['reason']}")
            out.append(f"   {t['cite']}: {step['cite'] or t['none']}")
            for st in step["statutes"]:
                mark = "" if st["verified"] else f"  [{t['statute_unverified']}]"
                out.append(f"     {st['ref']}（{st['title']}）{mark}")
                out.append(f"       「{st['text']}」")
                if lang == "en":
                    out.append(f"       ({st['gloss']})")
                if st.get("url"):
                    out.append(f"       {t['compared']}: {st['url']}" + _when_compared(st, t, lang))
            if step["considered_first"]:
                out.append(f"   {t['first']}:")
                for nf in step["considered_first"]:
                    out.extend(_not_fired_text(nf, lang))
    return "\n".join(out)


def _not_fired_text(nf: dict[str, Any], lang: str) -> list[str]:
    lines = [f"     × {nf['rule']}（{nf['condition']}）" if lang == "ja" else f"     × {nf['rule']} ({nf['condition']})"]
    if nf["unmet"]:
        lines.append(f"         {nf['unmet']}")
    lines.extend(f"         {w}" for w in nf["why"])
    return lines


def render_markdown(ex: dict[str, Any], style: Style = PLAIN) -> str:
    """``style`` as for ``render_text``: the memo's heading, summary and plan; the steps stay exact."""
    lang = ex["lang"]
    t = _T[lang]
    s = ex["summary"]
    out = [f"## {t['title']}: {ex['case_id']}", "", f"*{t['file']}: `{ex['file']}` — {t['as_of']} {style.date(s['as_of'], lang)}*", ""]
    out += [f"- {line}" for line in _summary_lines(s, lang, style)]
    if s.get("plan"):
        out += [""] + plan_table.markdown_lines(s["plan"], lang, style, reference=bool((s.get("reference") or {}).get(lang)))
    if ex.get("recalculation"):
        out += ["", "### 引き直し計算" if lang == "ja" else "### Recalculation", ""]
        for r in ex["recalculation"]:
            out += [f"- {r['lines'][0]}"] + [f"  - {line}" for line in r["lines"][1:]]
    for proc in ex["procedures"]:
        name = label(proc["procedure"], lang) if proc["procedure"] != "screening" else ("手続の選択" if lang == "ja" else "Screening")
        out += ["", f"### {name}（{t['region']}: {_region(proc, ex, lang)}）" if lang == "ja" else f"### {name} ({t['region']}: {_region(proc, ex, lang)})", ""]
        for k, step in enumerate(proc["steps"], 1):
            if step["rule"] is None:
                out.append(f"{k}. **{step['group']}** — {step['note']}")
                out += _not_fired_md(step["considered_first"])
                continue
            out.append(f"{k}. **{step['reason']}**")
            out.append(f"   - {t['stage']} `{step['stage']}` · `{step['rule']}` · `{_where(step['file'], step['line'])}`")
            for f in step["facts"]:
                d = f" — {f['derivation']}" if f["derivation"] else ""
                out.append(f"   - {f['meaning']} `{f['name']}` = **{fmt(f['value'])}**{d}")
            for p in step["parameters"]:
                out.append(f"   - {t['params']}: {_param_line(p, lang)}")
            if step["conclusion"]:
                out.append(f"   - {t['concl']}: " + ", ".join(f"`{k2}` = **{fmt(v)}**" for k2, v in step["conclusion"].items()))
            out.append(f"   - {t['cite']}: {step['cite'] or t['none']}")
            for st in step["statutes"]:
                mark = "" if st["verified"] else f" *（{t['statute_unverified']}）*" if lang == "ja" else f" *({t['statute_unverified']})*"
                out.append(f"     > **{st['ref']}**（{st['title']}）{mark}  ")
                out.append(f"     > {st['text']}")
                if lang == "en":
                    out.append(f"     > *{st['gloss']}*")
                if st.get("url"):
                    out.append(f"     > {t['compared']}: <{st['url']}>" + _when_compared(st, t, lang))
            if step["considered_first"]:
                out.append(f"   - {t['first']}:")
                out += ["  " + line for line in _not_fired_md(step["considered_first"])]
    return "\n".join(out) + "\n"


def _not_fired_md(entries) -> list[str]:
    out = []
    for nf in entries:
        why = "; ".join(([nf["unmet"]] if nf["unmet"] else []) + nf["why"])
        out.append(f"   - ✗ `{nf['rule']}`: {why}")
    return out


def render_html(ex: dict[str, Any]) -> str:
    """The explanation as an HTML fragment (for the report): one ordered list per procedure."""
    from ..output.visible import html_text as e

    lang = ex["lang"]
    t = _T[lang]
    out = []
    if ex.get("recalculation"):
        out.append(f'<h4>{e("引き直し計算" if lang == "ja" else "Recalculation")}</h4><ul class="recalculation">')
        for r in ex["recalculation"]:
            out.append(f'<li>{e(r["lines"][0])}<ul>' + "".join(f"<li>{e(line)}</li>" for line in r["lines"][1:]) + "</ul></li>")
        out.append("</ul>")
    for proc in ex["procedures"]:
        name = label(proc["procedure"], lang) if proc["procedure"] != "screening" else ("手続の選択" if lang == "ja" else "Screening")
        out.append(f'<h4>{e(name)} <small>{e(t["region"])}: {e(proc["region"])}</small></h4><ol class="steps">')
        for step in proc["steps"]:
            if step["rule"] is None:
                out.append(f'<li><b>{e(step["group"])}</b>: {e(step["note"])}{_not_fired_html(step["considered_first"], t)}</li>')
                continue
            out.append(f'<li><p class="reason">{e(step["reason"])}</p>'
                       f'<p class="meta"><code>{e(step["rule"])}</code> · {e(t["stage"])} {e(step["stage"])} · '
                       f'<code>{e(_where(step["file"], step["line"]))}</code></p><ul>')
            for f in step["facts"]:
                d = f'<br><span class="derivation">{e(f["derivation"])}</span>' if f["derivation"] else ""
                out.append(f'<li>{e(f["meaning"])} <code>{e(f["name"])}</code> = <b>{e(fmt(f["value"]))}</b>{d}</li>')
            for p in step["parameters"]:
                out.append(f'<li>{e(t["params"])}: {e(_param_line(p, lang))}</li>')
            if step["conclusion"]:
                out.append(f'<li>{e(t["concl"])}: ' + ", ".join(f"<code>{e(k)}</code> = <b>{e(fmt(v))}</b>" for k, v in step["conclusion"].items()) + "</li>")
            out.append(f'<li>{e(t["cite"])}: {e(step["cite"] or t["none"])}</li></ul>')
            for st in step["statutes"]:
                mark = "" if st["verified"] else f' <span class="unverified">{e(t["statute_unverified"])}</span>'
                out.append(f'<blockquote><b>{e(st["ref"])}</b>（{e(st["title"])}）{mark}<br>{e(st["text"])}'
                           + (f'<br><i>{e(st["gloss"])}</i>' if lang == "en" else "") + "</blockquote>")
            out.append(_not_fired_html(step["considered_first"], t) + "</li>")
        out.append("</ol>")
    return "".join(out)


def _not_fired_html(entries, t) -> str:
    from ..output.visible import html_text as e

    if not entries:
        return ""
    items = "".join(f'<li>✗ <code>{e(nf["rule"])}</code>: {e("; ".join(([nf["unmet"]] if nf["unmet"] else []) + nf["why"]))}</li>'
                    for nf in entries)
    return f'<details><summary>{e(t["first"])}（{len(entries)}）</summary><ul class="not-fired">{items}</ul></details>'
