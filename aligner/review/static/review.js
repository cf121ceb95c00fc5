"use strict";
// The review page of `aligner review`: the two texts bead by bead, the findings highlighted, and the
// controls that send each change to the server, which saves it and answers with the new state.
// Every text from the document goes into the page as text (textContent, text nodes, .title), never
// as markup: a sentence may hold anything.

const SEVERITIES = ["high", "medium", "low"];

const view = {
  state: null,              // the server's last state (sentences kept from the first load)
  findings: new Map(),      // finding id -> finding
  rows: [],                 // one element per bead, in order
  signatures: [],           // what each row shows, to redraw only the rows an action changed
  selected: null,           // index of the bead whose controls are open
  current: null,            // id of the finding the keys act on
  busy: false,              // a change is on its way: the next waits for its answer
  actions: null,            // the selected bead's controls, moved into its row (held here: a redrawn row takes them along)
};

const $ = (id) => document.getElementById(id);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(className, text, title) {
  const node = element("button", className, text);
  node.type = "button";
  if (title) node.title = title;
  return node;
}

function say(message, isError = false) {
  const status = $("status");
  status.textContent = message;
  status.classList.toggle("error", isError);
}

// --- Talking to the server ---------------------------------------------------

async function send(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-CSRF-Token": document.querySelector('meta[name="csrf-token"]').content,
    },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  let data;
  try {
    data = await response.json();
  } catch {
    data = {error: `${response.status} ${response.statusText}`};
  }
  return {status: response.status, data};
}

/** Fetch the whole state and draw every bead again (first load, and after a conflict). */
async function load() {
  const response = await fetch("state", {credentials: "same-origin"});
  if (!response.ok) {
    say(`Could not load the document: ${response.status} ${await response.text()}`, true);
    return;
  }
  view.state = await response.json();
  renderAll();
}

/** Send one action; draw what it changed, or say why it was refused. */
async function act(action) {
  if (view.busy || !view.state) return;
  view.busy = true;
  const started = performance.now();
  try {
    const {status, data} = await send("apply", {revision: view.state.revision, action});
    if (status === 409) {
      await load();
      say(data.error, true);
    } else if (status !== 200) {
      say(data.error || `error ${status}`, true);
    } else {
      update(data);
      performance.measure("apply", {start: started});
      say("Saved.");
    }
  } catch (error) {
    say(`The server did not answer (${error.message}): is aligner review still running?`, true);
  } finally {
    view.busy = false;
  }
}

// --- Highlights --------------------------------------------------------------

/** Where a finding marks the sentences of one side: sentence id -> [[start, end], ...].
 * Its spans are offsets into its side's sentences joined by single spaces; when its text is not
 * that join, the spanned words are marked wherever they stand; a finding without spans marks its
 * sentences whole, unless it points at words on the other side only. */
function findingMarks(finding, side) {
  const marks = new Map();
  const ids = finding[side];
  const spans = finding[`${side}_spans`] || [];
  const otherSpans = finding[side === "src" ? "tgt_spans" : "src_spans"] || [];
  const texts = ids.map((id) => view.state[side].sentences[id] ?? "");
  if (!spans.length) {
    if (!otherSpans.length) ids.forEach((id, k) => marks.set(id, [[0, texts[k].length]]));
    return marks;
  }
  const ownText = finding[`${side}_text`] ?? "";
  if (texts.join(" ") === ownText) {
    let offset = 0;
    ids.forEach((id, k) => {
      const length = texts[k].length;
      const here = spans
        .map(([start, end]) => [Math.max(start - offset, 0), Math.min(end - offset, length)])
        .filter(([start, end]) => start < end);
      if (here.length) marks.set(id, here);
      offset += length + 1;
    });
    return marks;
  }
  const words = [...new Set(spans.map(([start, end]) => ownText.slice(start, end)).filter(Boolean))];
  ids.forEach((id, k) => {
    const found = words.map((w) => [texts[k].indexOf(w), w]).filter(([at]) => at >= 0)
      .map(([at, w]) => [at, at + w.length]);
    marks.set(id, found.length ? found : [[0, texts[k].length]]);
  });
  return marks;
}

function worst(findings) {
  return SEVERITIES[Math.min(...findings.map((f) => SEVERITIES.indexOf(f.severity)))];
}

