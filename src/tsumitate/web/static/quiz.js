/* The trainer: asks about a case without its result, says right or wrong first, then shows
   the explanation; keeps the score in the page only (the server keeps nothing). */
"use strict";

const startForm = document.getElementById("quiz-start");
const box = document.getElementById("quiz-question");
const endBox = document.getElementById("quiz-end");
const statusLine = document.getElementById("quiz-status");
let quiz = null;

function fieldLabel(path) {
  const generic = path.replace(/\[\d+\]/g, "[]");
  return T.fields[generic] || T.fields[generic.split(".").pop()] || path.split(".").pop();
}

function cell(v) {
  if (v === true) return say("はい", "yes");
  if (v === false) return say("いいえ", "no");
  if (typeof v === "number") return num(v);
  if (v === null || v === undefined) return "—";
  if (typeof v === "object") return JSON.stringify(v);
  return label(v);
}

/* The case as given (keys in Japanese), lists as tables. */
function caseView(c, prefix) {
  const scalars = [], blocks = [];
  for (const [k, v] of Object.entries(c)) {
    const path = prefix ? prefix + "." + k : k;
    if (Array.isArray(v)) {
      const keys = [...new Set(v.flatMap((o) => Object.keys(o)))];
      blocks.push(h("h3", { text: fieldLabel(path) }), v.length ? h("table", { class: "plain", "data-case": path },
        h("tr", {}, keys.map((x) => h("th", { text: fieldLabel(path + "[]." + x) }))),
        v.map((o) => h("tr", {}, keys.map((x) => h("td", { class: typeof o[x] === "number" ? "amount" : "", text: cell(o[x]) }))))) : h("p", { text: say("なし", "none") }));
    } else if (v && typeof v === "object") {
      blocks.push(h("h3", { text: fieldLabel(path) }), caseView(v, path));
    } else {
      scalars.push(h("dt", { text: fieldLabel(path) }), h("dd", { "data-case": path, text: cell(v) }));
    }
  }
  return h("div", { class: "case-view" }, scalars.length ? h("dl", { class: "kv" }, scalars) : null, blocks);
}

function askForm(q) {
  const inputs = quiz.ask.map((a) => {
    if (a.kind === "choice") {
      return h("fieldset", { "data-ask": a.field }, h("legend", { text: a.label }),
        a.choices.map(([value, text], i) => h("label", { class: "choice" },
          h("input", { type: "radio", name: a.field, value, required: true }), ` ${i + 1}. ${text}`)));
    }
    return h("label", { class: "field", "data-ask": a.field }, h("span", { class: "lbl", text: a.label }),
      h("input", { type: "text", name: a.field, inputmode: "numeric", placeholder: say("例: 8,400円", "e.g. 8,400 yen") }));
  });
  const f = h("form", { class: "answers", novalidate: true }, inputs, h("button", { type: "submit", class: "primary", text: say("回答する", "Answer") }));
  f.addEventListener("submit", (ev) => { ev.preventDefault(); answer(q, f); });
  return f;
}

function show(k) {
  const q = quiz.questions[k];
  box.replaceChildren(
    h("h2", { text: say(`問題 ${k + 1} / ${quiz.questions.length}`, `Question ${k + 1} / ${quiz.questions.length}`) }),
    caseView(q.case, ""),
    h("p", { class: "hint", text: say("積立記録の「予定額」は答えになるため伏せています。", "The deposit ledger's planned amounts are hidden: they are the answer.") }),
    askForm(q));
  statusLine.textContent = scoreLine();
}

