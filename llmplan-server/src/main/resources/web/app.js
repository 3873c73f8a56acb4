// The llmplan page: forms that call the JSON API and show its answers. The whole state (view and form) lives
// in the URL's fragment, so a link reproduces the view. Every number shown carries its raw value in
// data-value, which the browser test compares with the API's answer.
"use strict";

const $ = selector => document.querySelector(selector);
const VIEWS = ["plan", "search", "serve"];
const CATALOG = {models: ".models", gpus: ".gpus", frameworks: ".frameworks", engines: ".engines",
  fabrics: ".fabrics"};
const DEFAULTS = {models: "llama-3.1-8b", gpus: "h100-sxm", frameworks: "megatron", engines: "vllm"};

const GIB = 2 ** 30;
const fmt = {
  gib: v => (v / GIB).toFixed(2) + " GiB",
  s: v => v >= 86400 ? (v / 86400).toFixed(1) + " days" : v >= 3600 ? (v / 3600).toFixed(1) + " h"
    : v >= 1 ? v.toFixed(3) + " s" : (v * 1000).toFixed(2) + " ms",
  usd: v => "$" + Math.round(v).toLocaleString("en-US"),
  pct: v => (v * 100).toFixed(1) + " %",
  n: v => Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : v.toPrecision(3),
  bytes: v => v >= 1e12 ? (v / 1e12).toFixed(2) + " TB" : (v / 1e9).toFixed(2) + " GB",
  rate: v => (v / 1e9).toFixed(2) + " GB/s",
};

let lastSearch = null;

async function api(method, path, body) {
  const init = {method, headers: {}};
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const type = response.headers.get("Content-Type") || "";
  if (!response.ok) {
    const problem = type.includes("json") ? await response.json() : {detail: response.statusText};
    throw new Error(problem.detail || problem.title);
  }
  return type.includes("json") ? response.json() : response.blob();
}

function showError(error) {
  const box = $("#error");
  box.textContent = error ? String(error.message || error) : "";
  box.hidden = !error;
}

/** The form's fields as an API body: empty fields left out, numbers as numbers, lists as lists. */
function formBody(form) {
  const body = {};
  for (const field of form.elements) {
    if (!field.name) {
      continue;
    }
    if (field.type === "checkbox") {
      if (field.checked) {
        body[field.name] = true;
      }
    } else if (field.multiple) {
      const picked = [...field.selectedOptions].map(o => o.value);
      if (picked.length) {
        body[field.name] = picked;
      }
    } else if (field.value !== "") {
      body[field.name] = field.type === "number" ? Number(field.value) : field.value;
    }
  }
  return body;
}

function fillForm(form, values) {
  for (const field of form.elements) {
    if (!field.name || !(field.name in values)) {
      continue;
    }
    const value = values[field.name];
    if (field.type === "checkbox") {
      field.checked = value === true || value === "true";
    } else if (field.multiple) {
      const wanted = String(value).split(",");
      [...field.options].forEach(o => { o.selected = wanted.includes(o.value); });
    } else {
      field.value = value;
    }
  }
}

function saveState(view, body) {
  const params = new URLSearchParams({view});
  Object.entries(body).forEach(([k, v]) => params.set(k, Array.isArray(v) ? v.join(",") : v));
  history.replaceState(null, "", "#" + params.toString());
}

function figures(list, rows) {
  list.replaceChildren();
  rows.forEach(([id, label, value, format]) => {
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.id = id;
    dd.dataset.value = value;
    dd.textContent = value === undefined || value === null ? "-" : format ? format(value) : value;
    list.append(dt, dd);
  });
}

function showView(view) {
  VIEWS.forEach(v => {
    $("#view-" + v).hidden = v !== view;
    $("#tab-" + v).classList.toggle("active", v === view);
  });
}

// --- training plan

function planBody() {
  const body = formBody($("#form-plan"));
  if (body.modelConfig) {
    throw new Error("a launch bundle needs a catalog model (a plan file names its model): clear the pasted "
      + "config.json");
  }
  delete body.tokens;
  delete body.fabric;
  return body;
}

/** The body with the pasted config.json, if any, as the object the API takes instead of the model's name. */
function withPastedConfig(body) {
  if (!body.modelConfig) {
    return body;
  }
  const sent = {...body};
  try {
    sent.modelConfig = JSON.parse(body.modelConfig);
  } catch (error) {
    throw new Error("the pasted config.json is not valid JSON: " + error.message);
  }
  delete sent.model;
  return sent;
}

