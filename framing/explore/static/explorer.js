// framing explorer: one view for the notebook (anywidget) and the exported page.
// Expects Vega-Embed as window.vegaEmbed (inlined before this code). Reads its
// data from model.get("data"); writes the clicked item to model "selected".

const NO = "\u2013";

function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const kid of kids.flat()) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}

function fmt(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return NO;
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v !== "number") return String(v);
  if (v !== 0 && Math.abs(v) < 0.001) return v.toExponential(1);
  if (Number.isInteger(v)) return v.toLocaleString("en");
  return String(+v.toPrecision(3));
}

function interval(lo, hi) {
  return lo === null || lo === undefined ? NO : `[${fmt(lo)}, ${fmt(hi)}]`;
}

// column-oriented table -> array of row objects
function rowsOf(table) {
  const cols = Object.keys(table);
  const n = cols.length ? table[cols[0]].length : 0;
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = {};
    for (const c of cols) r[c] = table[c][i];
    out[i] = r;
  }
  return out;
}

function docItem(docs, i, extra, context) {
  const title = docs.title && docs.title[i] ? docs.title[i] : docs.doc_id[i];
  const url = docs.url ? docs.url[i] : "";
  const meta = [docs.source && docs.source[i], docs.date && docs.date[i], docs.group[i], extra]
    .filter((x) => x !== "" && x !== null && x !== undefined)
    .join(" \u00b7 ");
  return h(
    "li",
    { class: "fx-doc" },
    url ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer", class: "fx-title" }, title)
        : h("span", { class: "fx-title" }, title),
    h("div", { class: "fx-meta" }, meta),
    url ? h("div", { class: "fx-url" }, url) : null,
    context ? h("blockquote", { class: "fx-context" }, context) : null,
  );
}

function docList(data, items, total, what) {
  const note = total > items.length ? ` (the ${items.length} with most uses shown)` : "";
  const textNote = data.has_text ? "" : " The corpus holds counts only, so no text is shown; follow the links.";
  return h(
    "div",
    { class: "fx-docs" },
    h("h4", {}, `Documents ${what}: ${fmt(total)}${note}`),
    h("p", { class: "fx-hint" }, textNote),
    h("ol", {}, items.map((it) => docItem(data.docs, it.doc, it.extra, it.context))),
  );
}

function table(columns, rows, opts) {
  // columns: [{key, label, render?, num?}]; opts: {sort, onSort, onRow, selected, rowKey}
  const head = h(
    "tr",
    {},
    columns.map((c) => {
      const active = opts.sort && opts.sort.key === c.key;
      return h(
        "th",
        {
          class: (c.num ? "num " : "") + (active ? "sorted" : ""),
          "data-key": c.key,
          title: c.title || null,
          onclick: opts.onSort ? () => opts.onSort(c.key) : null,
        },
        c.label + (active ? (opts.sort.desc ? " \u25bc" : " \u25b2") : ""),
      );
    }),
  );
  const body = rows.map((r) =>
    h(
      "tr",
      {
        class: opts.selected !== undefined && opts.rowKey && opts.rowKey(r) === opts.selected ? "sel" : null,
        onclick: opts.onRow ? () => opts.onRow(r) : null,
      },
      columns.map((c) => h("td", { class: c.num ? "num" : null }, c.render ? c.render(r) : fmt(r[c.key]))),
    ),
  );
  return h("table", { class: "fx-table" + (opts.onRow ? " clickable" : "") }, h("thead", {}, head), h("tbody", {}, body));
}

async function chart(el, spec, onClick) {
  el.replaceChildren();
  if (!window.vegaEmbed) {
    el.append(h("p", { class: "fx-hint" }, "(chart library not loaded)"));
    return null;
  }
  const res = await window.vegaEmbed(el, spec, { actions: false, renderer: "svg" });
  if (onClick) res.view.addEventListener("click", (_e, item) => item && item.datum && onClick(item.datum));
  return res;
}

const COLORS = { yes: "#D55E00", no: "#999999" };

