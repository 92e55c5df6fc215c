// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {effectiveRank} from "../../../engine/metrics/index.js";
import {headlineRun} from "../../../src/sections/lowRankBias/headline.js";
import {jumpFigures, signatureChangeRows} from "../../../src/sections/lowRankBias/signatures.js";
import {halfTimeRows, productChoice, profileRows} from "../../../src/sections/lowRankBias/singularValues.js";
import {seedRows, snapshotAt} from "../../../src/sections/lowRankBias/staircase.js";
import {stopFactors} from "../../../src/sections/lowRankBias/stopPictures.js";
import {everyStopRows, stopEvents, stoppingRules, stopRows} from "../../../src/sections/lowRankBias/stopping.js";
import type {EarlyStoppingTables, PlateausTables} from "../../../src/sections/lowRankBias/tables.js";
import {fitRows, halfTimePoints} from "../../../src/sections/lowRankBias/theory.js";
import {installCanvasRecorder, recordingOf} from "../../components/dom.js";
import {experimentTable, referenceTable} from "./tables.js";

const spectrum = [12, 7, 5, 4, 3, 2.5, 2, 1.5, 1.2, 1, 0.8, 0.5];

function plateausTables(seeds: number[] = [111, 112]): PlateausTables {
  const t = (table: string, columns: Parameters<typeof experimentTable>[2], extra?: Record<string, string>) =>
    experimentTable("plateaus", table, columns, extra);
  const runs = seeds.map((seed) => `seed-${seed}`);
  return {
    runs: t("runs", {
      run: runs,
      seed: Int32Array.from(seeds),
      group: seeds.map((seed) => `seed ${seed}`),
      data: runs.map(() => "mnist:500"),
      ranks: runs.map(() => "20,10"),
      profile: runs.map(() => "quick"),
      model: runs.map(() => "deep")
    }),
    trajectories: t("trajectories", {
      run: ["seed-112", "seed-112", "seed-112", "seed-111"],
      step: Int32Array.from([0, 50, 100, 0]),
      effectiveRank: Float64Array.from([1, 2, 3, 1]),
      relativeError: Float64Array.from([1, 0.5, 0.3, 1])
    }),
    plateaus: t("plateaus", {
      run: ["seed-112"],
      start: Int32Array.of(10),
      end: Int32Array.of(40),
      level: Float64Array.of(2)
    }),
    jumps: t("jumps", {run: ["seed-111"], step: Int32Array.of(60), from: Float64Array.of(2), to: Float64Array.of(3)}),
    reference: referenceTable("plateaus", "mnist:500", spectrum, 9.5),
    snapshots: t(
      "snapshots",
      {
        run: ["seed-112", "seed-112", "seed-112", "seed-112"],
        step: Int32Array.from([0, 0, 50, 50]),
        kind: ["regular", "regular", "jump-before", "jump-before"],
        component: Int32Array.from([0, 1, 0, 1]),
        scale: Float64Array.from([1, 1, 1, 1]),
        pixels: {listSize: 4, values: Uint8Array.from({length: 16}, (_, k) => k * 10)}
      },
      {shape: "[2, 2, 1]"}
    ),
    signatures: t("signatures", {kind: ["regular"]}),
    seeds: t("seeds", {seed: Int32Array.of(112)}),
    summary: t("summary", {quantity: ["final"]}),
    verdicts: t("verdicts", {
      replicate: ["mnist", "mnist-113", "mnist"],
      replicateLabel: ["MNIST", "MNIST, other images", "MNIST"],
      claim: ["staircase", "staircase", "late-jumps"]
    })
  };
}

describe("headlineRun", () => {
  it("picks seed 112 and derives the numbers the text quotes from its rows and X's spectrum", () => {
    const headline = headlineRun(plateausTables(), effectiveRank);
    expect(headline.id).toBe("seed-112");
    expect(headline.rows.map((r) => r.step)).toEqual([0, 50, 100]);
    expect(headline.lastStep).toBe(100);
    expect(headline.plateaus).toHaveLength(1);
    expect(headline.jumps).toHaveLength(0);
    expect(headline.endRank).toBe(10);
    // The relative Eckart-Young bound at rank 10: the energy of the two trailing values.
    const total = spectrum.reduce((s, v) => s + v * v, 0);
    expect(headline.bound).toBeCloseTo(Math.sqrt((0.8 ** 2 + 0.5 ** 2) / total), 12);
    expect(headline.truncatedEffectiveRank).toBeCloseTo(effectiveRank(spectrum.slice(0, 10)), 12);
    expect(headline.truncatedEffectiveRank).toBeLessThan(effectiveRank(spectrum));
    expect(headline.reference.effectiveRank).toBe(9.5);
    expect(headline.snapshots).toEqual([
      {step: 0, kinds: ["regular"]},
      {step: 50, kinds: ["jump-before"]}
    ]);
    expect(headline.seedLabels.get("seed-111")).toBe("seed 111");
    expect(headline.replicateLabels).toEqual({mnist: "MNIST", "mnist-113": "MNIST, other images"});
    expect(headline.profileNote).toMatch(/quick profile/);
    expect(headline.caption).toMatch(/seed 112/);
  });

  it("falls back to the first run without seed 112, and says when there is no run at all", () => {
    expect(headlineRun(plateausTables([111, 113]), effectiveRank).id).toBe("seed-111");
    expect(() => headlineRun(plateausTables([]), effectiveRank)).toThrow(/runs table is empty/);
  });
});

