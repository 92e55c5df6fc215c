/**
 * The report's verdicts, read from the experiments' `verdicts` tables (experiments/claims/ computes
 * them from the runs with rules fixed in code; nothing here judges anything): each claim's MNIST
 * verdict with its sentence and its replications, and summary tables with one column per replicate.
 * The verdict word is coloured (agrees green, partly amber, disagrees red, untested grey) and also
 * written out, so colour is never the only signal.
 */
import type {Row} from "./metricCurves.js";

export const verdictColors: Record<string, string> = {
  agrees: "#25733a",
  partly: "#a34f00",
  disagrees: "#c92a2a",
  untested: "#5c636a"
};

/** The replicate every figure shows; the others are its replications. */
export const mainReplicate = "mnist";

/** The verdict word as a coloured span. */
export function verdictBadge(verdict: string, text = verdict): HTMLSpanElement {
  const span = document.createElement("span");
  span.className = `verdict verdict-${verdict}`;
  span.style.color = verdictColors[verdict] ?? "inherit";
  span.style.fontWeight = "600";
  span.textContent = text;
  return span;
}

/** The words a verdict sentence opens with, before its first ": " ("Not judged", "Agrees"), if any. */
export function sentenceLead(sentence: string): string | undefined {
  const colon = sentence.indexOf(": ");
  return colon > 0 ? sentence.slice(0, colon) : undefined;
}

/** The rows of one replicate, in table order. */
export function ofReplicate(rows: readonly Row[], replicate = mainReplicate): Row[] {
  return rows.filter((row) => row.replicate === replicate);
}

/**
 * One paragraph per claim: the statement, the MNIST verdict (or `replicate`'s) and its sentence, the
 * replications' verdicts with their measured values, then the rule and the source in small print.
 * `claims` restricts and orders the claims shown (by id).
 */
export function claimVerdicts(
  rows: readonly Row[],
  {claims, replicate = mainReplicate}: {claims?: readonly string[]; replicate?: string} = {}
): HTMLElement {
  const box = document.createElement("div");
  box.className = "claim-verdicts";
  const main = ofReplicate(rows, replicate);
  const chosen = claims ? claims.map((id) => main.find((row) => row.claim === id)).filter((r): r is Row => !!r) : main;
  for (const row of chosen) {
    const p = document.createElement("p");
    p.className = "evidence";
    const head = document.createElement("strong");
    head.textContent = `${row.statement} `;
    const sentence = String(row.sentence);
    const lead = sentenceLead(sentence);
    const word = verdictBadge(String(row.verdict), lead ?? String(row.verdict));
    p.append(head, document.createElement("br"), word, lead ? sentence.slice(lead.length) : ` ${sentence}`);
    const others = rows.filter((r) => r.claim === row.claim && r.experiment === row.experiment && r !== row);
    if (others.length) {
      p.append(document.createElement("br"), "Replications: ");
      others.forEach((other, k) => {
        if (k) p.append("; ");
        p.append(`${other.replicateLabel}: `, verdictBadge(String(other.verdict)), measuredNote(other));
      });
      p.append(".");
    }
    const small = document.createElement("small");
    small.textContent = ` Rule: ${row.rule}. Measured: ${row.quantity}. Source: ${row.source}.`;
    if (row.others) small.textContent += ` Beside it: ${row.others}.`;
    p.append(small);
    box.append(p);
  }
  return box;
}

/** " (0.75)" or " (0.75, 2 of 3 runs not converged)", nothing when there is no measurement. */
function measuredNote(row: Row): string {
  const value = Number(row.measured);
  if (!Number.isFinite(value)) return "";
  const unconverged = Number(row.runsUsed) - Number(row.runsConverged);
  return ` (${formatMeasured(value)}${unconverged > 0 ? `, ${unconverged} of ${row.runsUsed} runs not converged` : ""})`;
}

/** Where an experiment's claims are shown: a title, and an anchor on this page or a link to another. */
export interface VerdictSection {
  title: string;
  anchor?: string;
  href?: string;
}

/**
 * One row per claim, one column per replicate (verdict and measured value). `sections` maps an
 * experiment name to the section that shows it (a link in the first column).
 */
export function verdictTable(
  rows: readonly Row[],
  {sections}: {sections?: Record<string, VerdictSection>} = {}
): HTMLTableElement {
  const replicates = [...new Map(rows.map((row) => [String(row.replicate), String(row.replicateLabel)])).entries()];
  const table = document.createElement("table");
  table.className = "verdict-table";
  const head = table.createTHead().insertRow();
  for (const name of [...(sections ? ["Section"] : []), "Claim", "Source", ...replicates.map(([, label]) => label)]) {
    const th = document.createElement("th");
    th.textContent = name;
    th.scope = "col";
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of ofReplicate(rows)) {
    const tr = body.insertRow();
    if (sections) {
      const section = sections[String(row.experiment)];
      const link = document.createElement("a");
      link.href = section?.href ?? `#${section?.anchor ?? ""}`;
      link.textContent = section?.title ?? String(row.experiment);
      tr.insertCell().append(link);
    }
    tr.insertCell().textContent = String(row.statement);
    tr.insertCell().textContent = String(row.source);
    for (const [replicate] of replicates) {
      const cell = tr.insertCell();
      const match = rows.find(
        (r) => r.replicate === replicate && r.claim === row.claim && r.experiment === row.experiment
      );
      if (match) cell.append(verdictBadge(String(match.verdict)), measuredNote(match));
    }
  }
  return table;
}

/** Counts of each verdict word on one replicate. */
export function verdictCounts(rows: readonly Row[], replicate = mainReplicate): Record<string, number> {
  const counts: Record<string, number> = {agrees: 0, partly: 0, disagrees: 0, untested: 0};
  for (const row of ofReplicate(rows, replicate)) counts[String(row.verdict)] = (counts[String(row.verdict)] ?? 0) + 1;
  return counts;
}

/** Numbers in tables: 3 significant digits, exponent outside [1e-3, 1e5). */
export function formatMeasured(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5)) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}
