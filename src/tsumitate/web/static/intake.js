/* The intake form: builds the case from the form (keys as in the case file), asks the API,
   shows the result beside the form with the explanation folded under each figure, and puts
   every problem the API reports next to its field. Nothing is stored anywhere but the page. */
"use strict";

const form = document.getElementById("case-form");
const resultBody = document.getElementById("result-body");
const resultEmpty = document.getElementById("result-empty");
const problemsBox = document.getElementById("form-problems");

/* ---------- reading the form ---------- */

const ZEN = "０１２３４５６７８９";
function halfwidth(s) {
  return s.replace(/[０-９]/g, (c) => String(ZEN.indexOf(c))).replace(/[，、]/g, ",").replace(/．/g, ".").replace(/　/g, " ");
}

/* "250,000", "２５万", "250000円" -> 250000; anything else goes to the server as typed, so the
   problem is reported with the same words as for a file. */
function parseAmount(text, kind) {
  const s = halfwidth(text).replace(/[\s,円¥]/g, "");
  if (kind === "decimal" && /^\d+(\.\d+)?$/.test(s)) return Number(s);
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return Number.isSafeInteger(n) ? n : s;
  }
  const man = s.match(/^(\d+(?:\.\d+)?)万$/);
  if (man) {
    const n = Math.round(Number(man[1]) * 10000);
    if (Math.abs(n - Number(man[1]) * 10000) < 1e-6) return n;
  }
  return text.trim();
}

function readInput(el) {
  const kind = el.dataset.kind;
  if (kind === "bool") return el.checked;
  const raw = el.value;
  if (kind === "tristate") return raw === "" ? undefined : raw === "true";
  if (raw === "" || raw === undefined) return undefined;
  if (kind === "yen" || kind === "int" || kind === "decimal") return parseAmount(raw, kind);
  return raw;
}

function isDefault(el, value) {
  const d = el.dataset.default;
  if (value === undefined) return true;
  if (el.dataset.kind === "bool") return String(value) === (d || "false");
  return d !== "" && String(value) === d;
}

function setPath(obj, path, value) {
  const keys = path.split(".");
  let cur = obj;
  for (const k of keys.slice(0, -1)) cur = cur[k] = cur[k] || {};
  cur[keys[keys.length - 1]] = value;
}

let extra = {};

function collect() {
  const c = {};
  for (const el of form.querySelectorAll("[data-path]")) {
    if (el.closest("table.rows") || el.closest("template")) continue;
    const v = readInput(el);
    if (el.required || el.id === "court" ? v !== undefined : !isDefault(el, v)) setPath(c, el.dataset.path, v);
  }
  for (const table of form.querySelectorAll("table.rows")) {
    const rows = readRows(table);
    if (rows.length || table.dataset.array === "debts") c[table.dataset.array] = rows;
  }
  return mergeExtra(c, JSON.parse(JSON.stringify(extra)));
}

/* The rows of a table as objects; a row's own rows (a creditor's 取引履歴) under their key. */
function readRows(table) {
  const rows = [];
  for (const tr of table.tBodies[0].rows) {
    const row = {};
    for (const el of tr.querySelectorAll("[data-path]")) {
      if (el.closest("table") !== table) continue;  // an input of the rows under this row
      const v = readInput(el);
      if (el.required ? v !== undefined : !isDefault(el, v)) setPath(row, el.dataset.path, v);
    }
    for (const sub of tr.querySelectorAll("table.subrows")) {
      const subRows = readRows(sub);
      if (subRows.length) setPath(row, sub.dataset.array, subRows);
    }
    rows.push(tr.dataset.extra ? mergeExtra(row, JSON.parse(tr.dataset.extra)) : row);
  }
  return rows;
}

/* ---------- rows ---------- */

function addRow(name) {
  const tpl = document.getElementById("row-" + name);
  const table = form.querySelector(`table.rows[data-array="${name}"]`);
  const tr = tpl.content.firstElementChild.cloneNode(true);
  table.tBodies[0].append(tr);
  renumber(table);
  return tr;
}