async function runPlan() {
  const form = $("#form-plan");
  const all = formBody(form);
  saveState("plan", all);
  const plan = await api("POST", "/api/train", withPastedConfig(all));
  const m = plan.memory;
  Charts.stackedBar($("#chart-memory"), Object.entries(m.parts).map(([name, value]) => ({name, value})),
    m.capacityBytes, fmt.gib);
  const verdict = $("#plan-memory-verdict");
  verdict.dataset.value = m.totalBytes;
  verdict.textContent = (m.fits ? "Fits: " : "Does not fit: ") + fmt.gib(m.totalBytes) + " of "
    + fmt.gib(m.capacityBytes) + " on the most loaded GPU (" + m.stage + " stage)";
  Charts.bars($("#chart-step"), plan.time.breakdown.map(p => ({name: p.name, value: p.seconds})), fmt.s);
  figures($("#plan-figures"), [
    ["plan-step", "step", plan.stepSeconds, fmt.s],
    ["plan-tokens-per-second", "tokens/s", plan.tokensPerSecond, fmt.n],
    ["plan-mfu", "MFU", plan.mfu, fmt.pct],
    ["plan-time", "time to train", plan.timeToTrainSeconds, fmt.s],
    ["plan-gpu-hours", "GPU-hours", plan.gpuHours, fmt.n],
    ["plan-cost", "cost", plan.costUsd, fmt.usd],
    ["plan-energy", "energy (kWh)", plan.energyKwh, fmt.n],
  ]);
  const n = plan.network;
  figures($("#plan-network"), [
    ["plan-fabric", "fabric", n.fabric + " (" + n.nicsPerNode + " x " + n.gbitsPerNic + " Gb/s per node)"],
    ["plan-exposed", "exposed communication", n.exposedShare, fmt.pct],
    ["plan-busiest", "busiest link", n.busiestLink],
  ].concat(n.dimensions.map(d => ["plan-dim-" + d.dimension, d.label + " exposed", d.exposedSeconds, fmt.s])));
  const st = plan.storage;
  figures($("#plan-storage"), [
    ["plan-storage-system", "storage", st.system + " (" + st.mode + ")"],
    ["plan-checkpoint", "checkpoint size", st.checkpoint.totalBytes, fmt.bytes],
    ["plan-interval", "checkpoint every", st.intervalSeconds, fmt.s],
    ["plan-write-needed", "write bandwidth needed", st.requiredWriteBytesPerSecond[st.mode], fmt.rate],
  ]);
  const r = plan.reliability;
  figures($("#plan-reliability"), [
    ["plan-interruptions", "expected interruptions", r.expected.interruptions, fmt.n],
    ["plan-effective", "effective training time", r.effectiveTrainingTimeRatio, fmt.pct],
    ["plan-expected-time", "expected time with failures", r.expected.timeToTrainSeconds, fmt.s],
    ["plan-expected-cost", "expected cost", r.expected.costUsd, fmt.usd],
  ]);
  $("#result-plan").hidden = false;
}

async function downloadBundle() {
  const zip = await api("POST", "/api/emit", {plan: {format: "llmplan-plan/1", training: planBody()}});
  const link = document.createElement("a");
  link.href = URL.createObjectURL(zip);
  link.download = "llmplan-bundle.zip";
  link.id = "bundle-link";
  document.body.append(link);
  link.click();
  link.remove();
}

// --- search

async function runSearch() {
  const body = formBody($("#form-search"));
  saveState("search", body);
  const result = await api("POST", "/api/search/train", body);
  lastSearch = result;
  const front = new Set(result.paretoTimeCost.map(p => p.label + p.gpu + p.gpus));
  const plans = result.plans.concat(result.paretoTimeCost.filter(p => !result.plans.some(q => q.label === p.label
    && q.gpu === p.gpu && q.gpus === p.gpus)));
  Charts.scatter($("#chart-pareto"), plans.map(p => ({x: p.timeToTrainSeconds / 86400, y: p.costUsd,
    front: front.has(p.label + p.gpu + p.gpus), label: p.gpus + " x " + p.gpu + " " + p.label})), {
    xLabel: "time to train (days)", yLabel: "cost (USD)", xFormat: v => v.toFixed(1), yFormat: fmt.usd,
    onPick: i => openPlan(plans[i].request)});
  const rows = $("#search-plans tbody");
  rows.replaceChildren();
  result.plans.forEach((p, i) => {
    const tr = document.createElement("tr");
    [i + 1, p.gpus + " x " + p.gpu, p.label, fmt.s(p.timeToTrainSeconds), fmt.usd(p.costUsd), fmt.pct(p.mfu)]
      .forEach(text => {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      });
    tr.dataset.time = p.timeToTrainSeconds;
    tr.dataset.cost = p.costUsd;
    tr.addEventListener("click", () => openPlan(p.request));
    rows.append(tr);
  });
  const s = result.search;
  $("#search-status").textContent = s.checkedLayouts.toLocaleString("en-US") + " layouts checked in "
    + s.seconds.toFixed(1) + " s" + (s.complete ? "" : " (stopped early: " + s.stopReason + ")");
  $("#result-search").hidden = false;
}

