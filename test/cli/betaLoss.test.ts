import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {writeMatrixFile} from "../../io/matrixFile.js";
import {readRunFile} from "../../io/runTable.js";
import {randomData} from "../engine/fixtures.js";
import {nmf} from "../helpers/cli.js";

describe("nmf fit --beta-loss", () => {
  let folder: string;
  const path = (name: string) => join(folder, name);
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "nmf-beta-"));
    await writeMatrixFile(path("counts.npy"), randomData(20, 15, 3, 0.7));
  });
  afterAll(() => rm(folder, {recursive: true, force: true}));

  it("minimizes the KL divergence and says which divergence the error columns hold", async () => {
    const args = ["fit", "--data", path("counts.npy"), "--rank", "3", "--beta-loss", "kullback-leibler"];
    const {code, stdout, stderr} = await nmf(...args, "--iters", "100", "--init", "nndsvda", "--json");
    expect([code, stderr]).toEqual([0, ""]);
    const summary = JSON.parse(stdout);
    expect(summary.errorMeasure).toMatchObject({betaLoss: "kullback-leibler", weighted: "none"});
    expect(summary.final.relativeError).toBeCloseTo(summary.final.error / summary.errorMeasure.reference, 12);
    const out = path("kl.arrow");
    const text = await nmf(...args, "--model", "adam", "--iters", "20", "--out", out);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("error: the kullback-leibler loss over every entry; relative error = error / ");
    expect((await readRunFile(out)).metadata.result.errorMeasure?.betaLoss).toBe("kullback-leibler");
  });

  it("names --beta-loss when the model or the data cannot take it", async () => {
    const base = ["fit", "--data", path("counts.npy"), "--rank", "3", "--iters", "5"];
    const hals = await nmf(...base, "--model", "hals", "--beta-loss", "kullback-leibler");
    expect([hals.code, hals.stderr]).toEqual([
      2,
      'nmf: invalid --beta-loss: "kullback-leibler" (hals minimizes the Frobenius loss; use mu or a gradient model)\n'
    ]);
    const is = await nmf(...base, "--beta-loss", "itakura-saito");
    expect(is.code).toBe(2);
    expect(is.stderr).toMatch(/^nmf: invalid --beta-loss: "itakura-saito" \(the data has an observed zero at row/);
    const bogus = await nmf(...base, "--beta-loss", "kl");
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain("--beta-loss");
  });
});
