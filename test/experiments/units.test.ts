import {mkdir, writeFile} from "node:fs/promises";
import {existsSync} from "node:fs";
import {join, relative, sep} from "node:path";
import {describe, expect, it} from "vitest";
import {fit} from "../../engine/fit.js";
import {matrix, type Matrix} from "../../engine/matrix.js";
import {createRandom} from "../../engine/random.js";
import {downsampleIndices} from "../../experiments/downsample.js";
import {checkProfile, profileFromEnv} from "../../experiments/profiles.js";
import {getExperiment} from "../../experiments/registry.js";
import {cacheKey, readCache, runCodeHash, writeCache} from "../../experiments/runCache.js";
import {executeRun} from "../../experiments/executeRun.js";
import {pruneCache} from "../../experiments/pruneCache.js";
import {theoryFolder} from "../../experiments/theory/memo.js";
import {tempDir} from "../datasets/tempDir.js";

/** A small non-negative matrix of rank about `rank` plus noise. */
function lowRankData(m: number, n: number, rank: number, seed: number): Matrix {
  const random = createRandom(seed);
  const A = Float64Array.from({length: m * rank}, random);
  const B = Float64Array.from({length: rank * n}, random);
  const X = matrix(m, n);
  for (let i = 0; i < m; ++i)
    for (let j = 0; j < n; ++j) {
      let v = 0.01 * random();
      for (let k = 0; k < rank; ++k) v += A[i * rank + k] * B[k * n + j];
      X.data[i * n + j] = v;
    }
  return X;
}

