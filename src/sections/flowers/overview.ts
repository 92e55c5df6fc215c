/**
 * The flowers page's frame (experiment `flowers`): whether the runs exist, how the runs are named,
 * X's spectrum, and the notice shown when Flowers102 was not on the build machine.
 */
import {dataReference, type DataReferenceView, type ExperimentTable} from "../../components/experimentTables.js";
import type {Row} from "../../components/metricCurves.js";

export type FlowerTables = Record<
  "runs" | "trajectories" | "plateaus" | "reference" | "snapshots" | "reconstructions" | "structure" | "findings",
  ExperimentTable
>;

const solverNames: Record<string, string> = {mu: "MU", hals: "HALS", adam: "Adam", deep: "Deep (20, 10)"};

/** The name of a run in the figures: the solver, or the Deep NMF with its start when it is not [0, 1). */
export function runName(run: Row | undefined): string {
  if (!run) return "?";
  const model = String(run.model);
  if (model === "deep" && run.initScale !== 1) return `Deep (20, 10) from [0, ${run.initScale})`;
  return solverNames[model] ?? model;
}

/** What the page's text reads: whether the runs are absent, X's spectrum, and the rank of the flat solvers. */
export function overview(tables: Pick<FlowerTables, "runs" | "reference">): {
  absent: boolean;
  reference: DataReferenceView | undefined;
  rank: number;
} {
  const runs = tables.runs.rows;
  if (runs.length === 0) return {absent: true, reference: undefined, rank: 10};
  return {
    absent: false,
    reference: dataReference(tables.reference, String(runs[0].data)),
    rank: Number(runs.find((r) => r.model !== "deep")?.r1 ?? 10)
  };
}

/** The Deep NMF runs, and the one from the study's start (uniform [0, 1)), else the first. */
export function deepRuns(tables: {runs: ExperimentTable}): {runs: Row[]; headline: Row | undefined} {
  const runs = tables.runs.rows.filter((r) => r.model === "deep");
  return {runs, headline: runs.find((r) => r.initScale === 1) ?? runs[0]};
}

/** Without the dataset the page says why (the reason comes from the experiment) and how to get it. */
export function absentNotice(runs: ExperimentTable): HTMLElement {
  const notice = document.createElement("div");
  notice.className = "notice";
  notice.id = "flowers-absent";
  notice.dataset.noFigure = "";
  const title = document.createElement("p");
  title.innerHTML = "<b>Flowers102 is not on this machine</b>, so this build has no flower figures.";
  const reason = document.createElement("p");
  reason.textContent = runs.meta.reason ?? "The flowers experiment did not run.";
  const how = document.createElement("p");
  how.innerHTML = "To get the data (330 MB, checked against the published md5 sums) and rebuild:";
  const command = document.createElement("pre");
  command.textContent = "npx nmf fetch --dataset flowers102\nnpm run build";
  const other = document.createElement("p");
  other.innerHTML =
    "Or point <code>NMF_FLOWERS102_DIR</code> at a folder holding <code>jpg/</code>, <code>imagelabels.mat</code> and <code>setid.mat</code> before building.";
  notice.append(title, reason, how, command, other);
  return notice;
}
