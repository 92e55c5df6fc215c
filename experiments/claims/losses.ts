import type {CompletedRun} from "../types.js";
import type {Claim, Measurement} from "./claim.js";
import {atLeast, atMost, mostRuns} from "./rules.js";
import {plural} from "../findings.js";
import {MARKED_JUMP} from "./headline.js";
import {convergedCount, medianOf, REACH_FRACTION, runShape, type RunShape} from "./runShape.js";

/**
 * The study's claims about its global against layer-wise loss grid (experiment 4, report Fig. 2-4):
 * "the layer-wise loss ends at a higher effective rank and a lower normalized error; min(r1, r2)
 * dominates the final effective rank; with the global loss the effective rank rises to a small
 * value, stays flat for long, then jumps late (r1 = 40, r2 = 20), while the layer-wise loss rises
 * fast and smoothly". Each rule below was fixed from these words before the runs of this code were
 * looked at. The Eckart-Young bound of its Fig. 10 is a theorem (every run ends above it), not a
 * claim: the experiment states it as a fact with the gaps measured.
 *
 * The layer-wise runs minimize their own objective (the sum of each layer's error), not the
 * end-to-end error the claims compare; like every run, their convergence is judged on the objective
 * they minimize (engine/convergence.ts), whose fall need not lower the end-to-end error.
 */
export type LossName = "global" | "layerwise";

export interface LossRun extends RunShape {
  loss: LossName;
  r1: number;
  r2: number;
}

export function lossRun(run: CompletedRun): LossRun {
  const [r1, r2] = run.spec.fit.ranks;
  return {...runShape(run), loss: run.spec.fit.loss === "layerwise" ? "layerwise" : "global", r1, r2: r2 ?? r1};
}

export interface LossesInput {
  runs: LossRun[];
}

/** The pair of the study's late-jump example. */
export const LATE_JUMP_PAIR: readonly [number, number] = [40, 20];

/** One (r1, r2) pair trained with both losses. */
export interface LossPair {
  r1: number;
  r2: number;
  global: LossRun;
  layerwise: LossRun;
}

/** The pairs of the grid that ran with both losses, in the order of the global runs. */
export function lossPairs(runs: readonly LossRun[]): LossPair[] {
  const find = (loss: LossName, r1: number, r2: number) =>
    runs.find((r) => r.loss === loss && r.r1 === r1 && r.r2 === r2);
  return runs
    .filter((r) => r.loss === "global")
    .flatMap((g) => {
      const l = find("layerwise", g.r1, g.r2);
      return l ? [{r1: g.r1, r2: g.r2, global: g, layerwise: l}] : [];
    });
}

/**
 * Eta squared: the share of the variance of `values` explained by the grouping (between-group sum of
 * squares over the total). NaN when the values do not vary.
 */
export function etaSquared(values: readonly number[], groups: readonly number[]): number {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  let total = 0;
  for (const v of values) total += (v - mean) ** 2;
  if (!(total > 0)) return NaN;
  const byGroup = new Map<number, number[]>();
  values.forEach((v, i) => byGroup.set(groups[i], [...(byGroup.get(groups[i]) ?? []), v]));
  let between = 0;
  for (const members of byGroup.values()) {
    const m = members.reduce((s, v) => s + v, 0) / members.length;
    between += members.length * (m - mean) ** 2;
  }
  return between / total;
}

/** A claim judged on the share of pairs where `holds` is true. */
function shareOfPairs(
  runs: readonly LossRun[],
  holds: (p: LossPair) => boolean,
  describe: (held: number, total: number) => string,
  others: (pairs: LossPair[]) => Measurement["others"]
): Measurement {
  const pairs = lossPairs(runs);
  const used = pairs.flatMap((p) => [p.global, p.layerwise]);
  const held = pairs.filter(holds).length;
  return {
    value: pairs.length ? held / pairs.length : NaN,
    finding: describe(held, pairs.length),
    runs: used.length,
    converged: convergedCount(used),
    others: others(pairs),
    ...(pairs.length === 0 ? {missing: "no (r1, r2) pair ran with both losses"} : {})
  };
}

/** The run of one loss at the late-jump pair, if the profile's grid has it. */
function atLateJumpPair(runs: readonly LossRun[], loss: LossName): LossRun | undefined {
  return runs.find((r) => r.loss === loss && r.r1 === LATE_JUMP_PAIR[0] && r.r2 === LATE_JUMP_PAIR[1]);
}

