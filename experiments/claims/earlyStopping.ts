import {runConvergence} from "../tables.js";
import {defaultLossTolerance, defaultPatience, type EarlyStopOptions} from "../../engine/index.js";
import type {CompletedRun} from "../types.js";
import type {Claim} from "./claim.js";
import {mostRuns} from "./rules.js";

/**
 * Early stopping on an effective-rank plateau (the study's README), measured on every seed of the
 * headline configuration: each rule of the profile watched the run (experiments/executeRun.ts), so
 * where it stops and the error there are exact. The judged rule is the profile's first, which uses
 * only what the run sees (its own effective rank and loss); the others are shown beside it.
 */

/** A stop is nearly free when its relative error is at most this above the full run's. */
export const FREE_COST = 1e-3;

/** One rule on one seed: where it stops and what that costs. */
export interface RuleStop {
  rule: string;
  /** The stop step, or undefined when the rule never fired. */
  step?: number;
  budget: number;
  /** Relative error at the stop minus the full run's final relative error (NaN when it never fired). */
  cost: number;
}

export interface SeedStops {
  run: string;
  seed: number;
  converged: boolean;
  stops: RuleStop[];
}

export function seedStops(run: CompletedRun): SeedStops {
  const t = run.output.trajectory;
  const full = t.relativeError[t.relativeError.length - 1];
  return {
    run: run.spec.id,
    seed: run.spec.fit.seed ?? 0,
    converged: runConvergence(run.output).converged,
    stops: run.output.earlyStops.map((capture) => ({
      rule: ruleText(capture.rule),
      ...(capture.step === undefined ? {} : {step: capture.step}),
      budget: run.output.iterations,
      cost: capture.record ? capture.record.relativeError - full : NaN
    }))
  };
}

/** Whether a stop ends the run before its budget at a cost of at most FREE_COST. */
export function nearlyFree(stop: RuleStop): boolean {
  return stop.step !== undefined && stop.step < stop.budget && stop.cost <= FREE_COST;
}

/** A rule in words, with the engine's defaults filled in. */
export function ruleText(rule: EarlyStopOptions): string {
  if (rule.plateau !== undefined) return `end of plateau ${rule.plateau}`;
  return `patience ${rule.patience ?? defaultPatience}, loss tolerance ${rule.lossTolerance ?? defaultLossTolerance}`;
}

export interface EarlyStoppingInput {
  seeds: SeedStops[];
}

export const earlyStoppingClaims: Claim<EarlyStoppingInput>[] = [
  {
    id: "plateau-stop",
    experiment: "early-stopping",
    statement: "Stopping when the effective rank plateaus ends training early at little cost in error.",
    source: "the study's README (early stopping on the effective-rank plateau)",
    tag: "study",
    quantity: `share of seeds on which the profile's first rule stops before the budget with a relative error at most ${FREE_COST} above the full run's`,
    runs: "the headline configuration, every seed of the profile, each watched by the profile's rules",
    predicted: 1,
    expected: "every seed",
    rule: mostRuns,
    measure({seeds}) {
      const share = (k: number) =>
        seeds.length ? seeds.filter((s) => s.stops[k] && nearlyFree(s.stops[k])).length / seeds.length : NaN;
      const judged = seeds.filter((s) => s.stops[0] && nearlyFree(s.stops[0])).length;
      const fired = seeds.filter((s) => s.stops[0]?.step !== undefined).length;
      const rules = seeds[0]?.stops.map((s) => s.rule) ?? [];
      return {
        value: share(0),
        finding: `the rule "${rules[0] ?? "?"}" fired on ${fired} of ${seeds.length} seeds and stopped nearly free on ${judged}`,
        runs: seeds.length,
        converged: seeds.filter((s) => s.converged).length,
        others: rules.slice(1).map((rule, k) => ({label: `share for the rule "${rule}"`, value: share(k + 1)})),
        ...(seeds.length === 0 ? {missing: "no run"} : rules.length === 0 ? {missing: "no stopping rule watched"} : {})
      };
    }
  }
];
