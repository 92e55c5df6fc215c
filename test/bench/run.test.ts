import {availableParallelism, cpus} from "node:os";
import {describe, expect, it} from "vitest";
import {benchCases} from "../../bench/cases.js";
import {benchCase, parseBenchArgs} from "../../bench/run.js";
import {loadData} from "../../datasets/index.js";
import {leadingSvd} from "../../engine/index.js";
import {quantile, significant, summarize} from "../../bench/stats.js";

describe("bench arguments", () => {
  it("has the defaults and reads every option", () => {
    const defaults = parseBenchArgs([]);
    expect(defaults).toMatchObject({
      runs: 5,
      warmupSeconds: 4,
      threads: availableParallelism(),
      wasm: true,
      reference: false,
      tfjs: false,
      plateaus: false
    });
    expect(defaults.cases).toBe(benchCases);
    const args = parseBenchArgs([
      "--runs",
      "2",
      "--warmup",
      "0.5",
      "--steps",
      "7",
      "--threads",
      "2",
      "--kernels",
      "ts",
      "--case",
      "mu,hals",
      "--tfjs",
      "--reference"
    ]);
    expect(args).toMatchObject({
      runs: 2,
      warmupSeconds: 0.5,
      steps: 7,
      threads: 2,
      wasm: false,
      tfjs: true,
      reference: true
    });
    expect(args.cases.map((c) => c.name)).toEqual(["mu-mnist10000-r20", "hals-mnist10000-r20"]);
    expect(parseBenchArgs(["--plateaus"]).plateaus).toBe(true);
  });

  it("names the bad option and value", () => {
    expect(() => parseBenchArgs(["--runs", "0"])).toThrow(/invalid --runs: "0"/);
    expect(() => parseBenchArgs(["--kernels", "gpu"])).toThrow(/invalid --kernels: "gpu"/);
    expect(() => parseBenchArgs(["--warmup", "-1"])).toThrow(/invalid --warmup: "-1"/);
    expect(() => parseBenchArgs(["--warmup", "soon"])).toThrow(/invalid --warmup: "soon"/);
    expect(() => parseBenchArgs(["--case", "svd"])).toThrow(/invalid --case: "svd" \(matches no case/);
    expect(() => parseBenchArgs(["--steps"])).toThrow(/invalid --steps: "\(missing\)"/);
    expect(() => parseBenchArgs(["--fast"])).toThrow(/invalid option: "--fast"/);
  });

  it("declares the issue's three cases, every metric recorded each step", () => {
    const names = benchCases.map((c) => c.name);
    for (const name of ["deep-mnist2000-r20x10-adam", "mu-mnist10000-r20", "hals-mnist10000-r20"])
      expect(names).toContain(name);
    const deep = benchCases.find((c) => c.name === "deep-mnist2000-r20x10-adam")!;
    expect(deep).toMatchObject({data: "mnist:2000", options: {model: "deep", ranks: [20, 10], loss: "global"}});
  });
});

describe("bench statistics", () => {
  it("summarizes with the median and interpolated quartiles", () => {
    expect(summarize([5, 1, 3, 2, 4])).toEqual({median: 3, min: 1, max: 5, iqr: 2});
    expect(summarize([1, 2])).toEqual({median: 1.5, min: 1, max: 2, iqr: 0.5});
    expect(quantile([10, 20, 30, 40], 0.25)).toBe(17.5);
    expect(() => summarize([])).toThrow(/no values/);
    expect(significant(1.234567, 3)).toBe(1.23);
  });
});

describe("a bench line", () => {
  it("states the CPU model and the precision beside the time", async () => {
    const c = benchCases.find((c) => c.name === "mu-mnist10000-r20")!;
    const {X} = await loadData("mnist:200");
    const {singularValues} = leadingSvd(X, 10);
    const line = benchCase(c, X, {dataSingularValues: singularValues}, 1, 3);
    expect(line.cpu).toBe(cpus()[0].model.trim());
    expect(line.cpu.length).toBeGreaterThan(0);
    expect(line.precision).toBe("float64");
    expect(line.msPerStep).toBeGreaterThan(0);
  });
});
