/**
 * The theory page's summary: one sentence counting the verdicts on MNIST and on each replication, and
 * the table of every claim with a link to the section that shows it. The verdicts are read from the
 * experiments' `verdicts` tables (experiments/claims/ computes them); nothing here judges.
 */
import type {ExperimentTable} from "../../components/experimentTables.js";
import type {Row} from "../../components/metricCurves.js";
import {mainReplicate, verdictCounts, verdictTable, type VerdictSection} from "../../components/verdicts.js";

/** The page's sections, by experiment: the summary table links each claim to its section. */
export const theorySections: Record<string, VerdictSection> = {
  "mode-timing": {title: "1. Order and timing", anchor: "mode-timing"},
  "init-scale": {title: "2. Init scale", anchor: "init-scale"},
  "depth-scaling": {title: "3. Depth", anchor: "depth"},
  optimizers: {title: "4. Optimizer", anchor: "optimizers"},
  "plateau-heights": {title: "5. Plateau heights", anchor: "plateau-heights"},
  denoising: {title: "6. Early stopping", anchor: "denoising"},
  "spectral-gaps": {title: "7. Spectral gaps", anchor: "spectral-gaps"}
};

const quickNote =
  ": fewer images and steps than the default build, and most replications not run; rebuild with NMF_PROFILE=default for the page's intended scale";

function countText(counts: Record<string, number>): string {
  return `${counts.agrees} agree, ${counts.partly} agree in part, ${counts.disagrees} disagree and ${counts.untested} are not judged`;
}

/** Every verdict row of the experiments' verdicts tables, in table order. */
export function verdictRows(verdictTables: readonly ExperimentTable[]): Row[] {
  return verdictTables.flatMap((table) => table.rows);
}

/**
 * "Of the 14 predictions tested here, on MNIST 5 agree, ...; on Fashion-MNIST, ... (profile quick: ...)."
 * The replicates in table order, MNIST first; the profile is the first table's.
 */
export function verdictSummary(verdictTables: readonly ExperimentTable[]): string {
  const rows = verdictRows(verdictTables);
  const replicates = [...new Map(rows.map((row) => [String(row.replicate), String(row.replicateLabel)])).entries()];
  const claimCount = rows.filter((row) => row.replicate === mainReplicate).length;
  const others = replicates
    .filter(([id]) => id !== mainReplicate)
    .map(([id, label]) => `; on ${label}, ${countText(verdictCounts(rows, id))}`)
    .join("");
  const profile = verdictTables[0]?.meta.profile ?? "unknown";
  const note = profile === "quick" ? quickNote : "";
  return `Of the ${claimCount} predictions tested here, on MNIST ${countText(verdictCounts(rows))}${others} (profile ${profile}${note}).`;
}

/** The summary table: one row per claim, one column per replicate, each claim linked to its section. */
export function summaryTable(verdictTables: readonly ExperimentTable[]): HTMLTableElement {
  return verdictTable(verdictRows(verdictTables), {sections: theorySections});
}