function reason(finding) {
  return `${finding.kind} (${finding.severity}): ${finding.evidence}`;
}

/** A sentence's text cut at every mark boundary, each marked piece a <mark> naming its findings. */
function highlighted(text, marks) {
  const cuts = [...new Set([0, text.length, ...marks.flatMap(([start, end]) => [start, end])])]
    .sort((a, b) => a - b);
  const pieces = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const [start, end] = [cuts[k], cuts[k + 1]];
    const over = marks.filter(([s, e]) => s <= start && end <= e).map(([, , finding]) => finding);
    const piece = text.slice(start, end);
    if (!over.length) {
      pieces.push(document.createTextNode(piece));
      continue;
    }
    const mark = element("mark", "hl", piece);
    mark.dataset.findings = over.map((f) => f.id).join(" ");
    mark.dataset.sev = worst(over);
    mark.title = over.map(reason).join("\n");
    pieces.push(mark);
  }
  return pieces;
}

// --- Drawing -----------------------------------------------------------------

function beadFindings(bead) {
  return bead.findings.map((id) => view.findings.get(id)).filter(Boolean);
}

/** What a bead's row shows, as a string: equal strings, equal rows. */
function signature(bead) {
  return JSON.stringify([bead.src, bead.tgt, bead.similarity, bead.checked, bead.comment, bead.changed,
    beadFindings(bead).map((f) => [f.id, f.verdict, f.comment])]);
}

function sideCell(bead, side, findings) {
  const cell = element("div", `side ${side}`);
  cell.lang = view.state[side].lang;
  if (!bead[side].length) {
    cell.append(element("span", "none", "no counterpart"));
    return cell;
  }
  const marks = new Map();
  for (const finding of findings) {
    for (const [id, spans] of findingMarks(finding, side)) {
      if (!marks.has(id)) marks.set(id, []);
      marks.get(id).push(...spans.map(([start, end]) => [start, end, finding]));
    }
  }
  for (const id of bead[side]) {
    const sentence = element("div", "sent");
    sentence.dataset.id = id;
    sentence.append(element("span", "ids", String(id)),
      ...highlighted(view.state[side].sentences[id] ?? "", marks.get(id) || []));
    cell.append(sentence);
  }
  return cell;
}

function findingItem(finding) {
  const item = element("li", "finding");
  item.dataset.finding = finding.id;
  item.dataset.kind = finding.kind;
  item.dataset.severity = finding.severity;
  if (finding.verdict) item.dataset.verdict = finding.verdict;
  const accept = button("accept", "Accept", "The translation is wrong here (a)");
  const dismiss = button("dismiss", "Dismiss", "Not a real divergence (d)");
  accept.setAttribute("aria-pressed", String(finding.verdict === "accepted"));
  dismiss.setAttribute("aria-pressed", String(finding.verdict === "dismissed"));
  const comment = element("input", "finding-comment");
  comment.type = "text";
  comment.placeholder = "comment";
  comment.value = finding.comment;
  comment.setAttribute("aria-label", "comment on the finding");
  item.append(element("span", "sev", finding.severity), " ", element("span", "kind", finding.kind), " ",
    element("span", "evidence", finding.evidence), " ", accept, dismiss, comment);
  return item;
}

function beadRow(bead, index) {
  const findings = beadFindings(bead);
  const row = element("div", "bead");
  row.dataset.bead = index;
  row.id = `b${index + 1}`;
  row.classList.toggle("checked", bead.checked);
  row.classList.toggle("changed", bead.changed);
  if (findings.length) row.dataset.sev = worst(findings);
  const meta = element("div", "meta");
  const number = element("a", "n", String(index + 1));
  number.href = `#b${index + 1}`;
  // A bead the reviewer made has no similarity: the model has not scored it.
  const similarity = bead.similarity === null ? (bead.changed ? "edited" : "—") : bead.similarity.toFixed(2);
  const check = element("input", "check");
  check.type = "checkbox";
  check.checked = bead.checked;
  check.title = "Checked: the bead is right (x)";
  check.setAttribute("aria-label", `bead ${index + 1} checked`);
  meta.append(number, " ", element("span", "type", `${bead.src.length}-${bead.tgt.length}`), " ",
    element("span", "sim", similarity), element("br"), check);
  row.append(meta, sideCell(bead, "src", findings), sideCell(bead, "tgt", findings));
  if (findings.length) {
    const list = element("ul", "findings");
    list.append(...findings.map(findingItem));
    row.append(list);
  }
  if (bead.comment) row.append(element("p", "bead-comment", bead.comment));
  // Kept on the row for the search box: the bead's two sides as one lower-case string.
  row.searchText = ["src", "tgt"].flatMap((side) => bead[side].map((id) => view.state[side].sentences[id]))
    .join("\n").toLowerCase();
  return row;
}