// --------------------------------------------------------------------------- keyness
function keyness(root, data, model) {
  const all = rowsOf(data.table);
  for (const r of all) {
    const c = data.comparisons[r.comparison];
    r.group = c.group;
    r.reference = c.reference;
    r.comparison = `${c.group} vs ${c.reference}`;
    r.total = (r.count_target || 0) + (r.count_reference || 0);
  }
  const comparisons = [...new Set(all.map((r) => r.comparison))];
  // documents that use the term on each side: the table's own columns when it has them,
  // else read off the per-group document counts (labelled documents only)
  if (!("docs_target" in data.table)) {
    for (const r of all) {
      const per = {};
      for (const [g, , d] of data.term_groups[r.term] || []) per[data.group_labels[g]] = d;
      const ref = r.reference === "rest"
        ? data.group_labels.filter((g) => g !== r.group && g !== "(no group)")
        : r.reference.split("+");
      r.docs_target = per[r.group] || 0;
      r.docs_reference = ref.reduce((s, g) => s + (per[g] || 0), 0);
    }
  }
  const LABELS = { docs_target: "docs tgt", docs_reference: "docs ref.", n_docs_target: "target size", n_docs_reference: "reference size" };
  const label = (c) => LABELS[c] || c.replace(/_/g, " ");
  const dfCols = [...new Set(["docs_target", "docs_reference", ...Object.keys(data.table).filter((c) => /^(n_docs|df|docs?)(_|$)/.test(c))])];
  const listDf = dfCols.filter((c) => !c.startsWith("n_docs"));
  const hasCI = "ci_low" in data.table;
  const alpha = data.alpha || 0.05;
  const state = { comparison: comparisons[0], query: "", sig: false, sort: { key: "estimate", desc: true }, term: null };

  const select = h(
    "select",
    { class: "fx-comparison", "aria-label": "comparison", onchange: (e) => { state.comparison = e.target.value; update(true); } },
    comparisons.map((c) => h("option", { value: c }, c)),
  );
  const search = h("input", {
    type: "search", class: "fx-filter", placeholder: "filter terms", "aria-label": "filter terms",
    oninput: (e) => { state.query = e.target.value.trim().toLowerCase(); update(true); },
  });
  const sig = h("input", { type: "checkbox", class: "fx-sig", onchange: (e) => { state.sig = e.target.checked; update(true); } });
  const count = h("span", { class: "fx-count" });
  const listEl = h("div", { class: "fx-list" });
  const chartEl = h("div", { class: "fx-chart" });
  const detailEl = h("div", { class: "fx-detail" }, h("p", { class: "fx-hint" }, "Click a term to see its counts per group and the documents that use it."));
  const comp = `${data.method ? data.method + " " : ""}scores; ${data.n_boot ? `${Math.round((1 - alpha) * 100)}% bootstrap intervals over documents (${data.n_boot} replicates)` : "no bootstrap intervals"}; p_adj: Benjamini-Hochberg within a comparison. The page holds the ${data.n_terms} terms with the largest |score| in each comparison.`;
  root.append(
    h("header", { class: "fx-head" }, h("h3", {}, data.title || "Keyness"), h("p", { class: "fx-hint" }, comp)),
    h("div", { class: "fx-controls" },
      comparisons.length > 1 ? select : h("span", { class: "fx-one" }, comparisons[0]),
      search,
      h("label", {}, sig, ` p_adj < ${alpha}`),
      count),
    h("div", { class: "fx-grid" }, listEl, h("div", { class: "fx-side" }, chartEl, detailEl)),
  );

  let chartRes = null;
  let chartKey = "";
  function visible() {
    const q = state.query;
    let rows = all.filter((r) => r.comparison === state.comparison && (!q || r.term.toLowerCase().includes(q)) && (!state.sig || (r.p_adj !== null && r.p_adj < alpha)));
    const { key, desc } = state.sort;
    rows = rows.slice().sort((a, b) => {
      const x = a[key], y = b[key];
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (x < y ? -1 : 1) * (desc ? -1 : 1);
    });
    return rows;
  }
  function update(redrawChart) {
    const rows = visible();
    count.textContent = `${rows.length} of ${all.filter((r) => r.comparison === state.comparison).length} terms`;
    const cols = [
      { key: "term", label: "term" },
      { key: "estimate", label: "score", num: true },
      hasCI ? { key: "ci_low", label: "interval", num: true, render: (r) => interval(r.ci_low, r.ci_high), title: "bootstrap interval of the score" } : null,
      { key: "p_adj", label: "p_adj", num: true },
      { key: "count_target", label: "tgt", num: true, title: "occurrences in the target group" },
      { key: "count_reference", label: "ref.", num: true, title: "occurrences in the reference" },
      ...listDf.map((c) => ({ key: c, label: label(c), num: true, title: "documents that use the term" })),
    ].filter(Boolean);
    listEl.replaceChildren(
      table(cols, rows, {
        sort: state.sort,
        onSort: (k) => { state.sort = { key: k, desc: state.sort.key === k ? !state.sort.desc : k !== "term" }; update(false); },
        onRow: (r) => pick(r.term),
        selected: state.term,
        rowKey: (r) => r.term,
      }),
    );
    const key = `${state.comparison}|${state.query}|${state.sig}`;
    if (redrawChart !== false && key !== chartKey) {
      chartKey = key;
      drawChart(rows);
    }
  }
  async function drawChart(rows) {
    const values = rows.map((r) => ({ term: r.term, total: Math.max(r.total, 1), score: r.estimate, significant: r.p_adj !== null && r.p_adj < alpha ? "yes" : "no" }));
    const top = values.slice().sort((a, b) => Math.abs(b.score) - Math.abs(a.score)).slice(0, 12).map((v) => v.term);
    const spec = {
      width: "container", height: 260, autosize: { type: "fit", contains: "padding" },
      data: { values },
      params: [{ name: "sel", value: state.term || "" }],
      layer: [
        {
          mark: { type: "point", filled: true, cursor: "pointer" },
          encoding: {
            x: { field: "total", type: "quantitative", scale: { type: "log" }, title: "occurrences, target + reference (log scale)" },
            y: { field: "score", type: "quantitative", title: "score" },
            color: { field: "significant", type: "nominal", title: `p_adj < ${alpha}`, scale: { domain: ["yes", "no"], range: [COLORS.yes, COLORS.no] } },
            size: { condition: { test: "datum.term === sel", value: 160 }, value: 30 },
            opacity: { condition: { test: "datum.term === sel", value: 1 }, value: 0.6 },
            tooltip: [{ field: "term" }, { field: "score", format: ".3g" }, { field: "total", title: "occurrences" }],
          },
        },
        {
          transform: [{ filter: { field: "term", oneOf: top } }],
          mark: { type: "text", dy: -8, fontSize: 10 },
          encoding: { x: { field: "total", type: "quantitative" }, y: { field: "score", type: "quantitative" }, text: { field: "term" } },
        },
      ],
      config: { view: { stroke: null }, legend: { orient: "bottom" } },
    };
    chartRes = await chart(chartEl, spec, (d) => d.term && pick(d.term));
  }
  function pick(term) {
    state.term = term;
    if (chartRes) chartRes.view.signal("sel", term).runAsync();
    update(false);
    const rows = all.filter((r) => r.term === term);
    const cmpCols = [
      { key: "group", label: "target" },
      { key: "reference", label: "reference" },
      { key: "count_target", label: "count target", num: true },
      { key: "count_reference", label: "count reference", num: true },
      { key: "estimate", label: "score", num: true },
      hasCI ? { key: "ci_low", label: "interval", num: true, render: (r) => interval(r.ci_low, r.ci_high) } : null,
      { key: "p_adj", label: "p_adj", num: true },
      ...dfCols.map((c) => ({ key: c, label: label(c), num: true })),
    ].filter(Boolean);
    const groups = (data.term_groups[term] || []).map(([g, n, d]) => ({ group: data.group_labels[g], n, d }));
    const td = data.term_docs[term] || { n: 0, docs: [] };
    const items = td.docs.map(([doc, n], i) => ({ doc, extra: `${n}\u00d7`, context: td.context ? td.context[i] : "" }));
    detailEl.replaceChildren(
      h("h3", { class: "fx-term" }, term),
      h("h4", {}, "Comparisons"),
      table(cmpCols, rows, {}),
      h("h4", {}, "Counts per group"),
      table([{ key: "group", label: "group" }, { key: "n", label: "occurrences", num: true }, { key: "d", label: "documents", num: true }], groups, {}),
      docList(data, items, td.n, "using it"),
    );
    model.set("selected", term);
    model.save_changes();
  }
  update(true);
}

