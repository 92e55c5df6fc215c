import {describe, expect, it} from "vitest";
import {judge, type Claim} from "../../experiments/claims/claim.js";
import {depthClaims, type DepthRun} from "../../experiments/claims/depth.js";
import {initsClaims, type InitRun} from "../../experiments/claims/inits.js";
import {etaSquared, lossesClaims, type LossRun} from "../../experiments/claims/losses.js";
import type {RunShape} from "../../experiments/claims/runShape.js";

/**
 * The claims of the sweeps (losses, depth, inits) reach each outcome of their rules from synthetic
 * runs, through their own measures, so that no verdict is fixed in advance by the way it is measured
 * (claims.test.ts checks every rule of the registry on its examples).
 */
const mnist = {id: "mnist", label: "MNIST"};

function verdictOf<I>(claim: Claim<I>, input: I): string {
  return judge(claim, claim.measure(input), mnist, "quick").verdict;
}

function byId<I>(claims: readonly Claim<I>[], id: string): Claim<I> {
  const claim = claims.find((c) => c.id === id);
  if (!claim) throw new Error(`no claim ${id}`);
  return claim;
}

/** A converged run with the given numbers (the others neutral). */
function shape(over: Partial<RunShape> = {}): RunShape {
  return {
    run: "run",
    steps: 1000,
    converged: true,
    lastTenthDecrease: 0,
    relativeError: 0.3,
    effectiveRank: 5,
    gap: 0.1,
    reachStep: 100,
    reachShare: 0.1,
    plateaus: 0,
    largestRise: 0,
    largestRiseStep: NaN,
    markedRises: 0,
    ...over
  };
}

describe("the losses claims (the study's global against layer-wise grid)", () => {
  const loss = (l: "global" | "layerwise", r1: number, r2: number, over: Partial<LossRun> = {}): LossRun => ({
    ...shape(),
    loss: l,
    r1,
    r2,
    ...over
  });
  const studyPairs = [
    [10, 5],
    [10, 10],
    [20, 5],
    [20, 10],
    [20, 20],
    [40, 5],
    [40, 10],
    [40, 20],
    [40, 30]
  ] as const;
  /** Four pairs where the layer-wise run is better on the first `better` of them. */
  const grid = (better: number, key: "effectiveRank" | "relativeError") =>
    [10, 20, 30, 40].flatMap((r1, k) => {
      const good = k < better;
      const global = key === "effectiveRank" ? {effectiveRank: 5} : {relativeError: 0.4};
      const layer = key === "effectiveRank" ? {effectiveRank: good ? 6 : 4} : {relativeError: good ? 0.35 : 0.45};
      return [loss("global", r1, 5, global), loss("layerwise", r1, 5, layer)];
    });

  it("judges the layer-wise rank and error claims on the share of pairs", () => {
    for (const [id, key] of [
      ["layerwise-higher-rank", "effectiveRank"],
      ["layerwise-lower-error", "relativeError"]
    ] as const) {
      const claim = byId(lossesClaims, id);
      expect(verdictOf(claim, {runs: grid(4, key)})).toBe("agrees");
      expect(verdictOf(claim, {runs: grid(2, key)})).toBe("partly");
      expect(verdictOf(claim, {runs: grid(1, key)})).toBe("disagrees");
      expect(verdictOf(claim, {runs: grid(0, key)})).toBe("disagrees");
      expect(verdictOf(claim, {runs: grid(4, key).filter((r) => r.loss === "global")})).toBe("untested");
    }
  });

  it("does not judge a claim when one of its runs has not converged, and says so", () => {
    const runs = grid(4, "effectiveRank");
    runs[3] = {...runs[3], converged: false};
    const claim = byId(lossesClaims, "layerwise-higher-rank");
    const row = judge(claim, claim.measure({runs}), mnist, "default");
    expect(row.verdict).toBe("untested");
    expect(row.sentence).toMatch(/^Not judged: 1 of 8 runs had not converged at the default profile/);
    expect([row.runsUsed, row.runsConverged]).toEqual([8, 7]);
  });

  it("measures the dominance of min(r1, r2) by the share of variance r2 explains", () => {
    const claim = byId(lossesClaims, "min-rank-dominates");
    // The final effective rank r2 + c r1 on the study's grid: r2 explains 100 %, 59 % and 41 % of it.
    const runs = (c: number) =>
      (["global", "layerwise"] as const).flatMap((l) =>
        studyPairs.map(([r1, r2]) => loss(l, r1, r2, {effectiveRank: r2 + c * r1}))
      );
    expect(verdictOf(claim, {runs: runs(0)})).toBe("agrees");
    expect(verdictOf(claim, {runs: runs(1)})).toBe("partly");
    expect(verdictOf(claim, {runs: runs(2)})).toBe("disagrees");
    // The smaller share of the two losses is judged.
    const mixed = runs(0).map((r) => (r.loss === "layerwise" ? {...r, effectiveRank: r.r1} : r));
    expect(verdictOf(claim, {runs: mixed})).toBe("disagrees");
    // Three pairs with different r2 cannot separate r1 from r2.
    const diagonal = runs(0).filter((r) => r.r1 === 2 * r.r2);
    expect(verdictOf(claim, {runs: diagonal})).toBe("untested");
    expect(etaSquared([1, 2, 3, 4], [0, 0, 1, 1])).toBeCloseTo(0.8, 12);
    expect(etaSquared([2, 2], [0, 1])).toBeNaN();
  });

  it("judges the (40, 20) pair's shape: a late global jump, a fast and smooth layer-wise rise", () => {
    const pair = (global: Partial<LossRun>, layerwise: Partial<LossRun>) => ({
      runs: [loss("global", 40, 20, global), loss("layerwise", 40, 20, layerwise), loss("global", 20, 10)]
    });
    const late = byId(lossesClaims, "global-late-jump");
    expect(verdictOf(late, pair({reachShare: 0.8}, {}))).toBe("agrees");
    expect(verdictOf(late, pair({reachShare: 0.3}, {}))).toBe("partly");
    expect(verdictOf(late, pair({reachShare: 0.05}, {}))).toBe("disagrees");
    const fast = byId(lossesClaims, "layerwise-fast");
    expect(verdictOf(fast, pair({}, {reachShare: 0.05}))).toBe("agrees");
    expect(verdictOf(fast, pair({}, {reachShare: 0.2}))).toBe("partly");
    expect(verdictOf(fast, pair({}, {reachShare: 0.6}))).toBe("disagrees");
    const smooth = byId(lossesClaims, "layerwise-smooth");
    expect(verdictOf(smooth, pair({}, {markedRises: 0, plateaus: 1}))).toBe("agrees");
    expect(verdictOf(smooth, pair({}, {markedRises: 2, plateaus: 3}))).toBe("disagrees");
    // Without the (40, 20) pair the three are untested, saying why.
    for (const claim of [late, fast, smooth]) {
      const row = judge(claim, claim.measure({runs: [loss("global", 20, 10)]}), mnist, "quick");
      expect(row.verdict).toBe("untested");
      expect(row.sentence).toContain("no (40, 20) pair");
    }
  });
});

