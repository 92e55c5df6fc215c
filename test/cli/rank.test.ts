import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {createRandom, randomNormal} from "../../engine/index.js";
import {oneStandardError} from "../../engine/index.js";
import {writeMatrixFile} from "../../io/matrixFile.js";
import {plantedLowRank} from "../engine/fixtures.js";
import {nmf} from "../helpers/cli.js";

describe("nmf rank", () => {
  let folder: string;
  const path = (name: string) => join(folder, name);
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "nmf-rank-"));
    // A planted non-negative rank-4 matrix plus Gaussian noise of 1% of its entries' standard deviation.
    const X = plantedLowRank(50, 40, 4, 11);
    const mean = X.data.reduce((a, b) => a + b, 0) / X.data.length;
    const sd = Math.sqrt(X.data.reduce((a, b) => a + (b - mean) ** 2, 0) / X.data.length);
    const normal = randomNormal(createRandom(12));
    for (let k = 0; k < X.data.length; ++k) X.data[k] = Math.max(0, X.data[k] + 0.01 * sd * normal());
    await writeMatrixFile(path("rank4.npy"), X);
  });
  afterAll(() => rm(folder, {recursive: true, force: true}));

  it("chooses 4 for a planted rank-4 matrix with 1% noise, and states its rule", async () => {
    const {code, stdout, stderr} = await nmf("rank", "--data", path("rank4.npy"), "--ranks", "2,3,4,5,6", "--json");
    expect([code, stderr]).toEqual([0, ""]);
    const report = JSON.parse(stdout);
    expect(report.selectedRank).toBe(4);
    expect(report.rule).toMatch(
      /^the smallest rank whose mean held-out error is within one standard error of the lowest/
    );
    expect(report.ranks.map((r: {rank: number}) => r.rank)).toEqual([2, 3, 4, 5, 6]);
    for (const r of report.ranks) {
      expect(r.foldErrors).toHaveLength(5);
      expect(r.standardError).toBeGreaterThan(0);
      expect(r.trainError).toBeLessThan(r.heldOutError);
    }
    // Rank 4 reaches the noise: far below rank 3.
    expect(report.ranks[2].heldOutError).toBeLessThan(report.ranks[1].heldOutError / 10);
  });

  it("prints a table with the choice and the rule", async () => {
    const {code, stdout} = await nmf(
      "rank",
      "--data",
      path("rank4.npy"),
      "--ranks",
      "1,2",
      "--folds",
      "2",
      "--iters",
      "50"
    );
    expect(code).toBe(0);
    expect(stdout).toContain("rank   held-out error   standard error   train error");
    expect(stdout).toMatch(/selected rank: [12]\nrule: the smallest rank/);
  });

  it("refuses bad settings, naming the flag", async () => {
    const run = (...args: string[]) => nmf("rank", "--data", path("rank4.npy"), ...args);
    expect((await run("--ranks", "2", "--holdout", "1")).stderr).toBe(
      "nmf: invalid --holdout: 1 (must be > 0 and < 1)\n"
    );
    expect((await run()).stderr).toContain("missing --ranks");
    expect((await run("--ranks", "2", "--model", "hals", "--lr", "0.1")).stderr).toContain("invalid --lr: 0.1");
    expect((await run("--ranks", "2,999")).stderr).toBe("nmf: invalid --ranks: 999 (must be <= min(m, n) = 40)\n");
  });

  it("applies the one-standard-error rule", () => {
    const scores = [
      {rank: 2, heldOutError: 0.5, standardError: 0.01},
      {rank: 3, heldOutError: 0.105, standardError: 0.01},
      {rank: 4, heldOutError: 0.1, standardError: 0.01},
      {rank: 5, heldOutError: 0.098, standardError: 0.004}
    ];
    expect(oneStandardError(scores)).toBe(4); // 0.105 > 0.098 + 0.004
    expect(oneStandardError(scores.map((s) => ({...s, standardError: 0.01})))).toBe(3);
  });
});
