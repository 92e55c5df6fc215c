// Experiments that scale out: shards of the runs into a shared cache, then the tables assembled from it.
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {parseShard, runExperiment, runExperimentShard} from "../../experiments/index.js";
import type {Job} from "../../experiments/runner.js";
import {shardJobs} from "../../experiments/shards.js";
import {nmf} from "../helpers/cli.js";

/** A job of the given steps on a 10 x 10 matrix half non-zero, rank 1 (its cost is proportional to steps). */
const job = (iterations: number) =>
  ({
    spec: {id: `run-${iterations}`, data: {spec: "x", dataSeed: 0}, fit: {model: "mu", ranks: [1], iterations}},
    data: {X: {rows: 10, cols: 10}, provenance: {density: 0.5}}
  }) as unknown as Job;

describe("shards of an experiment", () => {
  it("parse i/N and refuse anything else, naming the flag", () => {
    expect(parseShard("2/8")).toEqual({index: 2, count: 8});
    for (const bad of ["0/2", "3/2", "1/0", "a/b", "1", "1/2/3", "-1/2"])
      expect(() => parseShard(bad)).toThrow(new RegExp(`--shard.*"${bad.replace(/\//g, "\\/")}"`));
  });

  it("split the runs into disjoint parts that cover them all, of about equal cost, the same on every call", () => {
    const jobs = [100, 5, 70, 30, 30, 20, 90, 10, 60, 1].map(job);
    const parts = [1, 2, 3].map((index) => shardJobs(jobs, {index, count: 3}));
    expect(parts.flat().sort((a, b) => a - b)).toEqual(jobs.map((_, i) => i));
    const steps = parts.map((part) => part.reduce((s, i) => s + jobs[i].spec.fit.iterations, 0));
    // 416 steps in all: the greedy split is within a third of the best (139 each).
    expect(Math.max(...steps)).toBeLessThanOrEqual((4 / 3) * Math.ceil(416 / 3));
    expect([1, 2, 3].map((index) => shardJobs(jobs, {index, count: 3}))).toEqual(parts);
    expect(shardJobs(jobs, {index: 1, count: 1})).toEqual(jobs.map((_, i) => i));
  });

  describe("computed into one cache and assembled", () => {
    let cacheDir: string, otherCache: string;
    beforeAll(async () => {
      cacheDir = await mkdtemp(join(tmpdir(), "nmf-shards-"));
      otherCache = await mkdtemp(join(tmpdir(), "nmf-shards-direct-"));
    });
    afterAll(() =>
      Promise.all([rm(cacheDir, {recursive: true, force: true}), rm(otherCache, {recursive: true, force: true})])
    );

    it("give the tables of a direct run without recomputing any run", {timeout: 180_000}, async () => {
      const quiet = () => {};
      const first = await runExperimentShard("lab-presets", {index: 1, count: 2}, {cacheDir, progress: quiet});
      const second = await runExperimentShard("lab-presets", {index: 2, count: 2}, {cacheDir, progress: quiet});
      expect(first.runs + second.runs).toBe(first.of);
      expect(first.runs).toBeGreaterThan(0);
      const lines: string[] = [];
      const assembled = await runExperiment("lab-presets", {cacheDir, progress: (line) => lines.push(line)});
      expect(lines).toEqual([`[lab-presets] ${first.of} of ${first.of} runs from the cache (${cacheDir})`]);
      const direct = await runExperiment("lab-presets", {cacheDir: otherCache, progress: quiet});
      for (const column of ["preset", "step", "relativeError", "effectiveRank"])
        expect(assembled.tables.curves.getChild(column)!.toArray()).toEqual(
          direct.tables.curves.getChild(column)!.toArray()
        );
    });
  });

  it("refuse a bad --shard, and --out beside one (exit 2, one line)", async () => {
    const bad = await nmf("experiment", "lab-presets", "--shard", "3/2");
    expect([bad.code, bad.stdout, bad.stderr]).toEqual([
      2,
      "",
      'nmf: invalid --shard: "3/2" (expected i/N with 1 <= i <= N, e.g. 2/8)\n'
    ]);
    const out = await nmf("experiment", "lab-presets", "--shard", "1/2", "--out", "somewhere");
    expect([out.code, out.stdout]).toEqual([2, ""]);
    expect(out.stderr).toMatch(/^nmf: a shard writes no table: drop --out, .*\n$/);
  });
});
