/**
 * Compact tables of numbers that a sentence would otherwise list: a `summary` table of an
 * experiment (experiments/seedTables.ts: median and range over seeds, one row per replicate and
 * quantity) as one row per quantity and one column per replicate.
 */
import type {Row} from "./metricCurves.js";

/** How to print each quantity (steps as integers, ranks with 2 decimals, errors with 4). */
export function formatQuantity(key: string, value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  if (/step/i.test(key)) return Math.round(value).toLocaleString("en-US");
  if (/error/i.test(key)) return value.toFixed(4);
  if (/jumps|signatures/i.test(key)) return String(Math.round(value * 10) / 10);
  return value.toFixed(2);
}

/**
 * One row per quantity, one column per replicate: "median [min – max] (n)". `labels` maps replicate
 * ids to column titles (in column order).
 */
export function seedSummaryTable(rows: readonly Row[], labels: Record<string, string>): HTMLTableElement {
  const table = document.createElement("table");
  table.className = "summary-table";
  const head = table.createTHead().insertRow();
  for (const name of ["Over the seeds: median [range]", ...Object.values(labels)]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = name;
    head.append(th);
  }
  const body = table.createTBody();
  const quantities = [...new Map(rows.map((row) => [String(row.quantity), String(row.label)])).entries()];
  for (const [quantity, label] of quantities) {
    const tr = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = label;
    tr.append(th);
    for (const replicate of Object.keys(labels)) {
      const row = rows.find((r) => r.replicate === replicate && r.quantity === quantity);
      const cell = tr.insertCell();
      if (!row) continue;
      const f = (v: unknown) => formatQuantity(quantity, Number(v));
      cell.textContent = Number(row.count)
        ? `${f(row.median)} [${f(row.min)} – ${f(row.max)}]${Number(row.count) < Number(row.seeds) ? ` (${row.count} of ${row.seeds} seeds)` : ""}`
        : `none of ${row.seeds} seeds`;
    }
  }
  return table;
}