function renumber(table) {
  [...table.tBodies[0].rows].forEach((tr, i) => {
    tr.querySelector("td.n").textContent = String(i + 1);
    tr.dataset.index = String(i);
  });
  const details = table.closest("details.subrows");
  if (details) details.querySelector("summary .count").textContent = String(table.tBodies[0].rows.length);
}

/* A row under a row: one transaction of a creditor's 取引履歴. */
function addSubRow(sub) {
  const outer = sub.closest("table.rows");
  const tpl = document.getElementById(`subrow-${outer.dataset.array}-${sub.dataset.array}`);
  const tr = tpl.content.firstElementChild.cloneNode(true);
  sub.tBodies[0].append(tr);
  sub.closest("details").open = true;
  renumber(sub);
  return tr;
}

form.addEventListener("click", (ev) => {
  const add = ev.target.closest("button.add-row");
  if (add) {
    const tr = addRow(add.dataset.array);
    const first = tr.querySelector("input,select");
    if (first) first.focus();
    return;
  }
  const addSub = ev.target.closest("button.add-subrow");
  if (addSub) {
    const tr = addSubRow(addSub.closest("details").querySelector("table.subrows"));
    const first = tr.querySelector("input,select");
    if (first) first.focus();
    return;
  }
  const rmSub = ev.target.closest("button.remove-subrow");
  if (rmSub) {
    const sub = rmSub.closest("table.subrows");
    rmSub.closest("tr").remove();
    renumber(sub);
    return;
  }
  const rm = ev.target.closest("button.remove-row");
  if (rm) {
    const table = rm.closest("table");
    rm.closest("tr").remove();
    renumber(table);
  }
});

/* ---------- problems at their fields ---------- */

function clearProblems() {
  problemsBox.hidden = true;
  problemsBox.replaceChildren();
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of form.querySelectorAll(".err")) el.remove();
}

function fieldElement(path) {
  const m = path.match(/^([A-Za-z_]+)\[(\d+)\](?:\.(.+))?$/);
  if (m) {
    const table = form.querySelector(`table.rows[data-array="${m[1]}"]`);
    const tr = table && table.tBodies[0].rows[Number(m[2])];
    if (!tr) return table;
    if (!m[3]) return tr.querySelector("input,select");
    const nested = m[3].match(/^([A-Za-z_]+)\[(\d+)\](?:\.(.+))?$/);
    const sub = nested && tr.querySelector(`table.subrows[data-array="${CSS.escape(nested[1])}"]`);
    if (sub) {
      sub.closest("details").open = true;
      const str = sub.tBodies[0].rows[Number(nested[2])];
      if (!str) return sub;
      return (nested[3] && str.querySelector(`[data-path="${CSS.escape(nested[3])}"]`)) || str.querySelector("input,select");
    }
    let rest = m[3];
    while (rest) {
      const el = tr.querySelector(`[data-path="${CSS.escape(rest)}"]`);
      if (el) return el;
      rest = rest.includes(".") ? rest.slice(0, rest.lastIndexOf(".")) : "";
    }
    return tr.querySelector("input,select");
  }
  let p = path;
  while (p) {
    const el = form.querySelector(`[data-path="${CSS.escape(p)}"]:not(table.rows [data-path])`);
    if (el) return el;
    const table = form.querySelector(`table.rows[data-array="${CSS.escape(p)}"]`);
    if (table) return table;
    const section = form.querySelector(`fieldset[data-section="${CSS.escape(p)}"]`);
    if (section) return section.querySelector("legend");
    p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "";
  }
  return null;
}

