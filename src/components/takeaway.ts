/**
 * A section's takeaway in one sentence, read from an experiment's `verdicts` table (experiments/claims/
 * judges the claims; nothing here judges anything): one claim's verdict on MNIST and on its replications,
 * or, for several claims, how many of them got each verdict. The verdict words are coloured and written
 * out, as in claimVerdicts, which gives the rule and the measured values below it.
 */
import type {Row} from "./metricCurves.js";
import {formatQuantity} from "./summaryTable.js";
import {mainReplicate, ofReplicate, sentenceLead, verdictBadge} from "./verdicts.js";

const verdictOrder = ["agrees", "partly", "disagrees", "untested"];

/** "1 agrees", "2 agree", "3 partly agree", "1 disagrees", "4 untested". */
export function countPhrase(verdict: string, count: number): string {
  const singular = count === 1;
  const words: Record<string, string> = {
    agrees: singular ? "agrees" : "agree",
    partly: singular ? "partly agrees" : "partly agree",
    disagrees: singular ? "disagrees" : "disagree",
    untested: "untested"
  };
  return `${count} ${words[verdict] ?? verdict}`;
}

/**
 * One sentence about the claims `claims` (ids; every claim of the replicate when omitted): for one
 * claim, its verdict on the main replicate, then each replication's, then the claim itself; for several,
 * the count of each verdict on the main replicate. A span, to sit in a paragraph of prose.
 */
export function claimTakeaway(
  rows: readonly Row[],
  {claims, replicate = mainReplicate}: {claims?: readonly string[]; replicate?: string} = {}
): HTMLSpanElement {
  const span = document.createElement("span");
  span.className = "takeaway";
  const main = ofReplicate(rows, replicate);
  const chosen = claims ? main.filter((row) => claims.includes(String(row.claim))) : main;
  if (!chosen.length) {
    span.textContent = "No claim of this section is in the verdicts table.";
    return span;
  }
  const label = String(chosen[0].replicateLabel ?? replicate);
  if (chosen.length === 1) {
    const [row] = chosen;
    const others = rows.filter((r) => r.claim === row.claim && r.experiment === row.experiment && r !== row);
    // Worded as the verdict paragraph below words it ("Not judged" for runs that had not converged).
    const verdict = String(row.verdict);
    span.append(
      verdictBadge(verdict, sentenceLead(String(row.sentence ?? "")) ?? capitalized(verdict)),
      ` on ${label}`
    );
    if (others.length) {
      span.append(" (replications: ");
      others.forEach((other, k) => {
        if (k) span.append("; ");
        span.append(verdictBadge(String(other.verdict)), ` on ${other.replicateLabel}`);
      });
      span.append(")");
    }
    span.append(`: ${String(row.statement)}`);
    return span;
  }
  span.append(`Of the ${chosen.length} claims of this section, on ${label}: `);
  const counts = verdictOrder
    .map((verdict) => [verdict, chosen.filter((row) => row.verdict === verdict).length] as const)
    .filter(([, count]) => count > 0);
  counts.forEach(([verdict, count], k) => {
    if (k) span.append(k === counts.length - 1 ? " and " : ", ");
    span.append(verdictBadge(verdict, countPhrase(verdict, count)));
  });
  span.append(".");
  return span;
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * One measured number of an experiment's `summary` table (experiments/seedTables.ts: median and range over
 * the seeds) as a sentence: "The final effective rank on MNIST is 2.39 (median of 4 seeds, range 2.31 – 2.44)."
 * Reports, judges nothing; a quantity missing from the table is said to be missing.
 */
export function summaryTakeaway(
  rows: readonly Row[],
  quantity: string,
  {replicate = mainReplicate, replicateLabel = "MNIST"}: {replicate?: string; replicateLabel?: string} = {}
): string {
  const row = rows.find((r) => r.replicate === replicate && r.quantity === quantity);
  if (!row) return `The summary table has no ${quantity} on ${replicateLabel}.`;
  const label = capitalized(String(row.label));
  const seeds = Number(row.seeds);
  const count = Number(row.count);
  if (!count) return `${label} on ${replicateLabel}: none of the ${seeds} seeds has one.`;
  const f = (value: unknown) => formatQuantity(quantity, Number(value));
  const over = count < seeds ? `${count} of ${seeds} seeds` : `${count} seed${count === 1 ? "" : "s"}`;
  const range = count > 1 ? `, range ${f(row.min)} – ${f(row.max)}` : "";
  return `${label} on ${replicateLabel}: ${f(row.median)} (median of ${over}${range}).`;
}
