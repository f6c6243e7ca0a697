/* Shared by the pages: safe DOM building (text only, never HTML from data) and JSON fetches. */
"use strict";

const T = (() => {
  const el = document.getElementById("labels");
  return el ? JSON.parse(el.textContent) : { values: {}, fields: {}, choices: {} };
})();

/* The page's language (/?lang=en): its own words, and the API asked in it, so problems,
   reasons and explanations come back in the same language. */
const EN = T.lang === "en";
function say(ja, en) { return EN ? en : ja; }
function api(url) { return EN ? url + (url.includes("?") ? "&" : "?") + "lang=en" : url; }
/* A reason or warning of a result, in the page's language. */
function reasonText(r) { return (EN ? r.en : r.ja) || r.ja || r.en || ""; }

/* h("div", {class: "x", "data-field": "a"}, child, "text", ...): every string becomes a text node. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") el.textContent = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function label(value) {
  if (value === null || value === undefined) return "—";
  return T.values[value] || T.choices[value] || String(value);
}

function yen(v) {
  if (v === null || v === undefined) return say("不明", "unknown");
  return EN ? Number(v).toLocaleString("en-US") + " yen" : Number(v).toLocaleString("ja-JP") + "円";
}

function num(v) {
  return v === null || v === undefined ? "—" : (typeof v === "number" ? v.toLocaleString("ja-JP") : String(v));
}

async function postJSON(url, body) {
  const res = await fetch(api(url), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  let data = null;
  try { data = JSON.parse(text); } catch (e) { data = null; }
  return { status: res.status, ok: res.ok, data, text, res };
}

async function getJSON(url) {
  const res = await fetch(api(url));
  return { status: res.status, ok: res.ok, data: await res.json() };
}

/* A statute quoted: reference, title, text, and a mark when its wording is not yet verified. */
function statuteBlock(s) {
  return h("blockquote", { class: "statute" },
    h("div", {}, h("strong", { text: s.ref }), s.title ? "（" + s.title + "）" : "",
      s.verified ? null : h("span", { class: "unverified", text: say(" 〔条文の文言は未照合〕", " [wording not yet verified]") })),
    h("div", { text: s.text }));
}