function fieldName(path) {
  const generic = path.replace(/\[\d+\]/g, "[]");
  const name = T.fields[generic] || T.fields[generic.split(".").pop()] || path;
  const rows = [...path.matchAll(/([A-Za-z_]+)\[(\d+)\]/g)].map((m, i, all) => {
    const key = all.slice(0, i + 1).map((x) => x[1]).join("[].");
    const row = Number(m[2]) + 1;
    return `${T.fields[key] || T.fields[m[1]] || m[1]} ${say(row + "行目", "row " + row)}`;
  });
  return rows.length ? `${rows.join(" ")}: ${name}` : name;
}

function showProblems(items) {
  clearProblems();
  const general = [];
  let first = null;
  for (const it of items) {
    const el = it.field && it.field !== "-" ? fieldElement(it.field) : null;
    const msg = h("span", { class: "err", role: "alert", "data-error-for": it.field, text: it.problem });
    if (el && el.matches("input,select")) {
      el.setAttribute("aria-invalid", "true");
      el.insertAdjacentElement("afterend", msg);
      first = first || el;
    } else if (el) {
      el.insertAdjacentElement("afterend", msg);
    }
    general.push(h("li", {}, it.field && it.field !== "-" ? fieldName(it.field) + ": " : "", it.problem));
  }
  problemsBox.append(h("strong", { text: say(`入力を確認してください（${items.length}件）`, `Please check the form (${items.length} problem${items.length === 1 ? "" : "s"})`) }), h("ul", {}, general));
  problemsBox.hidden = false;
  if (first) first.focus();
}

/* ---------- the result ---------- */

const FIGURES = [
  ["feasibility", "見通し", "feasibility"], ["deposit", "積立金", "deposit"], ["test", "履行テスト・積立の状況", "test / deposits so far"],
  ["refund", "返金", "refund"], ["commissioner", "再生委員", "commissioner"], ["minimum_repayment", "最低弁済額", "minimum repayment"],
  ["plan_total", "弁済総額", "plan total"], ["plan", "弁済計画（債権者ごと）", "plan per creditor"], ["vote", "書面決議", "vote"],
  ["bankruptcy", "自己破産の費用", "bankruptcy costs"], ["recalculation", "引き直し計算", "recalculation"],
  ["alternatives", "ほかの手続", "other procedures"], ["advice", "助言", "advice"], ["warnings", "注意", "warnings"],
].map(([k, ja, en]) => [k, say(ja, en)]);
const SKIP = new Set(["case_id", "procedure", "court", "region", "as_of", "fired_rules", "evaluations", "recommendation",
  "court_name", "region_name", "recommendation_reasons"]);
const RECORD_FIGURE = { advice: "advice", warning: "warnings", recommendation: "recommendation" };
const KEY_NAMES = Object.fromEntries(Object.entries({
  status: ["状態", "status"], installments: ["回数", "installments"], monthly_capacity: ["返済に回せる月額", "monthly capacity"],
  monthly: ["月額", "monthly"], payee: ["積立先", "payee"], period_months: ["積立期間", "period"], at_filing: ["申立て時に用意", "at filing"],
  months_paid: ["積立できた月", "months paid"], months_required: ["必要な月数", "months required"], missed: ["不足の月", "missed"],
  late: ["遅れの月", "late"], withdrawn: ["引出し", "withdrawn"], amount: ["金額", "amount"], deposited: ["積立済み", "deposited"],
  deductions: ["差引き", "deductions"], appointed: ["選任", "appointed"], fee: ["報酬", "fee"], creditor: ["債権者", "creditor"],
  settled: ["和解額", "settled"], basis: ["基準", "basis"], creditors: ["債権者", "creditors"], objecting: ["反対", "objecting"],
  amount_total: ["総額", "total"], amount_objecting: ["反対の額", "amount objecting"], track: ["手続の種類", "track"],
  court_deposit: ["予納金", "court deposit"], gazette_fee: ["官報公告費", "gazette fee"], filing_fee: ["申立手数料", "filing fee"],
  target: ["目標額", "target"], months_needed: ["必要な月数", "months needed"], stated: ["請求額", "stated"], principal: ["元本", "principal"],
  unpaid_interest: ["未払利息", "unpaid interest"], overpaid_principal: ["過払元本", "overpaid principal"],
  overpaid_interest: ["過払利息", "overpaid interest"], last_transaction: ["最終取引日", "last transaction"], time_barred: ["時効", "time-barred"],
  difference: ["差額", "difference"], rate: ["利率", "rate"], transactions: ["取引の行数", "transactions"],
}).map(([k, [ja, en]]) => [k, say(ja, en)]));