function indexFindings() {
  view.findings = new Map(view.state.findings.map((f) => [f.id, f]));
}

/** Draw the page from the state: every row, the filters' kinds, the headings. */
function renderAll() {
  indexFindings();
  $("src-heading").textContent = `Source (${view.state.src.lang}): ${view.state.src.file}`;
  $("tgt-heading").textContent = `Target (${view.state.tgt.lang}): ${view.state.tgt.file}`;
  fillKinds();
  view.rows = view.state.beads.map(beadRow);
  view.signatures = view.state.beads.map(signature);
  $("beads").replaceChildren(...view.rows);
  view.selected = null;
  afterChange();
  performance.mark("beads-rendered");
}

/** Take the state an action returned and redraw only the rows between the first and the last
 * that changed; the rows after them are renumbered when beads were merged or split. */
function update(state) {
  for (const side of ["src", "tgt"]) state[side].sentences = view.state[side].sentences;
  view.state = state;
  indexFindings();
  const signatures = state.beads.map(signature);
  const old = view.signatures;
  let start = 0;
  while (start < old.length && start < signatures.length && old[start] === signatures[start]) start++;
  let oldEnd = old.length;
  let newEnd = signatures.length;
  while (oldEnd > start && newEnd > start && old[oldEnd - 1] === signatures[newEnd - 1]) {
    oldEnd--;
    newEnd--;
  }
  const fresh = state.beads.slice(start, newEnd).map((bead, k) => beadRow(bead, start + k));
  const after = view.rows[oldEnd] || null;
  view.rows.slice(start, oldEnd).forEach((row) => row.remove());
  const container = $("beads");
  for (const row of fresh) container.insertBefore(row, after);
  view.rows.splice(start, oldEnd - start, ...fresh);
  view.signatures = signatures;
  if (oldEnd - start !== newEnd - start) {
    for (let index = newEnd; index < view.rows.length; index++) renumber(view.rows[index], index);
  }
  if (view.selected !== null) select(Math.min(view.selected, view.rows.length - 1), false);
  afterChange();
}

function renumber(row, index) {
  row.dataset.bead = index;
  row.id = `b${index + 1}`;
  const number = row.querySelector(".n");
  number.textContent = String(index + 1);
  number.href = `#b${index + 1}`;
  row.querySelector(".check").setAttribute("aria-label", `bead ${index + 1} checked`);
}

function afterChange() {
  const {progress} = view.state;
  document.body.dataset.revision = view.state.revision;  // tells scripts and tests that a change has landed
  $("beads-progress").max = Math.max(progress.beads, 1);
  $("beads-progress").value = progress.checked;
  $("beads-count").textContent = `${progress.checked} / ${progress.beads}`;
  $("findings-progress").max = Math.max(progress.findings, 1);
  $("findings-progress").value = progress.decided;
  $("findings-count").textContent = `${progress.decided} / ${progress.findings}`;
  $("undo").disabled = !view.state.can_undo;
  $("redo").disabled = !view.state.can_redo;
  applyFilters();
}

// --- Filters and search ------------------------------------------------------

function fillKinds() {
  const kinds = [...new Set(view.state.findings.map((f) => f.kind))].sort();
  const fieldset = $("kinds");
  const wanted = new Set(checked("kind"));
  const previously = fieldset.querySelectorAll("input").length;
  fieldset.replaceChildren(element("legend", "", "Kind"), ...kinds.map((kind) => {
    const label = element("label");
    const box = element("input");
    box.type = "checkbox";
    box.dataset.filter = "kind";
    box.value = kind;
    box.checked = !previously || wanted.has(kind);
    label.append(box, ` ${kind}`);
    return label;
  }));
}

