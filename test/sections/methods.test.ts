// @vitest-environment jsdom
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it, vi} from "vitest";
import {crossCheckFacts, crossCheckTable, seedSpread, type CrossCheck} from "../../src/sections/methods/crossCheck.js";
import {
  runSensitivityTable,
  sensitivityFacts,
  sensitivityRuns,
  sensitivityTable,
  settingMoves,
  variantName
} from "../../src/sections/methods/detectorSensitivity.js";
import {gramRouteCheck} from "../../src/sections/methods/gramRoute.js";
import {plural, recordingsText, validationTable} from "../../src/sections/methods/plateauDetector.js";
import {rankSummaries} from "../../src/sections/methods/rankSummaries.js";
import {table} from "./tables.js";

// The browser's engine is the esbuild bundle of engine/index.ts (built before the site); here, its source.
vi.mock("../../src/components/browserEngine.js", async () => ({engine: await import("../../engine/index.js")}));

describe("rank summaries and the Gram route, on the engine", () => {
  it("orders the three summaries of a geometric spectrum, all equal to the rank when it is flat", () => {
    for (const q of [0.3, 0.6, 0.9]) {
      const {erank, nuclear, stable} = rankSummaries(q);
      expect(stable).toBeLessThan(nuclear);
      expect(nuclear).toBeLessThan(erank);
      expect(erank).toBeLessThan(20);
    }
    const flat = rankSummaries(1);
    for (const value of Object.values(flat)) expect(value).toBeCloseTo(20, 9);
  });

  it("finds the singular values of the formed product by the Gram route", () => {
    const check = gramRouteCheck();
    expect([check.m, check.r, check.n]).toEqual([400, 10, 300]);
    expect(check.worst).toBeLessThan(1e-3);
    expect(check.s1).toBeGreaterThan(check.sr);
  });
});

describe("the plateau detector's suite and validation", () => {
  it("writes the recordings and the counts as the text says them", () => {
    expect(
      recordingsText([
        {every: 1, last: 20000},
        {every: 10, last: 200000}
      ])
    ).toBe("every step to 20,000, every 10 steps to 200,000");
    expect(plural(1, "seed")).toBe("1 seed");
    expect(plural(3, "seed")).toBe("3 seeds");
  });

  it("names the rows of the validation table by family, noise level and stress", () => {
    const row = (scope: string, family: string, noise: number) => ({
      scope,
      family,
      noise,
      trajectories: 10,
      truth: 20,
      detected: 19,
      matched: 18,
      precision: 18 / 19,
      recall: 0.9
    });
    const element = validationTable(
      table([
        row("suite", "all", 0.01),
        row("suite", "ramps", 0.01),
        row("noise", "all", 0.02),
        row("stress", "all", 0.1)
      ])
    );
    const cells = Array.from(element.querySelectorAll("tbody tr")).map(
      (tr) => tr.querySelectorAll("td")[1]?.textContent
    );
    expect(cells).toEqual(["all families", "ramps", "noise sd 0.02", "noise sd 0.1 (stress)"]);
    expect(element.textContent).toContain("0.947");
  });
});

describe("the plateau detector's sensitivity", () => {
  const row = (setting: string, change: number, value: number, run: string, plateaus: number) => ({
    setting,
    change,
    value,
    run,
    plateaus,
    summary: plateaus ? `${plateaus} plateaus here` : "",
    suitePrecision: setting === "penalty" && change > 0 ? 0.95 : 0.99,
    suiteRecall: setting === "penalty" && change < 0 ? 0.9 : 0.98,
    zeroWidthJumps: run === "seed-113" ? 1 : 0,
    sameLevelNeighbours: setting === "defaults" ? 0 : 2
  });
  const rows = ["seed-112", "seed-113"].flatMap((run) => [
    row("defaults", 0, 0, run, 4),
    row("penalty", -0.5, 1.5, run, 6),
    row("penalty", 0.5, 4.5, run, 0)
  ]);
  const sensitivity = table(rows, {configuration: {headlineSeeds: [112, 113], suite: {sensitivityReplicates: 2}}});

  it("names the variants and the changes tried", () => {
    expect(rows.slice(0, 3).map(variantName)).toEqual(["defaults", "penalty −50 % (1.5)", "penalty +50 % (4.5)"]);
    expect(settingMoves(sensitivity)).toBe("−50 % and +50 %");
    expect(sensitivityRuns(sensitivity)).toEqual({runs: ["seed-112", "seed-113"], first: "seed-112"});
  });

  it("sums each variant over the runs, one table row per variant", () => {
    const element = sensitivityTable(sensitivity);
    const body = Array.from(element.querySelectorAll("tbody tr")).map((tr) =>
      Array.from(tr.querySelectorAll("td"))
        .slice(1)
        .map((td) => td.textContent)
    );
    expect(body).toEqual([
      ["defaults", "0.990", "0.980", "4, 4", "1", "0"],
      ["penalty −50 % (1.5)", "0.990", "0.900", "6, 6", "1", "4"],
      ["penalty +50 % (4.5)", "0.950", "0.980", "0, 0", "1", "4"]
    ]);
    expect(runSensitivityTable(sensitivity, "seed-113").textContent).toContain("none");
  });

  it("gives the defaults' findings and the extremes over every variant", () => {
    expect(sensitivityFacts(sensitivity)).toEqual({
      defaults: "seed-112, 4 plateaus (4 plateaus here); seed-113, 4 plateaus (4 plateaus here)",
      zeroWidth: 3,
      sameLevel: 8,
      fewestPlateaus: 0,
      mostPlateaus: 6,
      precision: "0.950",
      recall: "0.900"
    });
  });
});

describe("the cross-check", () => {
  const cross = JSON.parse(
    readFileSync(join(import.meta.dirname, "../../src/data/cross-check.json"), "utf8")
  ) as CrossCheck;

  it("quotes the recorded numbers, formatted as the text writes them", () => {
    const facts = crossCheckFacts(cross);
    const fromEngine = cross.starts.find((s) => s.start === "engine-seed-112")!;
    const study = fromEngine.variants.find((v) => v.variant === "relu-float32")!;
    expect(facts.studyError).toBe(study.finalRelativeError.toFixed(3));
    expect(facts.float32Difference).toMatch(/^\de-\d+$/);
    expect(facts.entries).toBe("48,040");
    expect(() => crossCheckFacts({...cross, starts: cross.starts.slice(0, 1)})).toThrow(/no start "torch-seed-112"/);
  });

  it("draws one row per start for the engine and one per PyTorch variant", () => {
    const rows = cross.starts.reduce((n, s) => n + 1 + s.variants.length, 0);
    const element = crossCheckTable(cross);
    expect(element.querySelectorAll("tbody tr").length).toBe(rows);
    expect(element.textContent).toContain("(reference)");
  });

  it("states the spread over seeds at a full profile and points to it at the quick one", () => {
    const summary = (profile: string) =>
      table(
        [
          {replicate: "fashion", quantity: "finalError", seeds: 5, min: 0.1, max: 0.2},
          {replicate: "mnist", quantity: "finalError", seeds: 5, min: 0.3512, max: 0.3624}
        ],
        {profile}
      );
    expect(seedSpread(summary("default"))).toBe(
      "The seed matters less: the 5 seeds of this configuration end between 0.351 and 0.362 (profile default; the seeds table of the write-up's Plateaus section)."
    );
    expect(seedSpread(summary("quick"))).toMatch(/^The spread over seeds .* quick one/);
    expect(() => seedSpread(table([], {profile: "default"}))).toThrow(/no finalError row/);
  });
});
