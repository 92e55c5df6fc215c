import {spawnSync} from "node:child_process";
import {mkdtemp, readdir, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {readNpy} from "../../io/npy.js";
import {readRunFile} from "../../io/runTable.js";

const bin = fileURLToPath(new URL("../../bin/nmf.js", import.meta.url));

/** Runs `node bin/nmf.js ...args` from another folder, as `npx nmf` would. */
function nmf(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {cwd, encoding: "utf8", timeout: 60_000});
  return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

/** Exactly one line on stderr, and no stack trace. */
function expectOneLine(stderr: string, pattern: RegExp) {
  const lines = stderr.split("\n");
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/^\s+at /m);
}

// Each spawn costs about 0.2-0.5 s: a few cases, the rest is tested in-process in main.test.ts.
describe("bin/nmf.js", () => {
  let folder: string;
  beforeAll(async () => void (folder = await mkdtemp(join(tmpdir(), "nmf-bin-"))));
  afterAll(() => rm(folder, {recursive: true, force: true}));

  it("prints the help with exit code 0", () => {
    const {code, stdout, stderr} = nmf(folder, "--help");
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toMatch(/^nmf: .*\n\nUsage: nmf <command> \[options\]/);
    const fit = nmf(folder, "fit", "--help");
    expect(fit.code).toBe(0);
    expect(fit.stdout).toMatch(/^Usage: nmf fit/);
    expect(fit.stdout).toContain("--save-factors DIR");
  });

  it("exits with code 2 and one line for bad flags, values, commands and files", () => {
    const cases: [string[], RegExp][] = [
      [["fit", "--bogus"], /^nmf: unknown option --bogus for nmf fit/],
      [["fit", "--rank"], /^nmf: missing value for --rank$/],
      [["fit", "--rank", "abc"], /^nmf: invalid --rank: "abc" \(must be an integer\)$/],
      [["fit", "--data", "mnist:10", "--model", "svd"], /^nmf: invalid --model: "svd"/],
      [["frobnicate"], /^nmf: unknown command "frobnicate"/],
      [["fit", "--data", "missing.npy", "--rank", "2"], /^nmf: invalid file: ".*missing\.npy" \(no such file\)$/]
    ];
    for (const [args, pattern] of cases) {
      const {code, stdout, stderr} = nmf(folder, ...args);
      expect(code, args.join(" ")).toBe(2);
      expect(stdout).toBe("");
      expectOneLine(stderr, pattern);
    }
  });

  it("leaves nothing in the folder it ran in after errors", async () => {
    expect(await readdir(folder)).toEqual([]);
  });

  it("fits, prints the JSON summary, and writes the run file and the factors", async () => {
    const args = ["fit", "--data", "mnist:200", "--rank", "5", "--iters", "20", "--json"];
    const {code, stdout, stderr} = nmf(folder, ...args, "--out", "run.arrow", "--save-factors", "factors");
    expect([code, stderr]).toEqual([0, ""]);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({model: "mu", ranks: [5], iterations: 20, stopReason: "iterations"});
    expect(summary.data).toMatchObject({m: 200, n: 784, subset: 200, imageShape: [28, 28, 1]});
    expect(summary.data.hash).toMatch(/^[0-9a-f]{16}$/);
    for (const key of ["relativeError", "error", "effectiveRank", "nuclearRatio", "stableRank"]) {
      expect(Number.isFinite(summary.final[key]), key).toBe(true);
    }
    expect(summary.final.relativeError).toBeLessThan(1);
    expect(summary.final.singularValues).toHaveLength(10);
    expect(summary.final.modeAlignment).toHaveLength(10);
    const aligned = summary.final.modeAlignment.filter((a: number) => Math.abs(a) >= 0.5).length;
    expect(summary.final.modesLearned).toBe(aligned);

    const run = await readRunFile(join(folder, "run.arrow"));
    expect(Array.from(run.trajectory.step)).toEqual(Array.from({length: 21}, (_, i) => i));
    expect(run.trajectory.relativeError[20]).toBe(summary.final.relativeError);
    expect(Array.from(run.trajectory.modeAlignment.subarray(200, 210))).toEqual(summary.final.modeAlignment);
    expect(run.metadata.data.hash).toBe(summary.data.hash);
    expect(run.metadata.options).toMatchObject({model: "mu", ranks: [5], iterations: 20});
    const W = await readNpy(join(folder, "factors", "W.npy"));
    const H = await readNpy(join(folder, "factors", "H.npy"));
    expect([W.dtype, W.shape, H.shape]).toEqual(["float32", [200, 5], [5, 784]]);
    expect((await readdir(folder)).sort()).toEqual(["factors", "run.arrow"]);
    expect((await readdir(join(folder, "factors"))).sort()).toEqual(["H.npy", "W.npy"]);
  });

  it("stops quietly when the reader of its output goes away (a closed pipe)", () => {
    // `true` exits without reading: every write of the summary meets a closed pipe (EPIPE).
    const script = `"${process.execPath}" "${bin}" fit --data mnist:300 --rank 3 --iters 5 --json | true; echo "$\{PIPESTATUS[0]}"`;
    const result = spawnSync("bash", ["-c", script], {cwd: folder, encoding: "utf8", timeout: 60_000});
    expect([result.stdout, result.stderr]).toEqual(["0\n", ""]);
  });

  it("exits with code 1 and one line when the fit diverges, and writes nothing", async () => {
    // Entries near the float32 maximum: the first gradient step overflows.
    const data = join(folder, "huge.csv");
    await writeFile(data, "3e38,1e38\n2e38,3e38\n1,2\n");
    const args = ["fit", "--data", data, "--model", "gd", "--rank", "1", "--iters", "5"];
    const {code, stdout, stderr} = nmf(folder, ...args, "--out", "diverged.arrow", "--save-factors", "diverged");
    expect([code, stdout]).toEqual([1, ""]);
    expectOneLine(stderr, /^nmf: the fit diverged at step \d+ .*nothing was written/);
    const left = await readdir(folder);
    expect(left).not.toContain("diverged.arrow");
    expect(left).not.toContain("diverged");
    expect(left.filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});