// --------------------------------------------------------------------------- naming
function naming(root, data, model) {
  const rows = rowsOf(data.table);
  const alpha = data.alpha || 0.05;
  const chartEl = h("div", { class: "fx-chart" });
  const gridEl = h("div", { class: "fx-list" });
  const detailEl = h("div", { class: "fx-detail" }, h("p", { class: "fx-hint" }, "Click a cell or a point to list the documents."));
  const state = { cell: null };
  root.append(
    h("header", { class: "fx-head" }, h("h3", {}, data.title),
      h("p", { class: "fx-hint" }, `Share of each variant among the group's mentions, with ${Math.round((1 - alpha) * 100)}% Wilson intervals.`)),
    h("div", { class: "fx-grid" }, h("div", {}, gridEl), h("div", { class: "fx-side" }, chartEl, detailEl)),
  );
  const byCell = new Map(rows.map((r) => [`${r.group}\u0001${r.variant}`, r]));
  function drawGrid() {
    const head = h("tr", {}, h("th", {}, "group"), data.variants.map((v) => h("th", { class: "num" }, v)));
    const body = data.groups.map((g) =>
      h("tr", {}, h("td", {}, g), data.variants.map((v) => {
        const key = `${g}\u0001${v}`;
        const r = byCell.get(key);
        if (!r) return h("td", { class: "num" }, NO);
        return h("td", { class: "num cell" + (state.cell === key ? " sel" : ""), "data-cell": key, onclick: () => pick(g, v) },
          h("div", {}, fmt(r.estimate)), h("div", { class: "fx-ci" }, interval(r.ci_low, r.ci_high)), h("div", { class: "fx-ci" }, `${fmt(r.count)} of ${fmt(r.total)}`));
      })),
    );
    gridEl.replaceChildren(h("table", { class: "fx-table clickable" }, h("thead", {}, head), h("tbody", {}, body)));
  }
  function pick(g, v) {
    state.cell = `${g}\u0001${v}`;
    drawGrid();
    const r = byCell.get(state.cell) || {};
    const c = data.cells[state.cell] || { n: 0, docs: [] };
    const items = c.docs.map(([doc, n]) => ({ doc, extra: `${n}\u00d7` }));
    detailEl.replaceChildren(
      h("h3", { class: "fx-term" }, `${v} \u2014 ${g}`),
      h("p", {}, `${fmt(r.count)} of ${fmt(r.total)} mentions (share ${fmt(r.estimate)}, ${interval(r.ci_low, r.ci_high)})` +
        (r.n_docs !== undefined ? `; ${fmt(r.n_docs)} documents` : "")),
      docList(data, items, c.n, `using "${v}"`),
    );
    model.set("selected", state.cell.replace("\u0001", " | "));
    model.save_changes();
  }
  drawGrid();
  const values = rows.filter((r) => r.estimate !== null);
  chart(chartEl, {
    width: "container", height: Math.max(80, data.groups.length * data.variants.length * 12),
    data: { values },
    encoding: {
      y: { field: "group", type: "nominal", sort: data.groups, title: null },
      yOffset: { field: "variant", sort: data.variants },
      color: { field: "variant", type: "nominal", sort: data.variants, scale: { scheme: "dark2" } },
    },
    layer: [
      { mark: "rule", encoding: { x: { field: "ci_low", type: "quantitative", title: "share", scale: { domain: [0, 1] } }, x2: { field: "ci_high" } } },
      { mark: { type: "point", filled: true, cursor: "pointer" }, encoding: { x: { field: "estimate", type: "quantitative", title: "share" },
        tooltip: [{ field: "group" }, { field: "variant" }, { field: "estimate", title: "share", format: ".3f" }, { field: "count" }, { field: "total" }] } },
    ],
    config: { view: { stroke: null }, legend: { orient: "bottom" } },
  }, (d) => d.group !== undefined && pick(d.group, d.variant));
}

