/**
 * The home page's numbers about the MNIST matrix, as a table instead of a sentence: its size and
 * provenance (the plateaus experiment's metadata) and its spectrum's summaries (its reference table).
 */
import {formatInteger} from "../../components/caption.js";
import type {DataReferenceView, ExperimentMeta} from "../../components/experimentTables.js";

/** One row per number: what it is and its value, for inputsTable. */
export function dataRows(
  data: ExperimentMeta["data"][number] | undefined,
  reference: Pick<DataReferenceView, "data" | "effectiveRank" | "stableRank" | "eckartYoung">
): {quantity: string; value: string}[] {
  const bound = (rank: number) =>
    rank <= reference.eckartYoung.length ? reference.eckartYoung[rank - 1].toFixed(3) : "n/a";
  return [
    {quantity: "digits (rows, m)", value: data ? formatInteger(data.m) : "n/a"},
    {quantity: "pixels (columns, n)", value: data ? formatInteger(data.n) : "n/a"},
    {
      quantity: "source",
      value: data
        ? `${reference.data}: ${data.source}${data.dataSeed === undefined ? "" : `, data seed ${data.dataSeed}`}`
        : reference.data
    },
    {quantity: "effective rank", value: reference.effectiveRank.toFixed(1)},
    {quantity: "stable rank", value: reference.stableRank.toFixed(2)},
    {quantity: "lowest relative error of a rank-10 matrix (Eckart–Young)", value: bound(10)},
    {quantity: "lowest relative error of a rank-20 matrix (Eckart–Young)", value: bound(20)}
  ];
}