describe("snapshotAt", () => {
  const snapshots = [
    {step: 0, kinds: ["regular"]},
    {step: 50, kinds: ["jump-before"]},
    {step: 90, kinds: ["final"]}
  ];
  it("shows the snapshot at or before the slider's step", () => {
    expect(snapshotAt(snapshots, 49).step).toBe(0);
    expect(snapshotAt(snapshots, 50).step).toBe(50);
    expect(snapshotAt(snapshots, 1000).step).toBe(90);
    expect(() => snapshotAt([], 10)).toThrow(/no snapshots/);
  });
});

describe("the singular values section", () => {
  const t = (table: string, columns: Parameters<typeof experimentTable>[2]) =>
    experimentTable("singular-values", table, columns);
  const tables = {
    runs: t("runs", {run: ["flat", "deep"], group: ["W H", "W₁W₂H"]}),
    halfTimes: t("halfTimes", {
      run: ["flat", "flat", "flat", "deep", "deep", "deep", "deep", "deep", "deep", "deep"],
      mode: Int32Array.from([1, 2, 3, 1, 2, 3, 4, 5, 6, 7]),
      dataValue: Float64Array.from([20, 8, 6, 20, 8, 6, 4.5, 3.5, 3, 2.6]),
      alignmentHalfTime: Float64Array.from([5, 400, NaN, 30, 900, 2500, 6000, 12000, 14000, 15000]),
      spectrumHalfTime: Float64Array.from([5, 350, NaN, 20, 800, NaN, 5000, 11000, 13000, 14000])
    }),
    fits: t("fits", {
      group: ["W H", "W₁W₂H"],
      count: Int32Array.from([1, 5]),
      r2: Float64Array.from([NaN, 0.9876]),
      slope: Float64Array.from([NaN, 12345.6]),
      intercept: Float64Array.from([NaN, -1500.2]),
      share: Float64Array.from([NaN, 0.213])
    })
  };

  it("names each run by its product", () => {
    const {ids, name} = productChoice(tables);
    expect(ids).toEqual(["flat", "deep"]);
    expect(name("deep")).toBe("W₁W₂H");
  });

  it("lists the first six modes, with 'not yet' for a mode not learned", () => {
    const rows = halfTimeRows(tables);
    expect(rows).toHaveLength(9);
    expect(rows[2]).toMatchObject({product: "W H", mode: 3, "learned at (alignment)": "not yet"});
    expect(rows[5]).toMatchObject({
      product: "W₁W₂H",
      "learned at (alignment)": "2,500",
      "sᵢ(M) ≥ sᵢ(X)/2 at": "not yet"
    });
  });

  it("plots only the modes that were learned, against 1/sᵢ(X)", () => {
    const points = halfTimePoints(tables);
    expect(points).toHaveLength(9);
    expect(points.find((p) => p.run === "W H" && p.mode === 2)).toEqual({
      run: "W H",
      mode: 2,
      inverse: 1 / 8,
      time: 400
    });
  });

  it("prints the fits, n/a where a product had too few modes", () => {
    expect(fitRows(tables)).toEqual([
      {
        product: "W H",
        "modes fitted": 1,
        "R²": "n/a",
        "slope (steps × intensity)": "n/a",
        "intercept (steps)": "n/a",
        "intercept / mean time": "n/a"
      },
      {
        product: "W₁W₂H",
        "modes fitted": 5,
        "R²": "0.988",
        "slope (steps × intensity)": "12,346",
        "intercept (steps)": "-1,500",
        "intercept / mean time": "0.21"
      }
    ]);
  });

  it("draws the spectrum just after each of the first four modes is learned and at the end, once each", () => {
    const rows = Array.from({length: 101}, (_, k) => ({step: k * 10}));
    // 95 -> 105 (nearest recorded: 100), 300 -> 330, 1000 and 2000 -> the last step, 5000 not used.
    expect(profileRows(rows, [95, 300, 1000, 2000, 5000]).map((r) => r.step)).toEqual([100, 330, 1000]);
    expect(profileRows(rows, []).map((r) => r.step)).toEqual([1000]);
  });
});