function checked(filter) {
  return Array.from(document.querySelectorAll(`input[data-filter="${filter}"]:checked`), (box) => box.value);
}

function findingShown(finding, kinds, severities) {
  return kinds.has(finding.kind) && severities.has(finding.severity);
}

/** Show the rows, findings and highlights the filters and the search box select, and no others. */
function applyFilters() {
  const kinds = new Set(checked("kind"));
  const severities = new Set(checked("severity"));
  const findingsOnly = $("findings-only").checked;
  const uncheckedOnly = $("unchecked-only").checked;
  const query = $("search").value.trim().toLowerCase();
  let shown = 0;
  view.state.beads.forEach((bead, index) => {
    const row = view.rows[index];
    const visible = beadFindings(bead).filter((f) => findingShown(f, kinds, severities));
    const hidden = (findingsOnly && !visible.length) || (uncheckedOnly && bead.checked) ||
      (query !== "" && !row.searchText.includes(query));
    row.hidden = hidden;
    if (!hidden) shown++;
    if (!bead.findings.length) return;
    const ids = new Set(visible.map((f) => String(f.id)));
    for (const item of row.querySelectorAll("li.finding")) item.hidden = !ids.has(item.dataset.finding);
    for (const mark of row.querySelectorAll("mark.hl")) {
      mark.classList.toggle("off", !mark.dataset.findings.split(" ").some((id) => ids.has(id)));
    }
  });
  $("shown").textContent = shown === view.rows.length ? "" : `${shown} of ${view.rows.length} beads shown`;
}

// --- The selected bead and its controls ---------------------------------------

function option(value, text) {
  const node = element("option", "", text);
  node.value = value;
  return node;
}

/** Open the controls of one bead (and optionally bring it into view). */
function select(index, scroll = true) {
  const row = view.rows[index];
  if (!row) return;
  for (const other of document.querySelectorAll(".bead.selected")) other.classList.remove("selected");
  row.classList.add("selected");
  view.selected = index;
  const bead = view.state.beads[index];
  const {actions} = view;
  actions.hidden = false;
  row.append(actions);
  $("merge").disabled = index + 1 >= view.state.beads.length;
  for (const move of actions.querySelectorAll("button.move")) {
    const edge = move.dataset.to === "prev" ? index === 0 : index + 1 >= view.state.beads.length;
    move.disabled = !bead[move.dataset.side].length || edge;
  }
  for (const side of ["src", "tgt"]) {
    const ids = bead[side];
    $(`split-${side}`).replaceChildren(...ids.concat([null]).map((_, k) =>
      option(k, k === 0 ? "none" : `up to sentence ${ids[k - 1]}`)));
    $(`split-${side}`).value = String(Math.ceil(ids.length / 2));
  }
  $("unmatch-sentence").replaceChildren(...["src", "tgt"].flatMap((side) => bead[side].map((id) =>
    option(`${side}:${id}`, `${side === "src" ? "source" : "target"} ${id}: ` +
      (view.state[side].sentences[id] ?? "").slice(0, 40)))));
  $("unmatch").disabled = bead.src.length + bead.tgt.length < 2;
  $("bead-comment").value = bead.comment;
  if (scroll) row.scrollIntoView({block: "nearest"});
  actions.scrollIntoView({block: "nearest"});
}

function bindActions() {
  $("merge").addEventListener("click", () => act({op: "merge", bead: view.selected}));
  for (const move of document.querySelectorAll("#actions button.move")) {
    move.addEventListener("click", () =>
      act({op: "move", bead: view.selected, side: move.dataset.side, to: move.dataset.to}));
  }
  $("split").addEventListener("click", () => act({
    op: "split", bead: view.selected, src_at: Number($("split-src").value), tgt_at: Number($("split-tgt").value),
  }));
  $("unmatch").addEventListener("click", () => {
    const [side, id] = $("unmatch-sentence").value.split(":");
    act({op: "unmatch", side, sentence: Number(id)});
  });
  $("bead-comment").addEventListener("change", (event) =>
    act({op: "comment", bead: view.selected, text: event.target.value}));
  $("undo").addEventListener("click", () => act({op: "undo"}));
  $("redo").addEventListener("click", () => act({op: "redo"}));
  $("export").addEventListener("click", exportFiles);
  $("filters").addEventListener("input", applyFilters);
}