// --------------------------------------------------------------------------- topics
function topics(root, data, model) {
  const prev = data.prevalence ? rowsOf(data.prevalence) : [];
  const listEl = h("div", { class: "fx-list" });
  const chartEl = h("div", { class: "fx-chart" });
  const detailEl = h("div", { class: "fx-detail" });
  const state = { topic: null };
  root.append(
    h("header", { class: "fx-head" }, h("h3", {}, data.title || "Topics"),
      h("p", { class: "fx-hint" }, `Labels are FREX terms (frequent and exclusive). Prevalence: mean topic proportion per group with bootstrap intervals over documents. Click a topic.`)),
    h("div", { class: "fx-grid" }, listEl, h("div", { class: "fx-side" }, h("h4", { class: "fx-chart-title" }), chartEl, detailEl)),
  );
  function drawList() {
    listEl.replaceChildren(
      table(
        [
          { key: "topic", label: "#", num: true },
          { key: "frex", label: "FREX terms", render: (r) => r.frex.slice(0, 6).join(" ") },
          { key: "prevalence", label: "share", num: true },
        ],
        data.topics,
        { onRow: (r) => pick(r.topic), selected: state.topic, rowKey: (r) => r.topic },
      ),
    );
  }
  function pick(k) {
    state.topic = k;
    drawList();
    const t = data.topics[k];
    root.querySelector(".fx-chart-title").textContent = `${t.label}: prevalence by group`;
    const values = prev.filter((r) => r.topic === k);
    if (values.length) {
      chart(chartEl, {
          width: "container", height: Math.max(60, values.length * 20),
        data: { values },
        encoding: { y: { field: "group", type: "nominal", sort: data.groups, title: null } },
        layer: [
          { mark: { type: "rule", color: "#0072B2" }, encoding: { x: { field: "ci_low", type: "quantitative", title: "mean topic proportion" }, x2: { field: "ci_high" } } },
          { mark: { type: "point", filled: true, color: "#0072B2" }, encoding: { x: { field: "estimate", type: "quantitative" },
            tooltip: [{ field: "group" }, { field: "estimate", format: ".3f" }, { field: "ci_low", format: ".3f" }, { field: "ci_high", format: ".3f" }, { field: "n_docs" }] } },
        ],
        config: { view: { stroke: null } },
      });
    } else chartEl.replaceChildren(h("p", { class: "fx-hint" }, "No prevalence table given (pass prevalence=fr.topic_prevalence(...))."));
    const reps = (data.representatives[k] || []).map((r) => ({
      doc: r.doc, context: r.context,
      extra: `proportion ${fmt(r.proportion)}` + (r.para !== undefined ? `, paragraph ${r.para + 1}` : ""),
    }));
    detailEl.replaceChildren(
      h("h3", { class: "fx-term" }, t.label),
      h("p", {}, h("b", {}, "FREX: "), t.frex.join(", ")),
      h("p", {}, h("b", {}, "Most probable: "), t.prob.join(", ")),
      values.length ? table([{ key: "group", label: "group" }, { key: "n_docs", label: "documents", num: true }, { key: "estimate", label: "prevalence", num: true }, { key: "ci_low", label: "interval", num: true, render: (r) => interval(r.ci_low, r.ci_high) }], values, {}) : null,
      docList(data, reps, reps.length, `most representative (${data.level === "paragraph" ? "by paragraph" : "by document"})`),
    );
    model.set("selected", String(k));
    model.save_changes();
  }
  drawList();
  pick(0);
}

const VIEWS = { keyness, naming, topics };

function render({ model, el }) {
  const data = model.get("data");
  const root = h("div", { class: "fx" });
  el.append(root);
  const view = VIEWS[data.kind];
  if (!view) root.append(h("p", {}, `unknown explorer kind ${data.kind}`));
  else view(root, data, model);
}

// FRAMING-EXPORT
export default { render };
