import type {TableData} from "../types.js";
import type {VerdictRow} from "./claim.js";

/**
 * The `verdicts` table of an experiment: one row per claim and replicate, columns experiment, claim,
 * replicate, replicateLabel, statement, source, tag, quantity, runs (utf8); measured, predicted
 * (float64); expected, rule, verdict, sentence (utf8); runsUsed, runsConverged (int32); others (utf8).
 */
export function verdictsTable(rows: readonly VerdictRow[]): TableData {
  const text = (key: keyof VerdictRow) => rows.map((row) => String(row[key]));
  return {
    columns: {
      experiment: text("experiment"),
      claim: text("claim"),
      replicate: text("replicate"),
      replicateLabel: text("replicateLabel"),
      statement: text("statement"),
      source: text("source"),
      tag: text("tag"),
      quantity: text("quantity"),
      runs: text("runs"),
      measured: Float64Array.from(rows, (row) => row.measured),
      predicted: Float64Array.from(rows, (row) => row.predicted),
      expected: text("expected"),
      rule: text("rule"),
      verdict: text("verdict"),
      sentence: text("sentence"),
      runsUsed: Int32Array.from(rows, (row) => row.runsUsed),
      runsConverged: Int32Array.from(rows, (row) => row.runsConverged),
      others: text("others")
    }
  };
}