function months(n) { return say(n + "か月", n + (n === 1 ? " month" : " months")); }

function regionName(id) {
  const d = (T.regions || {})[id];
  return d ? d.split("（")[0] : id;
}

function figureOfStep(step) {
  const keys = Object.keys(step.conclusion || {});
  if (keys.length) return keys[0].split(".")[0] === "warning" ? "warnings" : keys[0].split(".")[0];
  return RECORD_FIGURE[step.record] || step.record || step.stage;
}

function reasonsList(list, cls) {
  if (!list || !list.length) return null;
  return h("ul", { class: "reasons " + (cls || "") }, list.map((r) => h("li", { "data-code": r.code }, reasonText(r), r.cite ? h("span", { class: "meta", text: "（" + r.cite + "）" }) : null)));
}

function value(path, v, text) {
  return h("span", { class: "value", "data-field": path, "data-value": JSON.stringify(v) }, text === undefined ? num(v) : text);
}

function statusValue(path, v) {
  return h("span", { class: "value status-" + (v || "none"), "data-field": path, "data-value": JSON.stringify(v), text: label(v) });
}

function genericValue(path, v) {
  if (v === null || v === undefined) return value(path, v, "—");
  if (Array.isArray(v)) {
    if (!v.length) return value(path, v, say("なし", "none"));
    if (typeof v[0] !== "object") return value(path, v, v.map(label).join(say("、", ", ")));
    const keys = [...new Set(v.flatMap((o) => Object.keys(o)))];
    return h("table", { class: "plain", "data-field": path },
      h("tr", {}, keys.map((k) => h("th", { text: KEY_NAMES[k] || T.fields[k] || k }))),
      v.map((o) => h("tr", {}, keys.map((k) => h("td", { class: typeof o[k] === "number" ? "amount" : "", text: typeof o[k] === "object" && o[k] !== null ? JSON.stringify(o[k]) : (typeof o[k] === "number" ? num(o[k]) : label(o[k])) })))));
  }
  if (typeof v === "object") {
    return h("dl", { class: "kv", "data-field": path }, Object.entries(v).filter(([k]) => k !== "reasons").map(([k, x]) =>
      [h("dt", { text: KEY_NAMES[k] || k }), h("dd", {}, genericValue(path + "." + k, x))]));
  }
  return value(path, v, typeof v === "number" ? num(v) : label(v));
}

