import {describe, expect, it} from "vitest";
import {claims, judge, outcomes, type Claim, type Measurement} from "../../experiments/claims/index.js";
import {atLeast, atMost, mostRuns, near, withinFactor} from "../../experiments/claims/rules.js";
import {verdictsTable} from "../../experiments/claims/table.js";
import {theoryClaims} from "../../experiments/claims/theory/index.js";
import {theoryExperiments} from "../../experiments/theory/index.js";

const replicate = {id: "mnist", label: "MNIST"};
const measured = (value: number, extra: Partial<Measurement> = {}): Measurement => ({
  value,
  finding: "a finding",
  runs: 3,
  converged: 3,
  ...extra
});

describe("the claims registry", () => {
  it("has unique ids within each experiment, and states every field", () => {
    const keys = claims.map((c) => `${c.experiment}/${c.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const c of claims) {
      for (const field of ["statement", "source", "quantity", "runs", "expected"] as const)
        expect(c[field].length, `${c.experiment}/${c.id} ${field}`).toBeGreaterThan(0);
      expect(["study", "abs", "recall", "derived", "docs", "project"]).toContain(c.tag);
    }
  });

  it("holds the theory page's predictions, one experiment's claims for each theory experiment", () => {
    expect(theoryClaims.every((c) => claims.includes(c))).toBe(true);
    expect(new Set(theoryClaims.map((c) => c.experiment))).toEqual(new Set(theoryExperiments.map((e) => e.name)));
  });

  it("every rule of every claim reaches each of its outcomes, and only its own", () => {
    for (const c of claims) {
      const examples = c.rule.examples;
      expect(Object.keys(examples), `${c.experiment}/${c.id}`).toContain("agrees");
      expect(Object.keys(examples), `${c.experiment}/${c.id}`).toContain("disagrees");
      for (const outcome of outcomes) {
        const value = examples[outcome];
        if (value === undefined) continue;
        expect(c.rule.judge(value), `${c.experiment}/${c.id} ${outcome} at ${value}`).toBe(outcome);
        expect(judge(c as Claim<unknown>, measured(value), replicate, "default").verdict).toBe(outcome);
      }
      // NaN disagrees; a rule states a partly band exactly when it has one.
      expect(c.rule.judge(NaN), `${c.experiment}/${c.id}`).toBe("disagrees");
      expect(examples.partly !== undefined, `${c.experiment}/${c.id}`).toBe(c.rule.text.includes("partly"));
    }
  });
});

describe("rules", () => {
  it("judge band edges as stated", () => {
    const rule = atLeast(0.75, 0.5);
    expect([rule.judge(0.75), rule.judge(0.74), rule.judge(0.5), rule.judge(0.49), rule.judge(NaN)]).toEqual([
      "agrees",
      "partly",
      "partly",
      "disagrees",
      "disagrees"
    ]);
    expect(rule.text).toBe("agrees if ≥ 0.75, partly if ≥ 0.5, else disagrees");
    expect(atMost(1, 2).judge(1.5)).toBe("partly");
    expect(atMost(1).examples.partly).toBeUndefined();
    expect(withinFactor(1.25, 2).judge(0.7)).toBe("partly");
    expect(withinFactor(1.25, 2).judge(-1)).toBe("disagrees");
    expect(near(7.5, 1, 2).judge(9)).toBe("partly");
    expect(near(7.5, 1, 2).text).toBe("agrees if within 7.5 ± 1, partly if within 7.5 ± 2, else disagrees");
    expect(mostRuns.judge(6 / 8)).toBe("agrees");
  });

  it("refuse bands in the wrong order", () => {
    expect(() => atLeast(0.5, 0.75)).toThrow(/invalid bands/);
    expect(() => atMost(2, 1)).toThrow(/invalid bands/);
    expect(() => withinFactor(0.5, 2)).toThrow(/invalid factors/);
  });
});

describe("judging a claim", () => {
  const claim = claims[0] as Claim<unknown>;

  it("leaves a claim untested when a run it reads has not converged, and says so", () => {
    const row = judge(claim, measured(1, {converged: 2}), replicate, "quick");
    expect(row.verdict).toBe("untested");
    expect(row.sentence).toMatch(/^Not judged: 1 of 3 runs had not converged at the quick profile/);
    expect(row.measured).toBe(1);
  });

  it("leaves a claim untested when the quantity is missing, with the reason", () => {
    const row = judge(claim, measured(NaN, {missing: "no jump at all"}), replicate, "default");
    expect(row.verdict).toBe("untested");
    expect(row.sentence).toBe("Untested: no jump at all.");
  });

  it("writes rows whose columns match the verdicts schema", () => {
    const table = verdictsTable([judge(claim, measured(1), replicate, "default")]);
    expect(Object.keys(table.columns)).toEqual([
      "experiment",
      "claim",
      "replicate",
      "replicateLabel",
      "statement",
      "source",
      "tag",
      "quantity",
      "runs",
      "measured",
      "predicted",
      "expected",
      "rule",
      "verdict",
      "sentence",
      "runsUsed",
      "runsConverged",
      "others"
    ]);
  });
});
