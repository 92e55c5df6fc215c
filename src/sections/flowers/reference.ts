/**
 * The flowers matrix's own numbers (experiment `flowers`, its reference table) as a table instead of a
 * sentence: its effective and stable ranks and the Eckart–Young bound at the flat solvers' rank.
 */
import type {DataReferenceView} from "../../components/experimentTables.js";
import {inputsTable} from "../../components/inputsTable.js";

/** One row per number: what it is and its value. */
export function referenceRows(
  reference: Pick<DataReferenceView, "effectiveRank" | "stableRank" | "eckartYoung">,
  rank: number
): {quantity: string; value: string}[] {
  const bound = rank >= 1 && rank <= reference.eckartYoung.length ? reference.eckartYoung[rank - 1].toFixed(4) : "n/a";
  return [
    {quantity: "effective rank of the flowers", value: reference.effectiveRank.toFixed(1)},
    {quantity: "stable rank of the flowers", value: reference.stableRank.toFixed(2)},
    {quantity: `lowest relative error of a rank-${rank} matrix (Eckart–Young)`, value: bound}
  ];
}

/** referenceRows as the page draws them. */
export function referenceTable(
  reference: Pick<DataReferenceView, "effectiveRank" | "stableRank" | "eckartYoung">,
  rank: number
): HTMLElement {
  return inputsTable(referenceRows(reference, rank), {layout: "auto", select: false});
}