/** A plan of the search, opened in the training view with its request's fields. */
function openPlan(request) {
  const form = $("#form-plan");
  form.reset();
  fillForm(form, request);
  fillForm(form, {tokens: $("#form-search").elements.tokens.value});
  showView("plan");
  runPlan().catch(showError);
}

// --- serving

async function runServe() {
  const f = formBody($("#form-serve"));
  saveState("serve", f);
  const deployment = {model: f.model, gpu: f.gpu, tp: f.tp, precision: f.precision, engine: f.engine};
  const body = {deployment};
  ["input", "output", "rate", "duration", "ttftP99", "tpotP99"].forEach(k => {
    if (f[k] !== undefined) {
      body[k] = String(f[k]);
    }
  });
  const result = await api("POST", "/api/serve", body);
  const rows = $("#serve-percentiles tbody");
  rows.replaceChildren();
  [["TTFT", "ttftSeconds"], ["TPOT", "tpotSeconds"], ["ITL", "itlSeconds"], ["end to end", "e2eSeconds"]]
    .forEach(([name, key]) => {
      const q = result.metrics[key];
      const tr = document.createElement("tr");
      tr.id = "serve-" + key;
      [name, q.p50, q.p90, q.p99, q.max].forEach((v, i) => {
        const td = document.createElement("td");
        td.textContent = i === 0 ? v : fmt.s(v);
        if (i > 0) {
          td.dataset.value = v;
        }
        tr.append(td);
      });
      rows.append(tr);
    });
  const c = result.capacity;
  const points = key => [[0, c.unloaded], [result.ratePerSecond, result.metrics], [c.maxRatePerSecond, c.atMaxRate]]
    .filter(([, m]) => m && m[key]).map(([x, m]) => ({x, y: m[key].p99}));
  Charts.lines($("#chart-latency"), [{name: "TTFT p99", points: points("ttftSeconds")},
    {name: "TPOT p99", points: points("tpotSeconds")}], {xLabel: "requests per second", yLabel: "seconds",
    xFormat: v => v.toFixed(1), yFormat: fmt.s});
  const cost = result.cost && result.cost.atTargetRate;
  figures($("#serve-capacity"), [
    ["serve-max-rate", "most requests/s under the targets", c.maxRatePerSecond, fmt.n],
    ["serve-slo", "targets met at the rate asked", result.slo ? String(result.slo.met) : "no targets"],
    ["serve-replicas", "replicas for the rate", cost && cost.replicas],
    ["serve-usd-per-million", "USD per million tokens", cost && cost.usdPerMillionTokens, v => "$" + v.toFixed(3)],
  ]);
  $("#result-serve").hidden = false;
}

// --- start

async function loadCatalog() {
  for (const [kind, selector] of Object.entries(CATALOG)) {
    const entries = await api("GET", "/api/catalog/" + kind);
    document.querySelectorAll(selector).forEach(select => {
      entries.forEach(e => select.append(new Option(e.name, e.name)));
      if (DEFAULTS[kind] && !select.multiple) {
        select.value = DEFAULTS[kind];
      }
    });
  }
  $("#form-search").elements.gpu.options[0].selected = true;
}

function restore() {
  const params = new URLSearchParams(location.hash.slice(1));
  const view = VIEWS.includes(params.get("view")) ? params.get("view") : "plan";
  showView(view);
  if (params.has("model")) {
    fillForm($("#form-" + view), Object.fromEntries(params));
    ({plan: runPlan, search: runSearch, serve: runServe})[view]().catch(showError);
  }
}

function bind(id, run) {
  const form = $("#form-" + id);
  form.addEventListener("submit", event => {
    event.preventDefault();
    showError(null);
    run().catch(showError);
  });
}

document.addEventListener("DOMContentLoaded", async () => {
  VIEWS.forEach(v => $("#tab-" + v).addEventListener("click", () => showView(v)));
  bind("plan", runPlan);
  bind("search", runSearch);
  bind("serve", runServe);
  $("#download-bundle").addEventListener("click", () => downloadBundle().catch(showError));
  try {
    await loadCatalog();
    restore();
    window.addEventListener("hashchange", restore); // a link pasted into the same tab
  } catch (error) {
    showError(error);
  }
});
