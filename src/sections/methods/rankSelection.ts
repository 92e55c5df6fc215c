/**
 * The methods page's rank selection: the held-out error of MNIST against the rank beside the Eckart-Young
 * error, and what the rule chose at each step measured. Everything is read from the `rank-selection`
 * experiment's tables (experiments/rankSelection.ts, the engine's selectRank); nothing here selects or judges.
 */
import * as Plot from "@observablehq/plot";
import {experimentNote, type ExperimentTable} from "../../components/experimentTables.js";
import type {Row} from "../../components/metricCurves.js";
import {plotChart} from "../../components/plot.js";

export type RankSelectionTables = Record<"ranks" | "folds", ExperimentTable>;

interface Configuration {
  ranks: number[];
  folds: number;
  holdout: number;
  iterations: number;
  model: string;
  init: string;
  rule: string;
}

/** The experiment's configuration, as its tables state it. */
export function rankConfiguration(tables: RankSelectionTables): Configuration {
  return tables.ranks.meta.configuration as unknown as Configuration;
}

/** The steps measured, increasing (the last is the end of the fits). */
export function rankSteps(tables: RankSelectionTables): number[] {
  return [...new Set(tables.ranks.rows.map((r) => Number(r.step)))].sort((a, b) => a - b);
}

/** The rank the rule chose at each step measured. */
export function selectedRanks(tables: RankSelectionTables): {step: number; rank: number}[] {
  return tables.ranks.rows.filter((r) => r.selected).map((r) => ({step: Number(r.step), rank: Number(r.rank)}));
}

function atStep(tables: RankSelectionTables, step: number): Row[] {
  return tables.ranks.rows.filter((r) => Number(r.step) === step);
}

/** Held-out error (mean ± one standard error over the folds) at the first and the last step, error on the seen entries and the Eckart-Young error, against the rank. */
export function rankSelectionFigure(tables: RankSelectionTables, {width}: {width: number}) {
  const c = rankConfiguration(tables);
  const steps = rankSteps(tables);
  const first = steps[0],
    last = steps[steps.length - 1];
  const final = atStep(tables, last);
  const series = [
    ...atStep(tables, first).map((r) => ({...r, series: `held-out entries, step ${first}`, error: r.heldOutError})),
    ...final.map((r) => ({...r, series: `held-out entries, step ${last}`, error: r.heldOutError})),
    ...final.map((r) => ({...r, series: `seen entries, step ${last}`, error: r.trainError})),
    ...final.map((r) => ({...r, series: "Eckart-Young (truncated SVD of X)", error: r.eckartYoung}))
  ];
  const chosen = final.find((r) => r.selected)!;
  const bars = final.map((r) => ({
    ...r,
    low: Number(r.heldOutError) - Number(r.standardError),
    high: Number(r.heldOutError) + Number(r.standardError)
  }));
  return plotChart({
    width: Math.min(width, 720),
    height: 300,
    marginLeft: 60,
    x: {label: "Rank r", labelAnchor: "center", labelArrow: "none", grid: true, ticks: c.ranks},
    y: {label: "Relative error (share of ‖X‖²)", labelArrow: "none", grid: true},
    color: {legend: true, domain: [...new Set(series.map((s) => s.series))]},
    marks: [
      Plot.line(series, {x: "rank", y: "error", stroke: "series", strokeWidth: 1.5, className: "curve"}),
      Plot.dot(series, {x: "rank", y: "error", stroke: "series", r: 2.5}),
      Plot.ruleX(bars, {x: "rank", y1: "low", y2: "high", strokeWidth: 2}),
      Plot.ruleX([chosen], {x: "rank", stroke: "#d6336c", strokeWidth: 2, className: "marker"})
    ],
    data: {rows: series},
    ariaLabel: "Held-out error of MNIST against the rank, beside the Eckart-Young error",
    ariaDescription: `The rule chose rank ${chosen.rank} at step ${last}; held-out error ${Number(chosen.heldOutError).toFixed(3)} ± ${Number(chosen.standardError).toFixed(3)}.`,
    caption: `Relative error against the rank: on the held-out entries (mean over ${c.folds} folds of ${Math.round(100 * c.holdout)} % of the pixels each; bars: ± one standard error at step ${last}), on the entries the fits saw, and the Eckart-Young error ‖X − X_r‖² / ‖X‖² of the complete data, the least any rank-r matrix reaches. The red rule marks the rank chosen at step ${last}, ${chosen.rank}: ${c.rule}. Fits: ${c.model.toUpperCase()} from ${c.init}, ${last} iterations. ${experimentNote(tables.ranks.meta)}`
  });
}

/** The facts the text states, read from the tables. */
export function rankSelectionFacts(tables: RankSelectionTables) {
  const c = rankConfiguration(tables);
  const steps = rankSteps(tables);
  const last = steps[steps.length - 1];
  const final = atStep(tables, last);
  const best = final.reduce((a, b) => (Number(b.heldOutError) < Number(a.heldOutError) ? b : a));
  const chosen = selectedRanks(tables);
  const chosenLast = final.find((r) => r.selected)!;
  const firstStep = atStep(tables, steps[0]);
  const shifts = final.map((r) => {
    const early = firstStep.find((e) => Number(e.rank) === Number(r.rank));
    return early ? Math.abs(Number(early.heldOutError) - Number(r.heldOutError)) : 0;
  });
  return {
    first: steps[0],
    largestShift: Math.max(...shifts),
    steps,
    last,
    largest: Math.max(...c.ranks),
    bestRank: Number(best.rank),
    chosen,
    sameEverywhere: new Set(chosen.map((s) => s.rank)).size === 1,
    gapAtChosen: Number(chosenLast.heldOutError) - Number(chosenLast.eckartYoung),
    seenAtChosen: Number(chosenLast.trainError) - Number(chosenLast.eckartYoung)
  };
}
