import type {Table} from "apache-arrow";
import {Matrix as MlMatrix, SingularValueDecomposition} from "ml-matrix";
import {beforeAll, describe, expect, it} from "vitest";
import {loadData} from "../../datasets/index.js";
import {oneStandardError} from "../../engine/index.js";
import {EXPERIMENT_METADATA_KEY, runExperiment, type ExperimentResult} from "../../experiments/index.js";
import {rankSelectionScales} from "../../experiments/rankSelection.js";
import {tempDir} from "../datasets/tempDir.js";

/** The experiment rank-selection at the quick profile, run once with a fresh run cache. */
let result: ExperimentResult;
beforeAll(async () => {
  result = await runExperiment("rank-selection", {
    profile: "quick",
    progress: () => {},
    cacheDir: await tempDir("nmf-rank-")
  });
}, 300_000);

type Row = Record<string, unknown>;
const rows = (table: Table): Row[] => table.toArray().map((row) => row.toJSON() as Row);
const quick = rankSelectionScales.quick;

describe("the experiment rank-selection (quick profile)", () => {
  it("writes folds and ranks with the documented columns and the experiment's metadata", () => {
    const {folds, ranks} = result.tables;
    expect(folds.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      "rank:Int32",
      "fold:Int32",
      "step:Int32",
      "heldOutError:Float64",
      "trainError:Float64"
    ]);
    expect(ranks.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      "step:Int32",
      "rank:Int32",
      "heldOutError:Float64",
      "standardError:Float64",
      "trainError:Float64",
      "eckartYoung:Float64",
      "selected:Bool"
    ]);
    const meta = JSON.parse(ranks.schema.metadata.get(EXPERIMENT_METADATA_KEY)!);
    expect(meta.experiment).toBe("rank-selection");
    expect(meta.configuration.ranks).toEqual(quick.ranks);
    expect(meta.configuration.rule).toMatch(/one-standard-error rule/);
    expect(meta.data[0].spec).toBe(quick.data);
  });

  it("has one row per rank, fold and step measured (the checkpoints and the last step), every error in (0, 1)", () => {
    const steps = [...quick.checkpoints, quick.iterations];
    const folds = rows(result.tables.folds);
    expect(folds).toHaveLength(steps.length * quick.ranks.length * quick.folds);
    expect(new Set(folds.map((r) => r.step))).toEqual(new Set(steps));
    for (const r of folds) {
      expect(r.heldOutError as number).toBeGreaterThan(0);
      expect(r.heldOutError as number).toBeLessThan(1);
      expect(r.trainError as number).toBeGreaterThan(0);
    }
  });

  it("summarizes the folds: mean and standard error per rank and step, and the one-standard-error rule's rank", () => {
    const folds = rows(result.tables.folds);
    const ranks = rows(result.tables.ranks);
    for (const r of ranks) {
      const errors = folds.filter((f) => f.step === r.step && f.rank === r.rank).map((f) => f.heldOutError as number);
      expect(errors).toHaveLength(quick.folds);
      const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
      const sd = Math.sqrt(errors.reduce((a, v) => a + (v - mean) ** 2, 0) / (errors.length - 1));
      expect(r.heldOutError as number).toBeCloseTo(mean, 12);
      expect(r.standardError as number).toBeCloseTo(sd / Math.sqrt(errors.length), 12);
    }
    for (const step of new Set(ranks.map((r) => r.step))) {
      const atStep = ranks.filter((r) => r.step === step) as {
        rank: number;
        heldOutError: number;
        standardError: number;
        selected: boolean;
      }[];
      const selected = atStep.filter((r) => r.selected);
      expect(selected).toHaveLength(1);
      expect(selected[0].rank).toBe(oneStandardError(atStep));
      // The rule, written out: no smaller rank is within one standard error of the best mean.
      const best = atStep.reduce((a, b) => (b.heldOutError < a.heldOutError ? b : a));
      expect(selected[0].heldOutError).toBeLessThanOrEqual(best.heldOutError + best.standardError);
      for (const r of atStep.filter((r) => r.rank < selected[0].rank))
        expect(r.heldOutError).toBeGreaterThan(best.heldOutError + best.standardError);
    }
  });

  it("states the Eckart-Young error of the same data, checked against ml-matrix's SVD", async () => {
    const data = await loadData(quick.data, {dataSeed: 112});
    const X = data.X;
    const dense = Array.from({length: X.rows}, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
    const s = new SingularValueDecomposition(new MlMatrix(dense), {autoTranspose: true}).diagonal;
    const total = s.reduce((a, v) => a + v * v, 0);
    for (const r of rows(result.tables.ranks)) {
      const tail = s.slice(r.rank as number).reduce((a, v) => a + v * v, 0);
      expect(r.eckartYoung as number).toBeCloseTo(tail / total, 5);
    }
  });
});
