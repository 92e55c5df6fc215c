import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {transform} from "../../engine/index.js";
import {readMatrixFile, writeMatrixFile} from "../../io/matrixFile.js";
import {randomData} from "../engine/fixtures.js";
import {randomMask, withMissing} from "../engine/masks.js";
import {nmf} from "../helpers/cli.js";

describe("nmf transform", () => {
  let folder: string;
  const path = (name: string) => join(folder, name);
  const H = randomData(3, 12, 21);
  const X = randomData(8, 12, 22);
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "nmf-transform-"));
    await writeMatrixFile(path("H.npy"), H);
    await writeMatrixFile(path("x.npy"), X);
    await writeMatrixFile(path("H13.npy"), randomData(3, 13, 24));
    await writeMatrixFile(path("missing.npy"), withMissing(X, randomMask(X.data.length, 0.2, 23)));
  });
  afterAll(() => rm(folder, {recursive: true, force: true}));

  it("writes the engine's transform of the rows as W.npy, and a summary", async () => {
    const {code, stdout, stderr} = await nmf(
      "transform",
      "--data",
      path("x.npy"),
      "--components",
      path("H.npy"),
      "--out",
      path("W.npy"),
      "--json"
    );
    expect([code, stderr]).toEqual([0, ""]);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({
      m: 8,
      rank: 3,
      converged: true,
      stopRule: "projected-gradient",
      betaLoss: "frobenius"
    });
    const W = await readMatrixFile(path("W.npy"));
    expect(W.data).toEqual(transform(X, H).W.data);
    const text = await nmf("transform", "--data", path("x.npy"), "--components", path("H.npy"), "--out", path("W.csv"));
    expect(text.stdout).toMatch(
      /^W: 8 x 3, \d+ iterations \(converged: projected-gradient .*\), frobenius relative error/
    );
  });

  it("takes --missing, --beta-loss and --max-iter, and warns when the budget ends first", async () => {
    const base = ["transform", "--components", path("H.npy"), "--out", path("Wm.npy")];
    const missing = await nmf(...base, "--data", path("missing.npy"), "--missing", "--json");
    expect(missing.code).toBe(0);
    expect(JSON.parse(missing.stdout).converged).toBe(true);
    const kl = await nmf(...base, "--data", path("x.npy"), "--beta-loss", "kullback-leibler", "--max-iter", "5");
    expect(kl.code).toBe(0);
    expect(kl.stderr).toContain("nmf: warning: stopped at --max-iter 5 before the tolerance");
  });

  it("refuses bad input, naming the flag, and writes nothing", async () => {
    const run = (...args: string[]) => nmf("transform", "--data", path("x.npy"), ...args);
    expect((await run("--out", path("W.npy"))).stderr).toContain("missing --components");
    const shape = await run("--components", path("H13.npy"), "--out", path("bad.npy"));
    expect(shape.stderr).toBe('nmf: invalid --components: "3 x 13" (need one column per column of the data (12))\n');
    const same = await run("--components", path("H.npy"), "--out", path("x.npy"));
    expect(same.code).toBe(2);
    expect(same.stderr).toContain("--out");
    expect((await run("--components", path("absent.npy"), "--out", path("W9.npy"))).stderr).toMatch(
      /invalid --components: ".*absent\.npy" \(no such file\)/
    );
    expect((await run("--components", path("H.npy"), "--out", path("W9.npy"), "--tol=-1")).stderr).toContain(
      'invalid --tol: "-1" (must be >= 0)'
    );
  });
});
