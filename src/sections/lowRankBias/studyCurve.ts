/**
 * "The effective rank climbs in plateaus": the study's description of its headline curve, quantity by
 * quantity, beside the median over our seeds on MNIST (experiment `plateaus`, its `summary` table) and the
 * verdict of the claim that judges that quantity (its `verdicts` table, computed in experiments/claims/).
 * Nothing here judges: a table of what the text would otherwise list.
 */
import {formatQuantity} from "../../components/summaryTable.js";
import {mainReplicate, verdictBadge} from "../../components/verdicts.js";
import type {Row} from "../../components/metricCurves.js";
import type {Headline} from "./headline.js";

/** What the study said of its curve (docs/study.md), with the summary quantity and the claim that judge it. */
export const studyCurve: readonly {quantity: string; study: string; claim: string}[] = [
  {quantity: "peak", study: "rises fast to about 3", claim: "rise-sag"},
  {quantity: "sag", study: "sags to about 2", claim: "rise-sag"},
  {quantity: "markedJumps", study: "climbs in steps, with marked jumps", claim: "staircase"},
  {quantity: "jump1Step", study: "a jump near 12,000 epochs", claim: "late-jumps"},
  {quantity: "jump2Step", study: "a jump near 14,000 epochs", claim: "late-jumps"},
  {quantity: "final", study: "ends at about 7.5, below the bound of 10", claim: "final-level"}
];

/** "median [min – max]" over the seeds, as seedSummaryTable prints it, or "none of n seeds". */
export function medianCell(row: Row | undefined, quantity: string): string {
  if (!row) return "n/a";
  const f = (value: unknown) => formatQuantity(quantity, Number(value));
  if (!Number(row.count)) return `none of ${row.seeds} seeds`;
  const some = Number(row.count) < Number(row.seeds) ? ` (${row.count} of ${row.seeds} seeds)` : "";
  return `${f(row.median)} [${f(row.min)} – ${f(row.max)}]${some}`;
}

/**
 * One row per statement of the study about its curve: the statement, our quantity over the seeds on
 * MNIST, and the verdict of its claim; then X's effective rank, the study's 284.12 beside ours and that of
 * X's best rank-`endRank` approximation (facts, without verdict).
 */
export function studyCurveTable(
  summary: readonly Row[],
  verdicts: readonly Row[],
  headline: Pick<Headline, "reference" | "endRank" | "truncatedEffectiveRank">
): HTMLTableElement {
  const table = document.createElement("table");
  table.className = "summary-table study-curve";
  const head = table.createTHead().insertRow();
  for (const name of ["The study's curve", "Ours on MNIST: median [range] over the seeds", "Verdict on MNIST"]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = name;
    head.append(th);
  }
  const body = table.createTBody();
  const addRow = (statement: string, ours: string, verdict?: Row) => {
    const tr = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = statement;
    tr.append(th);
    tr.insertCell().textContent = ours;
    const cell = tr.insertCell();
    if (verdict) cell.append(verdictBadge(String(verdict.verdict)));
    else cell.textContent = "—";
  };
  for (const {quantity, study, claim} of studyCurve) {
    const row = summary.find((r) => r.replicate === mainReplicate && r.quantity === quantity);
    const label = row ? `: ${row.label}` : "";
    const verdict = verdicts.find((r) => r.replicate === mainReplicate && r.claim === claim);
    addRow(`${study}${label}`, medianCell(row, quantity), verdict);
  }
  addRow("effective rank of X (the study's X: 284.12)", headline.reference.effectiveRank.toFixed(2));
  addRow(
    `effective rank of X's best rank-${headline.endRank} approximation`,
    headline.truncatedEffectiveRank.toFixed(2)
  );
  return table;
}
