/** The Deep NMF page's depth sweep (experiment `depth`): the suffixes of the ranks (60, 40, 30, 20, 10). */
import {caption} from "../../components/caption.js";
import {runConfig, type DataReferenceView, type ExperimentTable} from "../../components/experimentTables.js";
import {metricCurves} from "../../components/metricCurves.js";
import {claimVerdicts} from "../../components/verdicts.js";

/** Error and effective rank at every depth and init family, against the Eckart–Young bound at rank 10. */
export function depthCurves(depth: Record<"runs" | "trajectories", ExperimentTable>, reference: DataReferenceView) {
  const runs = depth.runs.rows;
  const label = new Map(runs.map((r) => [r.run, `depth ${r.depth}, ${r.group} init`]));
  const rows = depth.trajectories.rows.map((row) => ({...row, depth: label.get(row.run)}));
  return (width: number) =>
    metricCurves(rows, {
      width,
      xType: "log",
      series: "depth",
      seriesLabel: "depth",
      seriesDomain: runs.map((r) => label.get(r.run)!),
      metrics: [
        {key: "relativeError", references: [{value: reference.eckartYoung[9], label: "Eckart–Young bound, rank 10"}]},
        "effectiveRank"
      ],
      caption: `Deep NMF of depth 1 to 5 (ranks: the last k of 60, 40, 30, 20, 10). ${caption(runs.map(runConfig))}`
    });
}

/** The literature's claim about depth, judged on the sweep. */
export function depthClaims(depth: {verdicts: ExperimentTable}): HTMLElement {
  return claimVerdicts(depth.verdicts.rows);
}