const percent = (share: number) => `${Math.round(100 * share)} %`;
const reached = `${percent(REACH_FRACTION)} of its final effective rank`;
const gridRuns = "both losses at every (r1, r2) pair of the profile's grid";
const pairRuns = `the global and the layer-wise run at (r1, r2) = (${LATE_JUMP_PAIR.join(", ")})`;
const lateJumpMissing = `the profile's grid has no (${LATE_JUMP_PAIR.join(", ")}) pair`;

/** The smallest share of the final effective rank's variance explained by r2, over the two losses, with each loss's. */
function r2Dominance(runs: readonly LossRun[]) {
  return (["global", "layerwise"] as const).map((loss) => {
    const own = runs.filter((r) => r.loss === loss);
    const y = own.map((r) => r.effectiveRank);
    const shared = new Set(own.map((r) => r.r2)).size < own.length;
    return {
      loss,
      runs: own,
      separable: shared && new Set(own.map((r) => r.r2)).size >= 2,
      byR2: etaSquared(
        y,
        own.map((r) => r.r2)
      ),
      byR1: etaSquared(
        y,
        own.map((r) => r.r1)
      )
    };
  });
}

export const lossesClaims: Claim<LossesInput>[] = [
  {
    id: "layerwise-higher-rank",
    experiment: "losses",
    statement: "The layer-wise loss ends at a higher effective rank than the global loss.",
    source: "the study, report Fig. 2-4",
    tag: "study",
    quantity: "share of (r1, r2) pairs at which the layer-wise run ends at the higher effective rank",
    runs: gridRuns,
    predicted: 1,
    expected: "every pair",
    rule: mostRuns,
    measure: ({runs}) =>
      shareOfPairs(
        runs,
        (p) => p.layerwise.effectiveRank > p.global.effectiveRank,
        (held, total) => `the layer-wise loss ends at the higher effective rank at ${held} of ${total} pairs`,
        (pairs) => [
          {
            label: "median final effective rank, layer-wise minus global",
            value: medianOf(pairs.map((p) => p.layerwise.effectiveRank - p.global.effectiveRank))
          }
        ]
      )
  },
  {
    id: "layerwise-lower-error",
    experiment: "losses",
    statement: "The layer-wise loss ends at a lower normalized error than the global loss.",
    source: "the study, report Fig. 2-4",
    tag: "study",
    quantity: "share of (r1, r2) pairs at which the layer-wise run ends at the lower relative error ‖X − M‖²/‖X‖²",
    runs: gridRuns,
    predicted: 1,
    expected: "every pair",
    rule: mostRuns,
    measure: ({runs}) =>
      shareOfPairs(
        runs,
        (p) => p.layerwise.relativeError < p.global.relativeError,
        (held, total) => `the layer-wise loss ends at the lower relative error at ${held} of ${total} pairs`,
        (pairs) => [
          {
            label: "median ratio of final relative errors, layer-wise over global",
            value: medianOf(pairs.map((p) => p.layerwise.relativeError / p.global.relativeError))
          }
        ]
      )
  },
  {
    id: "min-rank-dominates",
    experiment: "losses",
    statement: "min(r1, r2) dominates the final effective rank.",
    source: "the study, report Fig. 2-4",
    tag: "study",
    quantity:
      "share of the variance of the final effective rank across the grid explained by r2 = min(r1, r2) " +
      "(eta squared, runs grouped by r2), the smaller of the two losses'",
    runs: gridRuns,
    predicted: 1,
    expected: "most of the variance (r1 matters little at a given r2)",
    rule: atLeast(0.75, 0.5),
    measure({runs}) {
      const losses = r2Dominance(runs);
      const used = losses.flatMap((l) => l.runs);
      const separable = losses.every((l) => l.separable);
      const value = separable ? Math.min(...losses.map((l) => l.byR2)) : NaN;
      const name = (loss: LossName) => (loss === "layerwise" ? "layer-wise" : loss);
      return {
        value,
        finding: losses
          .map((l) => `r2 explains ${percent(l.byR2)} of the variance with the ${name(l.loss)} loss`)
          .join(", "),
        runs: used.length,
        converged: convergedCount(used),
        others: losses.flatMap((l) => [
          {label: `share explained by r2, ${name(l.loss)}`, value: l.byR2},
          {label: `share explained by r1, ${name(l.loss)}`, value: l.byR1}
        ]),
        ...(!separable
          ? {
              missing:
                "no two pairs of the grid share r2 (with two values of r2 or more), so r1's part cannot be told apart"
            }
          : losses.some((l) => Number.isNaN(l.byR2))
            ? {missing: "the final effective rank does not vary across the grid"}
            : {})
      };
    }
  },
  {
    id: "global-late-jump",
    experiment: "losses",
    statement:
      "With the global loss the effective rank rises to a small value, stays flat for long, then jumps late (r1 = 40, r2 = 20).",
    source: "the study, report Fig. 2-4",
    tag: "study",
    quantity: `step at which the global (${LATE_JUMP_PAIR.join(", ")}) run first reaches ${reached}, as a share of its steps`,
    runs: pairRuns,
    predicted: 1,
    expected: "late: in the second half of the run",
    rule: atLeast(0.5, 0.25),
    measure({runs}) {
      const global = atLateJumpPair(runs, "global");
      const layerwise = atLateJumpPair(runs, "layerwise");
      if (!global) return {value: NaN, finding: "", runs: 0, converged: 0, missing: lateJumpMissing};
      return {
        value: global.reachShare,
        finding:
          `the global run reaches ${reached} at step ${global.reachStep} of ${global.steps}` +
          (global.largestRise > 0
            ? `; its largest rise between two plateaus (${global.largestRise.toFixed(2)}) is at step ${global.largestRiseStep}`
            : "; the plateau detector finds no rise between two plateaus"),
        runs: 1,
        converged: global.converged ? 1 : 0,
        others: [
          {
            label: "step of the largest rise between two plateaus, as a share of the steps",
            value: global.largestRiseStep / global.steps
          },
          {label: "size of that rise (effective rank)", value: global.largestRise},
          {label: "the same share for the layer-wise run", value: layerwise?.reachShare ?? NaN}
        ]
      };
    }
  },
  {
    id: "layerwise-fast",
    experiment: "losses",
    statement: "With the layer-wise loss the effective rank rises fast (r1 = 40, r2 = 20).",
    source: 'the study, report Fig. 2-4 ("rises fast and smoothly"; smoothness is the next claim)',
    tag: "study",
    quantity: `step at which the layer-wise (${LATE_JUMP_PAIR.join(", ")}) run first reaches ${reached}, as a share of its steps`,
    runs: pairRuns,
    predicted: 0,
    expected: "early: within the first tenth of the run",
    rule: atMost(0.1, 0.25),
    measure({runs}) {
      const layerwise = atLateJumpPair(runs, "layerwise");
      const global = atLateJumpPair(runs, "global");
      if (!layerwise) return {value: NaN, finding: "", runs: 0, converged: 0, missing: lateJumpMissing};
      return {
        value: layerwise.reachShare,
        finding: `the layer-wise run reaches ${reached} at step ${layerwise.reachStep} of ${layerwise.steps}`,
        runs: 1,
        converged: layerwise.converged ? 1 : 0,
        others: [{label: "the same share for the global run", value: global?.reachShare ?? NaN}]
      };
    }
  },
  {
    id: "layerwise-smooth",
    experiment: "losses",
    statement: "With the layer-wise loss the effective rank rises smoothly, without jumps (r1 = 40, r2 = 20).",
    source: 'the study, report Fig. 2-4 ("rises fast and smoothly")',
    tag: "study",
    quantity: `number of rises of the layer-wise (${LATE_JUMP_PAIR.join(", ")}) run's effective rank by ≥ ${MARKED_JUMP} between consecutive plateaus`,
    runs: pairRuns,
    predicted: 0,
    expected: "none",
    rule: atMost(0),
    measure({runs}) {
      const layerwise = atLateJumpPair(runs, "layerwise");
      const global = atLateJumpPair(runs, "global");
      if (!layerwise) return {value: NaN, finding: "", runs: 0, converged: 0, missing: lateJumpMissing};
      return {
        value: layerwise.markedRises,
        finding: `the layer-wise run has ${plural(layerwise.plateaus, "plateau")} and ${plural(layerwise.markedRises, "rise")} of ≥ ${MARKED_JUMP} between them`,
        runs: 1,
        converged: layerwise.converged ? 1 : 0,
        others: [
          {label: "largest rise between two plateaus, layer-wise", value: layerwise.largestRise},
          {label: `rises of ≥ ${MARKED_JUMP}, global`, value: global?.markedRises ?? NaN}
        ]
      };
    }
  }
];
