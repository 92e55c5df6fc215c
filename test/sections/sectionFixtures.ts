/**
 * Small experiment tables for the page sections' tests: rows as the decoded tables hold them, the
 * experiment's metadata, and reference tables built and decoded through Arrow as the build writes them.
 */
import {arrowFileBytes, makeArrowTable} from "../../io/arrow.js";
import {
  decodeExperimentTable,
  type ExperimentMeta,
  type ExperimentTable
} from "../../src/components/experimentTables.js";
import type {Row} from "../../src/components/metricCurves.js";

/** A decoded table with these rows (only pages' reads: rows, meta and shape). */
export function experimentTable(
  rows: Row[],
  {meta = {}, shape}: {meta?: Partial<ExperimentMeta>; shape?: [number, number, number]} = {}
): ExperimentTable {
  return {
    rows,
    meta: {
      experiment: "fixture",
      table: "fixture",
      profile: "quick",
      description: "",
      figures: "",
      configuration: {},
      data: [],
      ...meta
    },
    ...(shape ? {shape} : {}),
    table: makeArrowTable({})
  };
}

/** A reference table of one data matrix: singular values s and the relative Eckart–Young bounds they imply. */
export function referenceTable(data: string, s: number[]): ExperimentTable {
  const total = s.reduce((sum, v) => sum + v * v, 0);
  let captured = 0;
  const eckartYoung = s.map((v) => ((captured += v * v), (total - captured) / total));
  const bytes = arrowFileBytes(
    makeArrowTable(
      {
        data: s.map(() => data),
        index: Int32Array.from(s, (_, i) => i + 1),
        singularValue: Float64Array.from(s),
        eckartYoung: Float64Array.from(eckartYoung)
      },
      {
        "nmf.experiment": JSON.stringify({experiment: "fixture", table: "reference", profile: "quick", data: []}),
        "nmf.reference": JSON.stringify([
          {data, effectiveRank: 2, stableRank: 1.5, nuclearRatio: 1.7, frobeniusSquared: total}
        ])
      }
    )
  );
  return decodeExperimentTable(bytes);
}

/** The text of a figure a section renders at `width`. */
export function rendered(render: (width: number) => Node, width = 640): string {
  return render(width).textContent ?? "";
}