describe("the seed and signature tables", () => {
  it("lists the two largest jumps a seed has, 'none' without any", () => {
    const seeds = experimentTable("plateaus", "seeds", {
      replicate: ["mnist", "fashion"],
      seed: Int32Array.from([112, 113]),
      converged: {booleans: [true, false]},
      peak: Float64Array.from([3.04, 2.5]),
      peakStep: Int32Array.from([120, 90]),
      sag: Float64Array.from([2.1, 2]),
      sagStep: Int32Array.from([900, 800]),
      final: Float64Array.from([7.456, 6]),
      finalError: Float64Array.from([0.51234, 0.6]),
      jump1Step: Float64Array.from([12000, NaN]),
      jump2Step: Float64Array.from([NaN, NaN]),
      noisySignatures: Int32Array.from([0, 2])
    });
    const rows = seedRows({seeds}, {mnist: "MNIST"});
    expect(rows[0]).toMatchObject({
      data: "MNIST",
      converged: "yes",
      "early peak": "3.04 at 120",
      "low after it": "2.10 at 900",
      "final effective rank": "7.46",
      "final relative error": "0.5123",
      "two largest jumps near": "12,000"
    });
    expect(rows[1]).toMatchObject({data: "fashion", converged: "no", "two largest jumps near": "none"});
  });

  it("describes each interval between snapshots, n/a for a lone signature's others", () => {
    const signatures = experimentTable("plateaus", "signatures", {
      kind: ["jump", "regular"],
      jump: Float64Array.from([1200, NaN]),
      from: Int32Array.from([1100, 0]),
      to: Int32Array.from([1300, 500]),
      erankFrom: Float64Array.from([2, 1]),
      erankTo: Float64Array.from([3, 1.01]),
      component: Int32Array.from([2, 1]),
      similarity: Float64Array.from([0.31, 0.97]),
      othersMedian: Float64Array.from([0.99, NaN]),
      changed: Int32Array.from([1, 0]),
      structured: Int32Array.from([1, 0]),
      quiet: {booleans: [false, true]}
    });
    const rows = signatureChangeRows({signatures});
    expect(rows[0]).toMatchObject({
      interval: "jump near 1,200",
      steps: "1,100 → 1,300",
      "effective rank": "2.00 → 3.00",
      "most changed": "2 (0.31)",
      quiet: ""
    });
    expect(rows[1]).toMatchObject({interval: "regular", "others' median": "n/a", quiet: "yes"});
  });

  it("draws a jump only when both its snapshots exist, marking the signature that changed most", () => {
    installCanvasRecorder();
    const tables = plateausTables();
    const pixels = Uint8Array.from({length: 16}, (_, k) => k * 10);
    const snapshots = experimentTable(
      "plateaus",
      "snapshots",
      {
        run: ["seed-112", "seed-112", "seed-112", "seed-112"],
        step: Int32Array.from([40, 40, 60, 60]),
        kind: ["jump-before", "jump-before", "jump-after", "jump-after"],
        component: Int32Array.from([0, 1, 0, 1]),
        scale: Float64Array.from([1, 1, 1, 1]),
        pixels: {listSize: 4, values: pixels}
      },
      {shape: "[2, 2, 1]"}
    );
    const signatures = experimentTable("plateaus", "signatures", {
      kind: ["jump", "jump", "regular"],
      jump: Float64Array.from([50, 500, NaN]),
      from: Int32Array.from([40, 450, 0]),
      to: Int32Array.from([60, 550, 60]),
      erankFrom: Float64Array.from([2, 3, 1]),
      erankTo: Float64Array.from([3, 4, 2]),
      component: Int32Array.from([2, 1, 1])
    });
    const headline = headlineRun(tables, effectiveRank);
    const figures = jumpFigures({snapshots, signatures}, headline, {width: 500});
    const drawn = figures.querySelectorAll("figure");
    expect(drawn).toHaveLength(1);
    expect(drawn[0].textContent).toContain("Across the jump near step 50 (effective rank 2.00 → 3.00)");
    expect(recordingOf(drawn[0].querySelector("canvas")!).texts).toEqual(
      expect.arrayContaining(["1", "2", "1", "2 ◆", "step 40", "step 60"])
    );
  });
});

