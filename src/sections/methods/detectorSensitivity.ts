/**
 * The methods page's sensitivity of the plateau detector: each setting moved up and down, the others
 * at their defaults, with the suite's scores and what the detector then finds on the headline runs.
 * Read from the `plateau-detector` experiment's `sensitivity` table (one row per variant and run).
 */
import type {ExperimentTable} from "../../components/experimentTables.js";
import {inputsTable} from "../../components/inputsTable.js";
import type {Row} from "../../components/metricCurves.js";
import {percent, plural, rate} from "./plateauDetector.js";

function configuration(sensitivity: ExperimentTable): {headlineSeeds: number[]; replicates: number} {
  const config = sensitivity.meta.configuration as {
    headlineSeeds: number[];
    suite: {sensitivityReplicates: number};
  };
  return {headlineSeeds: config.headlineSeeds, replicates: config.suite.sensitivityReplicates};
}

/** "−50 %" or "+50 %". */
function signedPercent(change: number): string {
  return `${change > 0 ? "+" : "−"}${percent(Math.abs(change))}`;
}

/** "defaults", or the setting with its change and value: "penalty +50 % (4.5)". */
export function variantName(r: Row): string {
  return r.setting === "defaults" ? "defaults" : `${r.setting} ${signedPercent(Number(r.change))} (${r.value})`;
}

/** The changes tried, increasing: "−50 % and +50 %". */
export function settingMoves(sensitivity: ExperimentTable): string {
  const changes = sensitivity.rows.map((r) => Number(r.change)).filter((c) => c !== 0);
  return [...new Set(changes)]
    .sort((a, b) => a - b)
    .map(signedPercent)
    .join(" and ");
}

/** "3 seeds": the suite's seeds per cell in the sensitivity runs. */
export function sensitivitySeeds(sensitivity: ExperimentTable): string {
  return plural(configuration(sensitivity).replicates, "seed");
}

/** "seed 112, seed 113": the headline runs the variants are run on. */
export function headlineRuns(sensitivity: ExperimentTable): string {
  return configuration(sensitivity)
    .headlineSeeds.map((s) => `seed ${s}`)
    .join(", ");
}

/** The runs of the table, in table order, and the first headline run (the selector's start). */
export function sensitivityRuns(sensitivity: ExperimentTable): {runs: string[]; first: string} {
  const runs = [...new Set(sensitivity.rows.map((r) => String(r.run)))];
  return {runs, first: `seed-${configuration(sensitivity).headlineSeeds[0]}`};
}

/** One row per variant of the detector: the suite's scores (shared by its runs) and its findings summed over runs. */
export function sensitivityTable(sensitivity: ExperimentTable): HTMLElement {
  const variants = [...new Set(sensitivity.rows.map(variantName))].map((name) => {
    const rows = sensitivity.rows.filter((r) => variantName(r) === name);
    return {
      setting: name,
      "suite precision": rate(rows[0].suitePrecision),
      "suite recall": rate(rows[0].suiteRecall),
      "plateaus per run": rows.map((r) => r.plateaus).join(", "),
      "zero-width": rows.reduce((n, r) => n + Number(r.zeroWidthJumps), 0),
      "same level": rows.reduce((n, r) => n + Number(r.sameLevelNeighbours), 0)
    };
  });
  return inputsTable(variants, {
    layout: "auto",
    select: false,
    rows: variants.length + 1,
    align: {"suite precision": "right", "suite recall": "right", "zero-width": "right", "same level": "right"}
  });
}

/** The plateaus one run shows under each variant: how many, and their steps and levels. */
export function runSensitivityTable(sensitivity: ExperimentTable, run: string): HTMLElement {
  const rows = sensitivity.rows.filter((r) => r.run === run);
  return inputsTable(
    rows.map((r) => ({setting: variantName(r), plateaus: r.plateaus, "steps and levels": r.summary || "none"})),
    {layout: "auto", select: false, rows: rows.length + 1, align: {plateaus: "right"}}
  );
}

/** The numbers of the sentence under the tables: what the defaults find, and the extremes over every variant. */
export function sensitivityFacts(sensitivity: ExperimentTable): {
  defaults: string;
  zeroWidth: number;
  sameLevel: number;
  fewestPlateaus: number;
  mostPlateaus: number;
  precision: string;
  recall: string;
} {
  const rows = sensitivity.rows;
  const sum = (key: string) => rows.reduce((n, r) => n + Number(r[key]), 0);
  const plateaus = rows.map((r) => Number(r.plateaus));
  return {
    defaults: rows
      .filter((r) => r.setting === "defaults")
      .map((r) => `${r.run}, ${r.plateaus} plateaus (${r.summary || "none"})`)
      .join("; "),
    zeroWidth: sum("zeroWidthJumps"),
    sameLevel: sum("sameLevelNeighbours"),
    fewestPlateaus: Math.min(...plateaus),
    mostPlateaus: Math.max(...plateaus),
    precision: rate(Math.min(...rows.map((r) => Number(r.suitePrecision)))),
    recall: rate(Math.min(...rows.map((r) => Number(r.suiteRecall))))
  };
}
