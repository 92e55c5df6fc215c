// @vitest-environment jsdom
import {beforeAll, describe, expect, it, vi} from "vitest";
import {
  eckartYoungBound,
  initCurves,
  initGrid,
  initName,
  initSolverInput,
  initSolverName,
  rankComparison,
  rankInput,
  rankSummary,
  solverOf,
  solverRanks
} from "../../src/sections/solvers/index.js";
import {installCanvasRecorder} from "../components/dom.js";
import {experimentTable, referenceTable, rendered} from "./sectionFixtures.js";

// The browser runs the engine's bundle (src/vendor/engine.js, built by `npm run build`); tests run its source.
vi.mock("../../src/components/browserEngine.js", async () => ({engine: await import("../../engine/index.js")}));

beforeAll(installCanvasRecorder);

const spectrum = [10, 6, 4, 3, 2, 1.5, 1, 0.8, 0.6, 0.5, 0.4, 0.3];

/** The solvers experiment: MU and HALS at ranks 10 and 5, a timing for every recorded step. */
function solverTables() {
  const runs = [10, 5].flatMap((r1) =>
    ["mu", "hals"].map((model) => ({
      run: `${model}-${r1}`,
      model,
      r1,
      ranks: `${r1}`,
      data: "mnist:500",
      iterations: model === "mu" ? 60 : 30,
      seed: 112,
      relativeError: 0.3,
      effectiveRank: 4
    }))
  );
  const steps = [0, 12, 30];
  return {
    runs: experimentTable(runs),
    trajectories: experimentTable(
      runs.flatMap((r) => steps.map((step) => ({run: r.run, step, relativeError: 0.5, effectiveRank: 3})))
    ),
    timings: experimentTable(runs.flatMap((r) => steps.map((step) => ({run: r.run, step, timeMs: step * 4})))),
    reference: referenceTable("mnist:500", spectrum),
    solverSummary: experimentTable([
      {
        run: "mu-10",
        solver: "mu",
        rank: 10,
        iterations: 60,
        relativeError: 0.34213,
        gap: 0.05142,
        withinStep: -1,
        reachStep: 20,
        converged: false
      },
      {
        run: "hals-10",
        solver: "hals",
        rank: 10,
        iterations: 30,
        relativeError: 0.33471,
        gap: 0.0439,
        withinStep: 12,
        reachStep: 2,
        converged: true
      },
      {
        run: "hals-5",
        solver: "hals",
        rank: 5,
        iterations: 30,
        relativeError: 0.5,
        gap: 0.1,
        withinStep: 12,
        reachStep: 2,
        converged: true
      }
    ]),
    findings: experimentTable([])
  };
}

describe("the solvers page's comparison", () => {
  it("names the solvers and lists the ranks in increasing order, rank 10 first shown", () => {
    const tables = solverTables();
    expect(solverOf({model: "hals"})).toBe("HALS");
    expect(solverOf({model: "gd"})).toBe("gd");
    expect(solverRanks(tables)).toEqual([5, 10]);
    expect(rankInput(tables).value).toBe(10);
    expect(rankInput({runs: experimentTable([{r1: 40}, {r1: 20}])}).value).toBe(20);
  });

  it("reads the Eckart–Young bound of the solvers' data at a rank", () => {
    const total = spectrum.reduce((s, v) => s + v * v, 0);
    const tail = spectrum.slice(10).reduce((s, v) => s + v * v, 0);
    expect(eckartYoungBound(solverTables(), 10)).toBeCloseTo(tail / total, 12);
  });

  it("tabulates the solvers at one rank, with the wall time of the step within 1 % of the final error", () => {
    const rows = Array.from(rankSummary(solverTables(), 10).querySelectorAll("tbody tr"), (tr) =>
      Array.from(tr.querySelectorAll("td"), (td) => td.textContent)
    );
    expect(rows.map((cells) => cells.filter(Boolean))).toEqual([
      ["MU", "60", "0.3421", "0.0514", "n/a", "20", "no"],
      ["HALS", "30", "0.3347", "0.0439", "12 (0.05 s)", "2", "yes"]
    ]);
  });

  it("puts the bound beside the solvers at every rank, and each solver's budget in the caption", () => {
    const text = rendered(rankComparison(solverTables()));
    expect(text).toContain("Eckart–Young bound");
    expect(text).toContain("MU 60 iterations, HALS 30 iterations");
    expect(text).toContain("at ranks 5, 10");
  });
});

describe("the solvers page's initializations", () => {
  const runs = [
    {run: "adam-nndsvda", model: "adam", r1: 10, seed: 112, relativeError: 0.4, gap: 0.1, effectiveRank: 5},
    {run: "adam-small", model: "adam", r1: 10, seed: 112, relativeError: 0.5, gap: 0.2, effectiveRank: 4},
    {run: "deep-small", model: "deep", r1: 20, r2: 10, seed: 112, relativeError: 0.6, gap: 0.3, effectiveRank: 3}
  ];
  const tables = {
    runs: experimentTable(runs),
    trajectories: experimentTable(
      runs.flatMap((r) => [1, 10].map((step) => ({run: r.run, step, relativeError: 0.5, effectiveRank: 2})))
    ),
    verdicts: experimentTable([])
  };

  it("names the start from the run id and the deep model by its ranks", () => {
    expect(runs.map(initName)).toEqual(["nndsvda", "small", "small"]);
    expect(runs.map(initSolverName)).toEqual(["Adam", "Adam", "Deep (20, 10)"]);
    expect(initSolverInput(tables).value).toBe("Adam");
  });

  it("draws one solver's runs, one line per start", () => {
    const text = rendered(initCurves(tables, "Deep (20, 10)"));
    expect(text).toContain("Deep (20, 10) from each initialization");
    expect(text).toContain("small");
    expect(text).not.toContain("nndsvda");
  });

  it("colours the grid by the chosen metric", () => {
    expect(rendered(initGrid(tables, "effectiveRank"))).toContain(
      "Final effective rank for each solver and initialization"
    );
  });
});