async function answer(q, f) {
  const answers = {};
  for (const a of quiz.ask) {
    const el = a.kind === "choice" ? f.querySelector(`input[name="${a.field}"]:checked`) : f.querySelector(`input[name="${a.field}"]`);
    answers[a.field] = el ? el.value : "";
  }
  const r = await postJSON("/api/quiz/answer", { id: q.id, answers });
  if (!r.ok) {
    box.append(h("p", { class: "problems", text: (r.data && r.data[0] && r.data[0].problem) || say("エラー", "error") }));
    return;
  }
  const d = r.data;
  quiz.right += d.right;
  quiz.asked += d.asked;
  for (const v of d.verdicts) if (!v.right) quiz.missed.push(v.label);
  f.querySelector("button[type=submit]").disabled = true;
  for (const el of f.querySelectorAll("input")) el.disabled = true;
  const verdicts = h("ul", { class: "verdicts" }, d.verdicts.map((v) => h("li", { class: v.right ? "right" : "wrong", "data-verdict": v.field },
    h("strong", { text: v.right ? say("正解", "right") : say("不正解", "wrong") }), say(`　${v.label}: `, `  ${v.label}: `),
    v.right ? cell(v.given) : say("あなたの答え ", "your answer ") + (v.given === "" ? say("（空欄）", "(blank)") : v.given) + say(" → 正しくは ", " → the answer is ") +
      (v.answer_label === null || v.answer_label === undefined ? "—" : (typeof v.answer_label === "number" ? yen(v.answer_label) : v.answer_label)))));
  const all = d.right === d.asked;
  const next = h("button", { type: "button", class: "primary", id: "quiz-next", text: quizDone() ? say("結果を見る", "See the score") : say("次の問題", "Next question") });
  next.addEventListener("click", () => (quizDone() ? finish() : show(++quiz.at)));
  box.append(
    h("div", { class: "verdict " + (all ? "right" : "wrong"), id: "quiz-verdict", text: all ? say(`正解（${d.right}/${d.asked}）`, `right (${d.right}/${d.asked})`) : say(`${d.right}/${d.asked} 正解`, `${d.right}/${d.asked} right`) }),
    verdicts,
    h("p", {}, say("シナリオ: ", "scenario: "), h("strong", { text: d.name })),
    h("details", { class: "why", id: "quiz-why" }, h("summary", { text: say("解説（判定の根拠）を見る", "Explanation (why)") }), fullExplanation(d.explanation)),
    next);
  statusLine.textContent = scoreLine();
  next.focus();
}

function scoreLine() { return say(`シード ${quiz.seed}・得点 ${quiz.right} / ${quiz.asked}`, `seed ${quiz.seed}, score ${quiz.right} / ${quiz.asked}`); }

function quizDone() { return quiz.at + 1 >= quiz.questions.length; }

function finish() {
  box.replaceChildren();
  const pct = quiz.asked ? Math.round((100 * quiz.right) / quiz.asked) : 0;
  const missed = [...new Set(quiz.missed)];
  endBox.hidden = false;
  endBox.replaceChildren(h("h2", { text: say("結果", "Score") }),
    h("p", { class: "score", id: "quiz-score", "data-right": quiz.right, "data-asked": quiz.asked, text: say(`得点 ${quiz.right} / ${quiz.asked}（${pct}%）`, `score ${quiz.right} / ${quiz.asked} (${pct}%)`) }),
    missed.length ? h("p", {}, say("間違えた項目: ", "missed: ") + missed.join(say("・", ", "))) : h("p", { text: say("全問正解です。", "All answers right.") }),
    h("p", { class: "hint", text: say(`同じ問題でもう一度: シード ${quiz.seed}`, `the same questions again: seed ${quiz.seed}`) }));
}

startForm.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const seed = document.getElementById("quiz-seed").value.trim();
  const count = document.getElementById("quiz-count").value;
  const r = await getJSON(`/api/quiz?count=${encodeURIComponent(count)}` + (seed ? `&seed=${encodeURIComponent(seed)}` : ""));
  if (!r.ok) {
    statusLine.textContent = (Array.isArray(r.data) && r.data[0].problem) || say("問題を読み込めません", "cannot load the questions");
    return;
  }
  quiz = { ...r.data, at: 0, right: 0, asked: 0, missed: [] };
  endBox.hidden = true;
  show(0);
});
document.body.dataset.ready = "1";
