/**
 * The theory page's verdicts, read from the experiments' `verdicts` tables (experiments/theory/
 * verdicts.ts computes them from the runs; nothing here is typed by hand): a summary table of every
 * prediction, and the verdict sentences under each figure. The verdict word is coloured
 * (agrees green, partly amber, disagrees red, untested grey) and also written out, so colour is
 * never the only signal.
 */
import type {Row} from "./metricCurves.js";

export const verdictColors: Record<string, string> = {
  agrees: "#2b8a3e",
  partly: "#b35c00",
  disagrees: "#c92a2a",
  untested: "#868e96"
};

const verdictWords: Record<string, string> = {
  agrees: "agrees",
  partly: "partly",
  disagrees: "disagrees",
  untested: "untested"
};

/** The verdict word as a coloured span. */
export function verdictBadge(verdict: string): HTMLSpanElement {
  const span = document.createElement("span");
  span.className = `theory-verdict theory-verdict-${verdict}`;
  span.style.color = verdictColors[verdict] ?? "inherit";
  span.style.fontWeight = "600";
  span.textContent = verdictWords[verdict] ?? verdict;
  return span;
}

/** The sentences of one experiment's verdicts, one paragraph each, the verdict word coloured. */
export function verdictSentences(rows: readonly Row[]): HTMLElement {
  const box = document.createElement("div");
  box.className = "theory-verdicts";
  for (const row of rows) {
    const p = document.createElement("p");
    p.className = "evidence";
    const sentence = String(row.sentence);
    const colon = sentence.indexOf(": ");
    const head = document.createElement("strong");
    head.textContent = `${row.statement} `;
    const word = verdictBadge(String(row.verdict));
    word.textContent = colon > 0 ? sentence.slice(0, colon) : word.textContent;
    const rule = document.createElement("small");
    rule.textContent = row.rule ? ` Rule: ${row.rule}. Source: ${row.source}.` : ` Source: ${row.source}.`;
    p.append(head, document.createElement("br"), word, colon > 0 ? sentence.slice(colon) : ` ${sentence}`, rule);
    box.append(p);
  }
  return box;
}

/**
 * The summary: one row per prediction with its section, statement, tag, verdict and the measured
 * value with the predicted one. `sections` maps an experiment name to its section's title and anchor.
 */
export function verdictSummary(
  rows: readonly Row[],
  sections: Record<string, {title: string; anchor: string}>
): HTMLTableElement {
  const table = document.createElement("table");
  table.className = "theory-summary";
  const head = table.createTHead().insertRow();
  for (const name of ["Section", "Prediction", "Tag", "Verdict", "Measured (predicted)"]) {
    const th = document.createElement("th");
    th.textContent = name;
    th.scope = "col";
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    const section = sections[String(row.experiment)];
    const link = document.createElement("a");
    link.href = `#${section?.anchor ?? ""}`;
    link.textContent = section?.title ?? String(row.experiment);
    tr.insertCell().append(link);
    tr.insertCell().textContent = String(row.statement);
    tr.insertCell().textContent = String(row.tag);
    tr.insertCell().append(verdictBadge(String(row.verdict)));
    tr.insertCell().textContent = `${row.quantity}: ${formatMeasured(Number(row.measured))} (predicted ${row.expected})`;
  }
  return table;
}

export function formatMeasured(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5)) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

/** What a table's metadata says about its experiment, for captions. */
export interface ExperimentMetaLike {
  experiment: string;
  profile: string;
  data: {spec: string; m: number; n: number}[];
}

/** "Experiment mode-timing (profile default), data mnist:2000 (2,000 × 784)." */
export function experimentNote(meta: ExperimentMetaLike): string {
  const data = meta.data.map((d) => `${d.spec} (${d.m.toLocaleString("en-US")} × ${d.n.toLocaleString("en-US")})`);
  return `Experiment ${meta.experiment} (profile ${meta.profile}), data ${data.join(", ")}.`;
}

/** Counts of each verdict word, for the page's opening sentence. */
export function verdictCounts(rows: readonly Row[]): Record<string, number> {
  const counts: Record<string, number> = {agrees: 0, partly: 0, disagrees: 0, untested: 0};
  for (const row of rows) counts[String(row.verdict)] = (counts[String(row.verdict)] ?? 0) + 1;
  return counts;
}
