"use strict";

/** Each finding of the list by element id, with what the filters test. */
function readFindings() {
  const findings = new Map();
  for (const item of document.querySelectorAll("#findings li")) {
    findings.set(item.id, {item, kind: item.dataset.kind, severity: item.dataset.severity, visible: true});
  }
  return findings;
}

/** The values of the checked boxes of one filter ("kind" or "severity"). */
function checkedValues(filter) {
  const boxes = document.querySelectorAll(`input[data-filter="${filter}"]:checked`);
  return new Set(Array.from(boxes, (box) => box.value));
}

/** The most serious severity among some findings. */
function worstSeverity(findings) {
  const order = ["high", "medium", "low"];
  return order[Math.min(...findings.map((finding) => order.indexOf(finding.severity)))];
}

/** The visible findings an element (bead row or highlight) stands for. */
function shownFindings(element, findings) {
  return element.dataset.findings.split(" ").map((id) => findings.get(id)).filter((f) => f && f.visible);
}

/** Show the findings, highlights and rows that the checkboxes select, and no others. */
function applyFilters(findings) {
  const kinds = checkedValues("kind");
  const severities = checkedValues("severity");
  for (const finding of findings.values()) {
    finding.visible = kinds.has(finding.kind) && severities.has(finding.severity);
    finding.item.hidden = !finding.visible;
  }
  for (const element of document.querySelectorAll("#beads [data-findings]")) {
    const shown = shownFindings(element, findings);
    element.classList.toggle("off", shown.length === 0);
    if (element.tagName === "BUTTON") element.disabled = shown.length === 0;
    if (shown.length) element.dataset.sev = worstSeverity(shown);
  }
  document.body.classList.toggle("only-flagged", document.getElementById("only-flagged").checked);
}

/** Open the details panel with the reasons behind one highlight. */
function showDetails(button, findings) {
  const panel = document.getElementById("details");
  const copies = shownFindings(button, findings).map((finding) => {
    const copy = finding.item.cloneNode(true);
    copy.removeAttribute("id");
    return copy;
  });
  panel.querySelector("ul").replaceChildren(...copies);
  panel.hidden = false;
  panel.opener = button;
  // Moving focus into the panel lets keyboard and screen-reader users read it at once.
  panel.querySelector("h2").focus();
}

/** Close the details panel and give focus back to the highlight that opened it. */
function hideDetails() {
  const panel = document.getElementById("details");
  if (panel.hidden) return;
  panel.hidden = true;
  if (panel.opener) panel.opener.focus();
}

/** First and one-past-last sentence id of a bead side, from its "3,4" attribute; null when empty. */
function idRange(ids) {
  if (!ids) return null;
  const numbers = ids.split(",").map(Number);
  return [Math.min(...numbers), Math.max(...numbers) + 1];
}

/** The beads as sentence-id ranges, read from the table rows so that the data is not embedded twice. */
function readBeads() {
  return Array.from(document.querySelectorAll("#beads tbody tr"), (row) => ({
    row, src: idRange(row.dataset.src), tgt: idRange(row.dataset.tgt),
  }));
}

/** RGBA of a similarity byte (0 = -1, 255 = 1): white for unrelated, dark blue for similar. */
function shade(value) {
  const t = Math.max(0, value - 128) / 127;
  return [255 - t * 235, 255 - t * 205, 255 - t * 120, 255];
}

/** Paint the pooled similarity cells, one block of scale x scale pixels per cell. */
function drawCells(context, data) {
  const bytes = Uint8Array.from(atob(data.cells), (c) => c.charCodeAt(0));
  const image = new ImageData(data.cols, data.rows);
  bytes.forEach((value, index) => image.data.set(shade(value), index * 4));
  // putImageData ignores scaling: paint at one pixel per cell, then enlarge without smoothing.
  const small = document.createElement("canvas");
  small.width = data.cols;
  small.height = data.rows;
  small.getContext("2d").putImageData(image, 0, 0);
  context.imageSmoothingEnabled = false;
  context.drawImage(small, data.margin, data.margin, data.cols * data.scale, data.rows * data.scale);
}

/** Draw the chosen path over the cells and tick unmatched sentences in the margins. */
function drawPath(context, data, beads) {
  const x = (tgt) => data.margin + (tgt / data.tgtStep) * data.scale;
  const y = (src) => data.margin + (src / data.srcStep) * data.scale;
  context.strokeStyle = "#ff7a00";
  context.lineWidth = 2;
  context.beginPath();
  for (const bead of beads.filter((b) => b.src && b.tgt)) {
    context.lineTo(x(bead.tgt[0]), y(bead.src[0]));
    context.lineTo(x(bead.tgt[1]), y(bead.src[1]));
  }
  context.stroke();
  context.fillStyle = "#d00020";
  for (const bead of beads) {
    if (bead.src && !bead.tgt) {
      context.fillRect(0, y(bead.src[0]), data.margin - 2, Math.max(2, y(bead.src[1]) - y(bead.src[0])));
    } else if (bead.tgt && !bead.src) {
      context.fillRect(x(bead.tgt[0]), 0, Math.max(2, x(bead.tgt[1]) - x(bead.tgt[0])), data.margin - 2);
    }
  }
}

/** Scroll to the bead under a click on the picture: a target bead in the top strip, else a source one. */
function goToBead(event, data, beads) {
  const box = event.target.getBoundingClientRect();
  const column = Math.floor((event.clientX - box.left - data.margin) / data.scale) * data.tgtStep;
  const row = Math.floor((event.clientY - box.top - data.margin) / data.scale) * data.srcStep;
  const [side, id] = row < 0 ? ["tgt", column] : ["src", row];
  const bead = beads.find((b) => b[side] && b[side][1] > id);
  if (bead) bead.row.scrollIntoView({block: "center"});
}

/** Draw the alignment picture when the page has one. */
function drawPicture() {
  const canvas = document.getElementById("picture");
  if (!canvas) return;
  const data = Object.fromEntries(Object.entries(canvas.dataset).map(([k, v]) => [k, k === "cells" ? v : +v]));
  const beads = readBeads();
  const context = canvas.getContext("2d");
  drawCells(context, data);
  drawPath(context, data, beads);
  canvas.addEventListener("click", (event) => goToBead(event, data, beads));
}

/** Wire the filters, the highlights and the details panel. */
function main() {
  const findings = readFindings();
  for (const box of document.querySelectorAll("#filters input")) {
    box.addEventListener("change", () => applyFilters(findings));
  }
  document.getElementById("beads").addEventListener("click", (event) => {
    const button = event.target.closest("button.hl");
    if (button) showDetails(button, findings);
  });
  document.getElementById("details-close").addEventListener("click", hideDetails);
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") hideDetails(); });
  applyFilters(findings);
  drawPicture();
}

main();
