import {spawnSync} from "node:child_process";
import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {formatNpy, readNpy} from "../../io/npy.js";
import {readRunFile} from "../../io/runTable.js";
import {nmf} from "../helpers/cli.js";
import {snapshot} from "../helpers/snapshot.js";

const repository = fileURLToPath(new URL("../..", import.meta.url));
const fitArgs = ["fit", "--data", "mnist:60", "--rank", "3", "--iters", "3"];

/** Exit 2, one line on stderr matching `pattern`, nothing on stdout. */
function expectRefused(result: {code: number; stdout: string; stderr: string}, pattern: RegExp) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr.split("\n")).toEqual([expect.stringMatching(pattern), ""]);
}

describe("nmf fit outputs", () => {
  let root: string;
  beforeAll(async () => void (root = await mkdtemp(join(tmpdir(), "nmf-outputs-"))));
  afterAll(() => rm(root, {recursive: true, force: true}));

  it("never overwrites an input or writes one output over another (exit 2, nothing touched)", async () => {
    const dir = join(root, "clash");
    await mkdir(dir);
    const data = join(dir, "X.npy");
    await writeFile(data, formatNpy(new Float32Array(12).fill(0.5), [4, 3]));
    const before = snapshot(dir);
    expectRefused(
      await nmf("fit", "--data", data, "--rank", "2", "--iters", "3", "--out", data),
      /^nmf: invalid --out: ".*X\.npy" \(must end in \.arrow or \.feather \(the file's format\)\)$/
    );
    expectRefused(
      await nmf(...fitArgs, "--out", join(dir, "f", "W.npy"), "--save-factors", join(dir, "f"), "--json"),
      /^nmf: invalid --out: ".*f\/W\.npy" \(is inside --save-factors .*f, a folder written whole: put it elsewhere\)$/
    );
    expectRefused(
      await nmf(...fitArgs, "--out", join(dir, "f", "run.arrow"), "--save-factors", join(dir, "f")),
      /^nmf: invalid --out: ".*f\/run\.arrow" \(is inside --save-factors .*f, a folder written whole: put it elsewhere\)$/
    );
    expectRefused(
      await nmf("fit", "--data", data, "--rank", "2", "--iters", "3", "--save-factors", dir),
      /^nmf: invalid --save-factors: ".*clash" \(holds the input --data .*X\.npy: write the output elsewhere\)$/
    );
    expectRefused(
      await nmf(...fitArgs, "--save-factors", join(dir, "s"), "--save-init", join(dir, "s")),
      /^nmf: invalid --save-factors: ".*s" \(is also --save-init: give each output its own path\)$/
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses before any work when a folder is in the way of a file, keeping the earlier run file", async () => {
    const dir = join(root, "inTheWay");
    await mkdir(join(dir, "f", "W.npy"), {recursive: true});
    await writeFile(join(dir, "run.arrow"), "an earlier run");
    const before = snapshot(dir);
    expectRefused(
      await nmf(...fitArgs, "--out", join(dir, "run.arrow"), "--save-factors", join(dir, "f")),
      /^nmf: invalid --save-factors: ".*f" \(.*f\/W\.npy is a folder, in the way of the file\)$/
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it("does not leave a deep run's W1.npy, W2.npy beside a flat run's factors", async () => {
    const dir = join(root, "stale");
    const deep = await nmf(
      ...["fit", "--data", "mnist:60", "--model", "deep", "--ranks", "4,2", "--iters", "2", "--save-factors", dir]
    );
    expect(deep.code).toBe(0);
    const before = snapshot(dir);
    expectRefused(
      await nmf(...fitArgs, "--save-factors", dir),
      /^nmf: invalid --save-factors: ".*stale" \(holds W1\.npy, W2\.npy beside the W\.npy, H\.npy this run writes .*add --force to delete them with the write\)$/
    );
    expect(snapshot(dir)).toEqual(before);
    const forced = await nmf(...fitArgs, "--save-factors", dir, "--force");
    expect([forced.code, forced.stderr]).toEqual([0, ""]);
    expect((await readdir(dir)).sort()).toEqual(["H.npy", "W.npy"]);
    expect((await readNpy(join(dir, "W.npy"))).shape).toEqual([60, 3]);
  });

  it("removes what a run killed while writing left, restoring the files it was replacing", async () => {
    const dir = join(root, "killed");
    await mkdir(dir);
    // A write killed with SIGKILL in the middle of its commit (test/io/killDuringCommit.ts, step 14:
    // a.bin and f/W.npy already replaced, their backups and the journal still there).
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", join(repository, "test/io/killDuringCommit.ts"), dir, "14"],
      {cwd: repository, encoding: "utf8", timeout: 60_000}
    );
    expect(child.signal).toBe("SIGKILL");
    const left = Object.keys(snapshot(dir));
    expect(left.filter((path) => /nmf-/.test(path)).length).toBeGreaterThan(3);
    expect(await readFile(join(dir, "a.bin"), "utf8")).toBe("new a");

    const run = await nmf(...fitArgs, "--out", join(dir, "run.arrow"), "--save-factors", join(dir, "f"), "--force");
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const state = snapshot(dir);
    expect(Object.keys(state).filter((path) => /nmf-/.test(path))).toEqual([]);
    // The killed write is undone: a.bin is the earlier one, k/ has no y.bin, no g/ was made.
    expect(await readFile(join(dir, "a.bin"), "utf8")).toBe("old a");
    expect(Object.keys(state).sort()).toEqual(
      ["a.bin", "f/", "f/H.npy", "f/W.npy", "k/", "k/keep.txt", "run.arrow"].sort()
    );
    expect((await readRunFile(join(dir, "run.arrow"))).trajectory.step.length).toBe(4);
  });

  it("fails a fit whose product collapses to zero: exit 1, nothing written, the step and a hint", async () => {
    const dir = join(root, "collapse");
    await mkdir(dir);
    const result = await nmf(
      ...["fit", "--data", "mnist:300", "--model", "gd", "--rank", "5", "--lr", "1e6", "--iters", "50"],
      ...["--save-factors", join(dir, "d"), "--out", join(dir, "run.arrow")]
    );
    expect([result.code, result.stdout]).toEqual([1, ""]);
    expect(result.stderr).toBe(
      "nmf: the fit collapsed: the product of the factors is exactly zero since step 1 (relative error 1, nothing learned); nothing was written; try a smaller --lr (the steps overshot and the factors were clipped to 0)\n"
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses an experiment that cannot run here instead of writing empty tables", async () => {
    const saved = {flowers: process.env.NMF_FLOWERS102_DIR, data: process.env.NMF_DATA_DIR};
    const empty = join(root, "no-data");
    await mkdir(empty);
    process.env.NMF_FLOWERS102_DIR = "";
    process.env.NMF_DATA_DIR = empty;
    try {
      const out = join(root, "flowers-tables");
      expectRefused(
        await nmf("experiment", "flowers", "--profile", "quick", "--out", out),
        /^nmf: experiment flowers cannot run here: Flowers102 was not found: .*; nothing was written$/
      );
      expect(await readdir(root)).not.toContain("flowers-tables");
    } finally {
      for (const [key, value] of [
        ["NMF_FLOWERS102_DIR", saved.flowers],
        ["NMF_DATA_DIR", saved.data]
      ] as const)
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
    }
  });
});
