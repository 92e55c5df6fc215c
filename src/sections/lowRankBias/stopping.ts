/**
 * "Stopping on a plateau" (experiment `early-stopping`): where each early-stopping rule stops seed 112
 * of the headline configuration, and what that saves and costs against the full run (what the run
 * looks like where a rule stops: stopPictures.ts).
 */
import {caption, formatInteger} from "../../components/caption.js";
import {ofRun, runConfig, valueAt} from "../../components/experimentTables.js";
import {metricCurves, type Row} from "../../components/metricCurves.js";
import type {EarlyStoppingTables} from "./tables.js";
import type {Headline} from "./headline.js";
import type {StepView} from "./staircase.js";

/** A run of the experiment: the full run, or one stopped (or not) by a rule. */
export interface StopRun {
  /** The rule's id (`full` for the full run). */
  run: string;
  /** The rule in words. */
  group: string;
  /** Steps trained (the budget when the rule never fired). */
  steps: number;
  relativeError: number;
  effectiveRank: number;
  /** The rule stopped the run on a plateau. */
  fired: boolean;
  /** Training time saved against the full run, from the full run's timings. */
  secondsSaved: number;
  /** Relative error minus the full run's. */
  cost: number;
  row: Row;
}

export interface StoppingRules {
  full: StopRun;
  /** Every rule, in the runs table's order. */
  stops: StopRun[];
  /** The rule that fires first, if any fires. */
  first?: StopRun;
  /** The runs whose reconstructions can be shown: the rules that fired, then `full`. */
  choices: string[];
  /** The choice shown first: the rule that fires first, else `full`. */
  firstChoice: string;
  /** A choice in words: "the full run" or "p1 (patience 500...)". */
  name: (id: string) => string;
  /** The steps trained by a choice. */
  stepsOf: (id: string) => number;
}

/** The full run and every rule's run, with what each stop saves and costs. */
export function stoppingRules(tables: Pick<EarlyStoppingTables, "runs" | "timings">): StoppingRules {
  const fullRow = tables.runs.rows.find((r) => r.run === "full");
  if (!fullRow) throw new RangeError("invalid early-stopping tables: no run named full");
  const fullTimes = ofRun(tables.timings.rows, "full");
  const timeAt = (step: number) => valueAt(fullTimes, step, "timeMs");
  const fullSteps = Number(fullRow.steps);
  const fullError = Number(fullRow.relativeError);
  const of = (row: Row): StopRun => ({
    run: String(row.run),
    group: String(row.group),
    steps: Number(row.steps),
    relativeError: Number(row.relativeError),
    effectiveRank: Number(row.effectiveRank),
    fired: row.stopReason === "plateau",
    secondsSaved: (timeAt(fullSteps) - timeAt(Number(row.steps))) / 1000,
    cost: Number(row.relativeError) - fullError,
    row
  });
  const full = {...of(fullRow), fired: false};
  const stops = tables.runs.rows.filter((r) => r.run !== "full").map(of);
  const fired = stops.filter((s) => s.fired);
  const first = [...fired].sort((a, b) => a.steps - b.steps)[0];
  const byId = new Map(stops.map((s) => [s.run, s]));
  return {
    full,
    stops,
    first,
    choices: [...fired.map((s) => s.run), "full"],
    firstChoice: first?.run ?? "full",
    name: (id) => (id === "full" ? "the full run" : `${id} (${byId.get(id)?.group ?? "unknown rule"})`),
    stepsOf: (id) => (id === "full" ? full.steps : (byId.get(id)?.steps ?? NaN))
  };
}

const signed = (value: number) => `${value >= 0 ? "+" : ""}${value.toFixed(4)}`;

/** One row per rule, then the full run: where it stops and what that saves and costs. */
export function stopRows({stops, full}: StoppingRules): Record<string, string>[] {
  return [
    ...stops.map((s) => ({
      rule: s.group,
      "stops at": s.fired ? formatInteger(s.steps) : "never",
      "steps saved": formatInteger(full.steps - s.steps),
      "seconds saved": s.secondsSaved.toFixed(1),
      "relative error": s.relativeError.toFixed(4),
      cost: signed(s.cost),
      "effective rank": s.effectiveRank.toFixed(2)
    })),
    {
      rule: "full run",
      "stops at": formatInteger(full.steps),
      "steps saved": "0",
      "seconds saved": "0",
      "relative error": full.relativeError.toFixed(4),
      cost: "0",
      "effective rank": full.effectiveRank.toFixed(2)
    }
  ];
}

/** The steps where the rules fire, one event per step (rules that stop at the same step share it). */
export function stopEvents({stops}: StoppingRules): {step: number; label: string}[] {
  const fired = stops.filter((s) => s.fired);
  return [...new Set(fired.map((s) => s.steps))].map((step) => ({
    step,
    label: fired
      .filter((s) => s.steps === step)
      .map((s) => s.run)
      .join(", ")
  }));
}

/** The full run's relative error and effective rank, with the steps where each rule fires. */
export function stopCurves(
  tables: Pick<EarlyStoppingTables, "trajectories">,
  rules: StoppingRules,
  headline: Pick<Headline, "bound" | "endRank">,
  {width, step, xScale}: StepView
): HTMLElement {
  const bound = {value: headline.bound, label: `Eckart–Young bound, rank ${headline.endRank}`};
  return metricCurves(ofRun(tables.trajectories.rows, "full"), {
    width,
    xType: xScale,
    metrics: [{key: "relativeError", references: [bound]}, "effectiveRank"],
    events: stopEvents(rules),
    eventLabel: "where a rule stops the run",
    marker: step,
    caption: `Seed 112 with the steps where each early-stopping rule fires (dotted). ${caption(runConfig(rules.full.row))}`
  });
}

/** Every seed and rule: where it stops (or "never"), out of how many steps, and the cost in relative error. */
export function everyStopRows(
  tables: Pick<EarlyStoppingTables, "stops">,
  replicateLabels: Record<string, string>
): Record<string, unknown>[] {
  return tables.stops.rows.map((r) => ({
    data: replicateLabels[String(r.replicate)] ?? r.replicate,
    seed: r.seed,
    rule: r.rule,
    "stops at": Number(r.step) >= 0 ? formatInteger(Number(r.step)) : "never",
    of: formatInteger(Number(r.budget)),
    cost: Number.isFinite(r.cost) ? signed(Number(r.cost)) : ""
  }));
}