describe("the early-stopping section", () => {
  const t = (table: string, columns: Parameters<typeof experimentTable>[2]) =>
    experimentTable("early-stopping", table, columns);
  const steps = Array.from({length: 11}, (_, k) => k * 100);
  const tables = {
    runs: t("runs", {
      run: ["full", "p1", "p2", "p3"],
      group: ["full run", "patience 200", "patience 300", "patience 900"],
      steps: Int32Array.from([1000, 400, 400, 1000]),
      relativeError: Float64Array.from([0.1, 0.12, 0.13, 0.1]),
      effectiveRank: Float64Array.from([7, 4, 4, 7]),
      stopReason: ["budget", "plateau", "plateau", "budget"]
    }),
    timings: t("timings", {
      run: steps.map(() => "full"),
      step: Int32Array.from(steps),
      timeMs: Float64Array.from(steps, (s) => 2 * s)
    }),
    stops: t("stops", {
      replicate: ["mnist", "mnist"],
      seed: Int32Array.from([112, 112]),
      rule: ["p1", "p3"],
      step: Int32Array.from([400, -1]),
      budget: Int32Array.from([1000, 1000]),
      cost: Float64Array.from([0.02, NaN])
    }),
    snapshots: t("snapshots", {
      run: ["p1", "p1", "full", "full"],
      step: Int32Array.from([400, 400, 1000, 1000]),
      component: Int32Array.from([1, 0, 0, 1]),
      scale: Float64Array.from([4, 2, 1, 1]),
      pixels: {listSize: 2, values: Uint8Array.from([0, 255, 255, 51, 255, 255, 255, 255])}
    }),
    coefficients: t("coefficients", {
      run: ["p1", "p1", "p1", "full"],
      image: Int32Array.from([0, 1, 2, 0]),
      label: Int32Array.from([0, 0, -1, 0]),
      coefficients: {listSize: 2, values: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8])}
    })
  } as unknown as EarlyStoppingTables;

  it("measures what each rule saves and costs against the full run", () => {
    const rules = stoppingRules(tables);
    const [p1, p2, p3] = rules.stops;
    expect(rules.full.steps).toBe(1000);
    expect(p1).toMatchObject({run: "p1", fired: true, steps: 400});
    expect(p1.secondsSaved).toBeCloseTo(1.2, 12);
    expect(p1.cost).toBeCloseTo(0.02, 12);
    expect(p3).toMatchObject({fired: false, secondsSaved: 0, cost: 0});
    expect(p2.fired).toBe(true);
    expect(rules.firstChoice).toBe("p1");
    expect(rules.choices).toEqual(["p1", "p2", "full"]);
    expect(rules.name("full")).toBe("the full run");
    expect(rules.name("p2")).toBe("p2 (patience 300)");
    expect(rules.stepsOf("p2")).toBe(400);
  });

  it("shares one event between rules that stop at the same step", () => {
    expect(stopEvents(stoppingRules(tables))).toEqual([{step: 400, label: "p1, p2"}]);
  });

  it("lists every rule and then the full run, 'never' for a rule that did not fire", () => {
    const rows = stopRows(stoppingRules(tables));
    expect(rows.map((r) => r.rule)).toEqual(["patience 200", "patience 300", "patience 900", "full run"]);
    expect(rows[0]).toMatchObject({"stops at": "400", "steps saved": "600", "seconds saved": "1.2", cost: "+0.0200"});
    expect(rows[2]).toMatchObject({"stops at": "never", "steps saved": "0", cost: "+0.0000"});
    const every = everyStopRows(tables, {mnist: "MNIST"});
    expect(every[1]).toMatchObject({data: "MNIST", rule: "p3", "stops at": "never", of: "1,000", cost: ""});
  });

  it("rebuilds H from its stored bytes and scales, and W from the coefficients, where the run stops", () => {
    const rules = stoppingRules(tables);
    const {W, H, imageNames} = stopFactors(tables, rules, "p1");
    // Components in order: component 0 (scale 2) is the second stored row.
    expect(H.rows).toBe(2);
    expect(H.cols).toBe(2);
    expect(Array.from(H.data)).toEqual([2, 0.4, 0, 4]);
    expect(W).toMatchObject({rows: 3, cols: 2});
    expect(Array.from(W.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(imageNames).toEqual(["0", "0", "#2"]);
    expect(stopFactors(tables, rules, "full").H.rows).toBe(2);
  });

  it("says which run is missing when the full run is not in the table", () => {
    const runs = t("runs", {run: ["p1"], steps: Int32Array.of(1), stopReason: ["plateau"]});
    expect(() => stoppingRules({...tables, runs})).toThrow(/no run named full/);
  });
});
