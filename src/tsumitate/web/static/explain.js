/* An explanation (what /api/explain returns) as DOM: each rule that fired with the facts and
   parameters it read, its citation and statute text, and the rules passed over before it.
   Shared by the intake page and the trainer. */
"use strict";

function stepBlock(step) {
  if (!step.rule) {
    return h("div", { class: "step" }, h("p", { class: "reason", text: step.note || "" }), passedOver(step.considered_first));
  }
  const facts = (step.facts || []).length ? h("table", {},
    h("tr", {}, h("th", { text: say("事実", "fact") }), h("th", { text: say("意味", "meaning") }), h("th", { text: say("値", "value") }), h("th", { text: say("計算", "worked out") })),
    step.facts.map((f) => h("tr", {}, h("td", { text: f.name }), h("td", { text: f.meaning }),
      h("td", { text: num(f.value) }), h("td", { text: f.derivation || "" })))) : null;
  const params = (step.parameters || []).length ? h("table", {},
    h("tr", {}, h("th", { text: say("パラメータ", "parameter") }), h("th", { text: say("値", "value") }), h("th", { text: say("適用開始", "since") }), h("th", { text: say("出典", "source") })),
    step.parameters.map((p) => h("tr", {}, h("td", { text: p.description || p.name }), h("td", { text: num(p.value) }),
      h("td", { text: p.since }), h("td", {}, p.source, p.verified === false ? h("span", { class: "unverified", text: say(" 〔未確認〕", " [unverified]") }) : null)))) : null;
  return h("div", { class: "step", "data-rule": step.rule },
    h("p", { class: "reason", text: step.reason }),
    h("p", { class: "meta" }, say(`ルール ${step.rule}（${step.file}:${step.line}）・条件: ${step.condition}`, `rule ${step.rule} (${step.file}:${step.line}), condition: ${step.condition}`)),
    facts, params,
    step.cite ? h("p", { class: "meta" }, say("根拠: ", "source: ") + step.cite) : null,
    (step.statutes || []).map(statuteBlock),
    passedOver(step.considered_first));
}

function passedOver(entries) {
  if (!entries || !entries.length) return null;
  return h("details", {}, h("summary", { text: say(`先に検討して当てはまらなかったルール（${entries.length}）`, `rules considered first that did not apply (${entries.length})`) }),
    h("ul", { class: "reasons" }, entries.map((e) => h("li", {}, h("code", { text: e.rule }), " ", (e.unmet || (e.why || []).join(say("、", "; ")))))));
}

function explanation(steps) {
  if (!steps || !steps.length) return null;
  return h("details", { class: "why" }, h("summary", { text: say(`根拠を見る（${steps.length}）`, `why (${steps.length})`) }), steps.map(stepBlock));
}

/* Every step of every procedure of an explanation, folded. */
function fullExplanation(ex) {
  if (!ex || !ex.procedures) return null;
  return ex.procedures.map((p) => h("details", { class: "why", open: true, "data-procedure": p.procedure },
    h("summary", { text: `${p.procedure === "screening" ? say("手続の選択", "choice of procedure") : label(p.procedure)}${say("：適用されたルール", ": rules applied")}（${p.steps.length}）` }), p.steps.map(stepBlock)));
}
