/**
 * Small experiment tables for the low-rank bias page's section tests, written and read back as the
 * build writes them (Arrow IPC with the experiment's metadata), so that the sections see the same
 * rows, typed subarrays and metadata as on the site.
 */
import {arrowFileBytes, makeArrowTable} from "../../../io/arrow.js";
import {decodeExperimentTable, type ExperimentTable} from "../../../src/components/experimentTables.js";

type Columns = Parameters<typeof makeArrowTable>[0];

/** One table of `experiment`, with `extra` schema metadata (`shape`, `nmf.reference`). */
export function experimentTable(
  experiment: string,
  table: string,
  columns: Columns,
  extra: Record<string, string> = {},
  configuration: Record<string, unknown> = {}
): ExperimentTable {
  const meta = JSON.stringify({experiment, table, profile: "quick", data: [], configuration});
  return decodeExperimentTable(arrowFileBytes(makeArrowTable(columns, {"nmf.experiment": meta, ...extra})));
}

/** A reference table of one data matrix with singular values `values` (eckartYoung from them). */
export function referenceTable(experiment: string, data: string, values: number[], effectiveRank: number) {
  const total = values.reduce((s, v) => s + v * v, 0);
  const eckartYoung = values.map((_, k) => Math.sqrt(values.slice(k + 1).reduce((s, v) => s + v * v, 0) / total));
  return experimentTable(
    experiment,
    "reference",
    {
      data: values.map(() => data),
      index: Int32Array.from(values, (_, k) => k + 1),
      singularValue: Float64Array.from(values),
      eckartYoung: Float64Array.from(eckartYoung)
    },
    {
      "nmf.reference": JSON.stringify([{data, effectiveRank, stableRank: 1, nuclearRatio: 1, frobeniusSquared: total}])
    }
  );
}