function figureBody(key, r) {
  const v = r[key];
  switch (key) {
    case "feasibility":
      return [statusValue("feasibility.status", v.status),
        v.installments != null ? [" ", value("feasibility.installments", v.installments, say(v.installments + "回", v.installments + " installments"))] : null,
        h("span", { class: "meta" }, say("（返済に回せる月額 ", " (monthly capacity "), value("feasibility.monthly_capacity", v.monthly_capacity, yen(v.monthly_capacity)), say("）", ")")),
        reasonsList(v.reasons)];
    case "deposit": {
      const p = v.period_months;
      return [value("deposit.monthly", v.monthly, v.monthly == null ? "—" : say("月 " + yen(v.monthly), yen(v.monthly) + " a month")),
        " → ", value("deposit.payee", v.payee, label(v.payee)),
        p ? h("span", {}, say("（", " ("), value("deposit.period_months", p, months(p.min) + (p.min === p.max ? "" : say("〜", " to ") + months(p.max))), say("）", ")")) : null,
        v.at_filing != null ? h("div", {}, say("申立て時に用意: ", "at filing: "), value("deposit.at_filing", v.at_filing, yen(v.at_filing))) : null,
        reasonsList(v.reasons)];
    }
    case "test":
      return [statusValue("test.status", v.status), " ",
        h("span", {}, say("積立 ", "paid "), value("test.months_paid", v.months_paid, months(v.months_paid)),
          v.months_required != null ? [say("／必要 ", " / required "), value("test.months_required", v.months_required, months(v.months_required))] : null,
          say("・不足 ", ", missed "), value("test.missed", v.missed), say("・遅れ ", ", late "), value("test.late", v.late),
          say("・引出し ", ", withdrawn "), value("test.withdrawn", v.withdrawn)),
        reasonsList(v.reasons)];
    case "refund":
      return [statusValue("refund.status", v.status), " ",
        v.amount != null ? value("refund.amount", v.amount, yen(v.amount)) : null,
        h("span", { class: "meta" }, say("（積立済み ", " (deposited "), value("refund.deposited", v.deposited, yen(v.deposited)), say("）", ")")),
        v.deductions && v.deductions.length ? genericValue("refund.deductions", v.deductions) : null,
        reasonsList(v.reasons)];
    case "minimum_repayment": case "plan_total":
      return [value(key, v, v == null ? "—" : yen(v))];
    case "advice": return [reasonsList(v)];
    case "warnings": return [reasonsList(v, "warnings")];
    case "alternatives": return [value("alternatives", v, v.length ? v.map(label).join(say("、", ", ")) : say("なし", "none"))];
    default: return [genericValue(key, v)];
  }
}

function isEmptyFigure(key, v) {
  if (v === undefined) return true;
  if (key === "commissioner") return !v || (!v.appointed && v.fee == null);
  if (Array.isArray(v)) return v.length === 0 && key !== "alternatives";
  return v === null;
}

function card(r, proc, recommended) {
  const steps = (proc && proc.steps) || [];
  const byFigure = {};
  for (const s of steps) (byFigure[figureOfStep(s)] = byFigure[figureOfStep(s)] || []).push(s);
  const keys = FIGURES.map(([k]) => k).concat(Object.keys(r).filter((k) => !SKIP.has(k) && !FIGURES.some(([f]) => f === k)));
  const figures = [];
  for (const k of keys) {
    if (isEmptyFigure(k, r[k])) continue;
    const name = (FIGURES.find(([f]) => f === k) || [k, KEY_NAMES[k] || k])[1];
    figures.push(h("div", { class: "figure", "data-figure": k },
      h("span", { class: "name", text: name }), " ", figureBody(k, r), explanation(byFigure[k])));
  }
  return h("article", { class: "card" + (recommended ? " recommended" : ""), "data-procedure": r.procedure },
    h("h3", {}, label(r.procedure), recommended ? say("（推奨）", " (recommended)") : "",
      h("span", { class: "meta", text: say(`　${(r.region_name && r.region_name.ja) || regionName(r.region)}・基準日 ${r.as_of}`,
        `  ${(r.region_name && r.region_name.en) || regionName(r.region)}, as of ${r.as_of}`) })), figures);
}

function renderResult(result, ex) {
  const procs = {};
  for (const p of (ex && ex.procedures) || []) procs[p.procedure] = p;
  const parts = [h("p", { class: "meta" }, say("整理番号 ", "case "), h("span", { "data-field": "case_id", text: result.case_id }),
    say("・裁判所 ", ", court "), h("span", { "data-field": "court", text: result.court }))];
  if (result.recommendation !== undefined) {
    const screening = procs.screening;
    parts.push(h("div", { class: "figure", "data-figure": "recommendation" },
      h("span", { class: "name", text: say("推奨する手続", "recommended procedure") }), " ",
      h("span", { class: "recommendation", "data-field": "recommendation", "data-value": JSON.stringify(result.recommendation), text: label(result.recommendation) }),
      reasonsList(result.recommendation_reasons), explanation(screening && screening.steps)));
    for (const e of result.evaluations || []) parts.push(card(e, procs[e.procedure], e.procedure === result.recommendation));
    const own = ["advice", "warnings"].filter((k) => result[k] && result[k].length);
    for (const k of own) parts.push(h("div", { class: "figure", "data-figure": k }, h("span", { class: "name", text: k === "advice" ? say("助言", "advice") : say("注意", "warnings") }), figureBody(k, result)));
  } else {
    parts.push(card(result, procs[result.procedure], false));
  }
  resultEmpty.hidden = true;
  resultBody.replaceChildren(...parts);
}