describe("profiles and names", () => {
  it("reads NMF_PROFILE, default when unset, and refuses unknown profiles with a one-line InputError", () => {
    expect(profileFromEnv({})).toBe("default");
    expect(profileFromEnv({NMF_PROFILE: ""})).toBe("default");
    expect(profileFromEnv({NMF_PROFILE: "quick"})).toBe("quick");
    expect(() => profileFromEnv({NMF_PROFILE: "fast"})).toThrow(
      'invalid NMF_PROFILE: "fast" (expected quick, default, full)'
    );
    expect(() => checkProfile("x")).toThrow(expect.objectContaining({name: "InputError", parameter: "profile"}));
  });

  it("refuses unknown experiments, naming the known ones", () => {
    expect(getExperiment("plateaus").name).toBe("plateaus");
    expect(() => getExperiment("plateau")).toThrow(
      /^invalid experiment: "plateau" \(expected one of singular-values, plateaus, /
    );
  });
});

describe("downsampleIndices", () => {
  const steps = Int32Array.from({length: 20001}, (_, i) => i);

  it("keeps about `count` points on a log-time grid, the first and last, and every marked step", () => {
    const plateaus = [
      {start: 900, end: 2069, level: 3.2},
      {start: 4700, end: 6158, level: 2.3},
      {start: 10899, end: 20000, level: 6.9}
    ];
    const indices = downsampleIndices(steps, {count: 500, plateaus, keep: [12345]});
    const kept = new Set(Array.from(indices, (i) => steps[i]));
    expect(indices.length).toBeLessThanOrEqual(500 + 3 * 2 + 2 + 1);
    expect(indices.length).toBeGreaterThan(300);
    for (const step of [0, 20000, 900, 2069, 4700, 6158, 10899, 12345])
      expect(kept.has(step), `step ${step}`).toBe(true);
    // The jumps' log-time midpoints: sqrt((2069 + 1) (4700 + 1)) - 1 and sqrt((6158 + 1) (10899 + 1)) - 1.
    expect(kept.has(Math.round(Math.sqrt(2070 * 4701) - 1))).toBe(true);
    expect(kept.has(Math.round(Math.sqrt(6159 * 10900) - 1))).toBe(true);
    // Increasing, and dense early (every step below 10 is on the log grid), sparse late.
    for (let k = 1; k < indices.length; ++k) expect(indices[k]).toBeGreaterThan(indices[k - 1]);
    for (let step = 0; step < 10; ++step) expect(kept.has(step)).toBe(true);
    expect([...kept].filter((s) => s >= 10000).length).toBeLessThan(60);
  });

  it("spreads points evenly in steps on a linear grid, and keeps everything when short", () => {
    const linear = downsampleIndices(steps, {count: 101, scale: "linear"});
    expect(Array.from(linear, (i) => steps[i])).toEqual(Array.from({length: 101}, (_, k) => 200 * k));
    expect(Array.from(downsampleIndices(Int32Array.of(0, 5, 10), {count: 10}))).toEqual([0, 1, 2]);
    expect(() => downsampleIndices(steps, {count: 1})).toThrow(/invalid point count/);
  });
});

describe("the run cache", () => {
  it("keys on the configuration and the data hash, and ignores unreadable entries", async () => {
    const dir = await tempDir("nmf-run-cache-");
    const key = cacheKey("run", {id: "a", fit: {ranks: [2]}}, "0123");
    expect(cacheKey("run", {fit: {ranks: [2]}, id: "a"}, "0123")).toBe(key);
    expect(cacheKey("run", {id: "a", fit: {ranks: [3]}}, "0123")).not.toBe(key);
    expect(cacheKey("run", {id: "a", fit: {ranks: [2]}}, "0124")).not.toBe(key);
    expect(await readCache(key, dir)).toBeUndefined();
    await writeCache(key, {values: Float64Array.of(1, 2, 3)}, dir);
    expect(await readCache(key, dir)).toEqual({values: Float64Array.of(1, 2, 3)});
    await mkdir(join(dir, runCodeHash().slice(0, 16)), {recursive: true});
    await writeFile(join(dir, runCodeHash().slice(0, 16), `${key}.v8`), "not v8");
    expect(await readCache(key, dir)).toBeUndefined();
  });

  it("prunes the folders of older code and nothing else", async () => {
    const dir = await tempDir("nmf-prune-cache-");
    const key = cacheKey("run", {id: "kept"}, "0123");
    await writeCache(key, {kept: true}, dir);
    const folders = ["0123456789abcdef", "ab", "theory/fedcba9876543210", "theory/cd", "theory/" + theoryFolder()];
    const others = ["notes", "0123456789abcdeg"];
    for (const folder of [...folders, ...others]) {
      await mkdir(join(dir, folder), {recursive: true});
      await writeFile(join(dir, folder, "entry.v8"), "12345");
    }
    const {removed, bytes} = await pruneCache(dir);
    expect(removed.map((path) => relative(dir, path).split(sep).join("/")).sort()).toEqual(folders.slice(0, 4).sort());
    expect(bytes).toBe(20);
    expect(await readCache(key, dir)).toEqual({kept: true});
    for (const folder of [folders[4], ...others]) expect(existsSync(join(dir, folder, "entry.v8"))).toBe(true);
    expect((await pruneCache(dir)).removed).toEqual([]);
  });
});

describe("executeRun", () => {
  const X = lowRankData(60, 40, 4, 7);
  const spec = {
    id: "t",
    data: {spec: "test", dataSeed: 1},
    fit: {model: "deep" as const, ranks: [6, 4], iterations: 600, lr: 1e-2, initScale: 0.1, seed: 3},
    capture: {snapshots: {every: 200, jumps: true}, earlyStops: [{patience: 50, lossTolerance: 0.5}, {patience: 1e9}]}
  };

  it("gives fit's factors the getter of the current factors at every recorded step", () => {
    const seen: number[] = [];
    let last: number[][] = [];
    const result = fit(X, {
      ...spec.fit,
      iterations: 30,
      recordEvery: 10,
      onRecord: (record, factors) => {
        const f = factors();
        expect(f.map((m) => [m.rows, m.cols])).toEqual([
          [60, 6],
          [6, 4],
          [4, 40]
        ]);
        seen.push(record.step);
        last = f.map((m) => Array.from(m.data));
      }
    });
    expect(seen).toEqual([0, 10, 20, 30]);
    expect(last).toEqual(result.factors.map((m) => Array.from(m.data)));
  });

  it("keeps H at regular steps, around every jump and at the end, and where each early-stopping rule fires", () => {
    const out = executeRun(spec, X);
    const regular = out.snapshots.filter((s) => s.kind === "regular").map((s) => s.step);
    expect(regular).toEqual([0, 200, 400, 600]);
    expect(out.snapshots.filter((s) => s.kind === "final").map((s) => s.step)).toEqual([600]);
    const jumps = out.plateaus.length - 1;
    for (const kind of ["jump-before", "jump", "jump-after"])
      expect(out.snapshots.filter((s) => s.kind === kind).length).toBe(Math.max(jumps, 0));
    const final = out.snapshots.find((s) => s.kind === "final")!;
    expect(Array.from(final.H.data)).toEqual(Array.from(out.factors[2].data));

    const [fires, never] = out.earlyStops;
    expect(never.step).toBeUndefined();
    expect(fires.step).toBeDefined();
    const stopped = fit(X, {...spec.fit, earlyStop: spec.capture.earlyStops[0]});
    expect(stopped.stopReason).toBe("plateau");
    expect(stopped.iterations).toBe(fires.step);
    expect(fires.factors!.map((m) => Array.from(m.data))).toEqual(stopped.factors.map((m) => Array.from(m.data)));
  });
});