/** Clicks and changes inside the bead rows, handled once for all rows. */
function bindRows() {
  const beads = $("beads");
  beads.addEventListener("click", (event) => {
    const row = event.target.closest(".bead");
    if (!row || event.target.closest("#actions")) return;
    const index = Number(row.dataset.bead);
    const item = event.target.closest("li.finding");
    if (event.target.matches("button.accept, button.dismiss")) {
      decide(Number(item.dataset.finding), event.target.matches(".accept") ? "accepted" : "dismissed", true);
    } else if (event.target.matches("input.check")) {
      event.preventDefault();  // the box shows the saved state once the server has it
      act({op: "check", bead: index, checked: !view.state.beads[index].checked});
    } else if (view.selected !== index) {
      select(index, false);
    }
    if (item) setCurrent(Number(item.dataset.finding), false);
  });
  beads.addEventListener("change", (event) => {
    if (!event.target.matches("input.finding-comment")) return;
    const id = Number(event.target.closest("li.finding").dataset.finding);
    act({op: "decide", finding: id, verdict: view.findings.get(id).verdict, comment: event.target.value});
  });
}

/** Give a finding a verdict; pressing the verdict it already has takes it back. */
function decide(id, verdict, toggle) {
  const finding = view.findings.get(id);
  if (!finding) return;
  const next = toggle && finding.verdict === verdict ? null : verdict;
  act({op: "decide", finding: id, verdict: next, comment: finding.comment});
}

// --- Keys --------------------------------------------------------------------

/** The findings the filters show, in the order of the beads. */
function shownFindings() {
  const ids = [];
  view.rows.forEach((row, index) => {
    if (row.hidden) return;
    for (const finding of beadFindings(view.state.beads[index])) {
      const item = row.querySelector(`li.finding[data-finding="${finding.id}"]`);
      if (item && !item.hidden && !ids.includes(finding.id)) ids.push(finding.id);
    }
  });
  return ids;
}

function setCurrent(id, scroll = true) {
  for (const item of document.querySelectorAll("li.finding.current")) item.classList.remove("current");
  view.current = id;
  const index = view.state.beads.findIndex((bead) => bead.findings.includes(id));
  if (index < 0) return;
  const item = view.rows[index].querySelector(`li.finding[data-finding="${id}"]`);
  if (item) item.classList.add("current");
  if (view.selected !== index) select(index, false);
  if (scroll) view.rows[index].scrollIntoView({block: "center"});
}

function step(direction) {
  const ids = shownFindings();
  if (!ids.length) return;
  const at = ids.indexOf(view.current);
  const next = at < 0 ? (direction > 0 ? 0 : ids.length - 1) : (at + direction + ids.length) % ids.length;
  setCurrent(ids[next]);
}

function onKey(event) {
  const typing = event.target.closest("input, textarea, select");
  const key = event.key.toLowerCase();
  if ((event.ctrlKey || event.metaKey) && key === "z" && !typing) {
    event.preventDefault();
    act({op: event.shiftKey ? "redo" : "undo"});
    return;
  }
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  const commands = {
    j: () => step(1), n: () => step(1), k: () => step(-1), p: () => step(-1),
    a: () => view.current !== null && decide(view.current, "accepted", false),
    d: () => view.current !== null && decide(view.current, "dismissed", false),
    x: () => view.selected !== null &&
      act({op: "check", bead: view.selected, checked: !view.state.beads[view.selected].checked}),
  };
  if (commands[key]) {
    event.preventDefault();
    commands[key]();
  }
}

// --- Export ------------------------------------------------------------------

async function exportFiles() {
  say("Exporting…");
  try {
    const {status, data} = await send("export", {});
    if (status !== 200) {
      say(data.error || `error ${status}`, true);
      return;
    }
    say(`Exported into ${data.folder}: ${data.files.join(", ")}`);
  } catch (error) {
    say(`The server did not answer (${error.message}): is aligner review still running?`, true);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  view.actions = $("actions");
  // A bead brought into view must not land under the sticky bar.
  document.documentElement.style.scrollPaddingTop = `${$("bar").offsetHeight + 8}px`;
  bindActions();
  bindRows();
  document.addEventListener("keydown", onKey);
  load();
});