/* ---------- actions ---------- */

let busy = false;
async function evaluate() {
  if (busy) return;
  busy = true;
  const c = collect();
  try {
    const [res, ex] = await Promise.all([postJSON("/api/evaluate", c), postJSON("/api/explain", c)]);
    if (res.status === 422 && Array.isArray(res.data)) {
      showProblems(res.data);
      resultBody.replaceChildren();
      resultEmpty.hidden = false;
      return;
    }
    if (!res.ok) {
      showProblems(Array.isArray(res.data) ? res.data : [{ field: "-", problem: say("サーバーがエラーを返しました（", "the server answered with an error (") + res.status + say("）", ")") }]);
      return;
    }
    clearProblems();
    renderResult(res.data, ex.ok ? ex.data : null);
    document.body.dataset.evaluated = String(Number(document.body.dataset.evaluated || 0) + 1);
  } catch (e) {
    showProblems([{ field: "-", problem: say("サーバーに接続できません（tsumitate serve が動いているか確認してください）", "cannot reach the server (is tsumitate serve running?)") }]);
  } finally {
    busy = false;
  }
}

async function download(url, fallbackName) {
  const c = collect();
  const res = await fetch(api(url), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(c) });
  if (!res.ok) {
    const data = await res.json().catch(() => null);
    showProblems(Array.isArray(data) ? data : [{ field: "-", problem: say("ダウンロードできません（", "cannot download (") + res.status + say("）", ")") }]);
    return;
  }
  clearProblems();
  const blob = await res.blob();
  const id = (c.case_id || "case").replace(/[^\w\-一-龠ぁ-んァ-ヶ]/g, "_");
  const a = h("a", { href: URL.createObjectURL(blob), download: fallbackName.replace("case", id) });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

/* ---------- opening a case file into the form ---------- */

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function writeInput(el, v) {
  if (el.dataset.kind === "bool") el.checked = Boolean(v);
  else if (el.dataset.kind === "tristate") el.value = v === true ? "true" : v === false ? "false" : "";
  else el.value = v === null || v === undefined ? "" : String(v);
}

/* Put a case into the form. What the form has no input for (a creditor's transactions, say) is
   kept beside it and sent back with the case, so opening and saving a file loses nothing. */
function fillForm(c) {
  form.reset();
  extra = {};
  const known = new Set([...form.querySelectorAll("[data-path]")].filter((el) => !el.closest("table.rows") && !el.closest("template")).map((el) => el.dataset.path));
  const walk = (obj, prefix) => {
    for (const [k, v] of Object.entries(obj)) {
      const path = prefix ? prefix + "." + k : k;
      if (Array.isArray(v) && form.querySelector(`table.rows[data-array="${CSS.escape(path)}"]`)) continue;
      if (known.has(path)) writeInput(form.querySelector(`[data-path="${CSS.escape(path)}"]:not(table.rows [data-path])`), v);
      else if (v && typeof v === "object" && !Array.isArray(v)) walk(v, path);
      else setPath(extra, path, v);
    }
  };
  walk(c, "");
  for (const table of form.querySelectorAll("table.rows")) {
    table.tBodies[0].replaceChildren();
    for (const row of c[table.dataset.array] || []) {
      fillRow(addRow(table.dataset.array), row);
    }
  }
  court.dispatchEvent(new Event("input"));
}