describe("the depth claim (Arora et al. 2019)", () => {
  const runs = (ranks: number[], family: "matched" | "study" = "matched"): DepthRun[] =>
    ranks.map((effectiveRank, k) => ({...shape({effectiveRank}), family, depth: k + 1}));
  const claim = byId(depthClaims, "depth-lower-rank");

  it("agrees when every added layer lowers the final effective rank, and judges the matched init only", () => {
    expect(verdictOf(claim, {runs: runs([8, 7, 6, 5, 4])})).toBe("agrees");
    expect(verdictOf(claim, {runs: runs([8, 7, 7.5, 6, 6.5])})).toBe("partly");
    expect(verdictOf(claim, {runs: runs([4, 5, 6, 5.5, 7])})).toBe("disagrees");
    expect(verdictOf(claim, {runs: [...runs([4, 5, 6, 7, 8]), ...runs([8, 7, 6, 5, 4], "study")]})).toBe("disagrees");
    expect(verdictOf(claim, {runs: runs([8, 7, 6, 5, 4], "study")})).toBe("untested");
  });
});

describe("the inits claims (scikit-learn's documentation; Saxe et al. 2014, Gissin et al. 2020)", () => {
  const run = (id: string, over: Partial<RunShape> = {}): InitRun => {
    const [solver, init] = id.split("-");
    return {...shape(over), run: id, solver: solver as InitRun["solver"], init};
  };

  it("judges MU from NNDSVD against NNDSVDa by the relative excess of its final error", () => {
    const claim = byId(initsClaims, "mu-nndsvd-poorer");
    const pair = (zeros: number) => ({
      runs: [run("mu-nndsvd", {relativeError: zeros}), run("mu-nndsvda", {relativeError: 0.4}), run("hals-nndsvd")]
    });
    expect(verdictOf(claim, pair(0.42))).toBe("agrees");
    expect(verdictOf(claim, pair(0.4012))).toBe("partly");
    expect(verdictOf(claim, pair(0.4))).toBe("disagrees");
    expect(verdictOf(claim, pair(0.39))).toBe("disagrees");
    expect(verdictOf(claim, {runs: [run("mu-nndsvd")]})).toBe("untested");
  });

  it("judges the small start on the share of gradient runs that climb through two or more rises", () => {
    const claim = byId(initsClaims, "small-start-steps");
    const steps = (adam: number, deep: number) => ({
      runs: [
        run("adam-small", {markedRises: adam}),
        run("deep-small", {markedRises: deep}),
        run("mu-small", {markedRises: 0}),
        run("adam-random", {markedRises: 3})
      ]
    });
    expect(verdictOf(claim, steps(2, 3))).toBe("agrees");
    expect(verdictOf(claim, steps(2, 1))).toBe("partly");
    expect(verdictOf(claim, steps(1, 0))).toBe("disagrees");
    expect(verdictOf(claim, {runs: [run("mu-small")]})).toBe("untested");
  });
});
