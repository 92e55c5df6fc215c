import {mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {matrix} from "../../engine/index.js";
import {writeMatrixFile} from "../../io/matrixFile.js";
import {readRunFile} from "../../io/runTable.js";
import {plantedLowRank} from "../engine/fixtures.js";
import {randomMask, withMissing} from "../engine/masks.js";
import {nmf} from "../helpers/cli.js";

describe("nmf fit --missing and --weights", () => {
  let folder: string;
  const X = plantedLowRank(30, 20, 3, 4);
  const mask = randomMask(X.data.length, 0.25, 5);
  const missingCount = mask.reduce((a, b) => a + b, 0);
  const path = (name: string) => join(folder, name);
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "nmf-missing-"));
    await writeMatrixFile(path("x.npy"), X);
    await writeMatrixFile(path("missing.npy"), withMissing(X, mask));
    const ones = matrix(X.rows, X.cols, new Float32Array(X.data.length).fill(1));
    await writeMatrixFile(path("ones.npy"), ones);
    const negative = matrix(X.rows, X.cols, ones.data.slice());
    negative.data[X.cols + 2] = -0.5;
    await writeMatrixFile(path("negative.npy"), negative);
    const nan = matrix(X.rows, X.cols, ones.data.slice());
    nan.data[5] = NaN;
    await writeMatrixFile(path("nan.npy"), nan, "float64");
    await writeMatrixFile(path("small.npy"), matrix(3, 2));
    await writeFile(path("holes.csv"), "1,2,3\n4,,6\n7,8,NaN\n2,2,2\n");
  });
  afterAll(() => rm(folder, {recursive: true, force: true}));

  it("fits the observed entries, says so, and records it in the run file", async () => {
    const out = path("run.arrow");
    const args = ["fit", "--data", path("missing.npy"), "--missing", "--model", "hals", "--rank", "3"];
    const {code, stdout, stderr} = await nmf(...args, "--iters", "300", "--init", "nndsvda", "--out", out, "--json");
    expect([code, stderr]).toEqual([0, ""]);
    const summary = JSON.parse(stdout);
    expect(summary.errorMeasure).toMatchObject({
      betaLoss: "frobenius",
      weighted: "missing",
      missingEntries: missingCount
    });
    expect(summary.data.missing).toBe(missingCount);
    expect(summary.final.relativeError).toBeLessThan(1e-4);
    const {metadata} = await readRunFile(out);
    expect(metadata.result.errorMeasure).toEqual(summary.errorMeasure);
    expect(metadata.options).toMatchObject({missing: true});
    const text = await nmf(...args, "--iters", "20");
    expect(text.stdout).toContain(`error: the frobenius loss over the observed entries (${missingCount} missing)`);
  });

  it("refuses NaN without --missing, as before", async () => {
    const {code, stderr} = await nmf("fit", "--data", path("missing.npy"), "--rank", "3", "--iters", "5");
    expect(code).toBe(2);
    expect(stderr).toMatch(/invalid file: ".*missing\.npy" \(bad value at row \d+, column \d+: NaN is not finite\)/);
  });

  it("reads empty and NaN cells of a CSV as missing with --missing only", async () => {
    const refused = await nmf("fit", "--data", path("holes.csv"), "--rank", "1", "--iters", "5");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("non-numeric cell at row 2, column 2: empty cell");
    const {code, stdout} = await nmf(
      "fit",
      "--data",
      path("holes.csv"),
      "--missing",
      "--rank",
      "1",
      "--iters",
      "5",
      "--json"
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).errorMeasure.missingEntries).toBe(2);
  });

  it("takes weights of ones as the unweighted fit, and names --weights for bad ones", async () => {
    const base = ["fit", "--data", path("x.npy"), "--rank", "3", "--iters", "50", "--json"];
    const plain = JSON.parse((await nmf(...base)).stdout);
    const weighted = JSON.parse((await nmf(...base, "--weights", path("ones.npy"))).stdout);
    expect(weighted.final.relativeError).toBeCloseTo(plain.final.relativeError, 8);
    expect(weighted.errorMeasure.weighted).toBe("weights");
    const bad = async (name: string) => {
      const {code, stderr} = await nmf(...base, "--weights", path(name));
      expect(code).toBe(2);
      return stderr.trim();
    };
    expect(await bad("negative.npy")).toBe(
      "nmf: invalid --weights: -0.5 (row 1, column 2: weights must be finite and non-negative)"
    );
    expect(await bad("nan.npy")).toBe(
      "nmf: invalid --weights: NaN (row 0, column 5: weights must be finite and non-negative)"
    );
    expect(await bad("small.npy")).toBe('nmf: invalid --weights: "3 x 2" (must have the shape of the data, 30 x 20)');
    expect(await bad("absent.npy")).toMatch(/^nmf: invalid --weights: ".*absent\.npy" \(no such file\)$/);
  });

  it("refuses --threads for the dense path, naming it", async () => {
    const args = ["fit", "--data", path("missing.npy"), "--missing", "--rank", "2", "--iters", "3", "--threads", "2"];
    const {code, stderr} = await nmf(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^nmf: invalid --threads: 2 \(threads share the products with X of the plain Frobenius loss/
    );
  });

  it("warns when --missing finds no missing entry", async () => {
    const {code, stderr} = await nmf("fit", "--data", path("x.npy"), "--missing", "--rank", "2", "--iters", "3");
    expect(code).toBe(0);
    expect(stderr).toContain("nmf: warning: --missing: the data has no missing (NaN) entry");
  });
});