/* One row from a case's list item; its own rows (a creditor's 取引履歴) into the table under it,
   and what has no input kept on the row, to go back with the case. */
function fillRow(tr, row) {
  const rest = {};
  const own = tr.closest("table");
  const cols = new Set([...tr.querySelectorAll("[data-path]")].filter((el) => el.closest("table") === own).map((el) => el.dataset.path));
  const put = (obj, prefix) => {
    for (const [k, v] of Object.entries(obj)) {
      const path = prefix ? prefix + "." + k : k;
      const sub = Array.isArray(v) && tr.querySelector(`table.subrows[data-array="${CSS.escape(path)}"]`);
      if (sub) for (const item of v) fillRow(addSubRow(sub), item);
      else if (cols.has(path)) writeInput([...tr.querySelectorAll(`[data-path="${CSS.escape(path)}"]`)].find((el) => el.closest("table") === own), v);
      else if (v && typeof v === "object" && !Array.isArray(v)) put(v, path);
      else setPath(rest, path, v);
    }
  };
  put(row, "");
  if (Object.keys(rest).length) tr.dataset.extra = JSON.stringify(rest);
}

function mergeExtra(target, more) {
  for (const [k, v] of Object.entries(more)) {
    if (v && typeof v === "object" && !Array.isArray(v) && target[k] && typeof target[k] === "object") mergeExtra(target[k], v);
    else if (!(k in target)) target[k] = v;
  }
  return target;
}

document.getElementById("open-file").addEventListener("change", async (ev) => {
  const file = ev.target.files[0];
  if (!file) return;
  const type = /\.xlsx$/i.test(file.name) ? XLSX : /\.json$/i.test(file.name) ? "application/json" : "application/yaml";
  const res = await fetch(api("/api/case.json"), { method: "POST", headers: { "Content-Type": type }, body: await file.arrayBuffer() });
  const data = await res.json().catch(() => null);
  ev.target.value = "";
  if (!res.ok) {
    showProblems(Array.isArray(data) ? data.map((p) => ({ ...p, problem: (p.where ? file.name + " " + p.where + ": " : file.name + ": ") + p.problem })) : [{ field: "-", problem: say("読み込めません（", "cannot read the file (") + res.status + say("）", ")") }]);
    return;
  }
  clearProblems();
  fillForm(data);
  evaluate();
});

form.addEventListener("submit", (ev) => { ev.preventDefault(); evaluate(); });
document.getElementById("download-xlsx").addEventListener("click", () => download("/api/case.xlsx", "case.xlsx"));
document.getElementById("download-yaml").addEventListener("click", () => download("/api/case.yaml", "case.yaml"));
document.getElementById("download-report").addEventListener("click", () => download("/api/report", "case-report.html"));
document.getElementById("print").addEventListener("click", () => {
  for (const d of document.querySelectorAll("#result details")) d.open = true;
  window.print();
});

/* ---------- court search ---------- */

const court = document.getElementById("court");
const courtResolved = document.getElementById("court-resolved");
let courtTimer = null;
court.addEventListener("input", () => {
  clearTimeout(courtTimer);
  courtTimer = setTimeout(async () => {
    const q = court.value.trim();
    if (!q) { courtResolved.textContent = ""; return; }
    const r = await getJSON("/api/courts?q=" + encodeURIComponent(q));
    const res = r.data.resolved;
    if (res && res.region) courtResolved.textContent = "→ " + (res.region_description || res.region);
    else if (r.data.matches && r.data.matches.length) courtResolved.textContent = say("候補: ", "did you mean: ") + r.data.matches.slice(0, 6).map((m) => m.name_ja).join(say("・", ", "));
    else courtResolved.textContent = say("この名前の裁判所は見つかりません", "no court of that name");
  }, 200);
});

/* one creditor row to start with */
for (const table of form.querySelectorAll("table.rows")) if (table.dataset.array === "debts" && !table.tBodies[0].rows.length) addRow("debts");
document.body.dataset.ready = "1";
