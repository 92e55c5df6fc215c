// @vitest-environment jsdom
import {describe, expect, it, vi} from "vitest";
import {gapRows, rankTakeaway} from "../../src/sections/solvers/gaps.js";
import {experimentTable} from "./sectionFixtures.js";

// The browser runs the engine's bundle (src/vendor/engine.js, built by `npm run build`); tests run its source.
vi.mock("../../src/components/browserEngine.js", async () => ({engine: await import("../../engine/index.js")}));

/** Rows of the solvers experiment's solverSummary table (the columns these read). */
const solverSummary = experimentTable([
  {solver: "mu", rank: 10, iterations: 60, relativeError: 0.34213, gap: 0.05142},
  {solver: "hals", rank: 10, iterations: 30, relativeError: 0.33471, gap: 0.0439},
  {solver: "mu", rank: 5, iterations: 60, relativeError: 0.41, gap: 0.027},
  {solver: "hals", rank: 5, iterations: 30, relativeError: 0.5, gap: 0.1}
]);

describe("the solvers' gaps to the Eckart–Young bound", () => {
  it("names the solver closest to the bound at one rank, with its error, gap and budget", () => {
    expect(rankTakeaway({solverSummary}, 10, 0.29081)).toBe(
      "At rank 10, HALS ends closest to the Eckart–Young bound (0.2908): relative error 0.3347, 0.0439 above it, after its budget of 30 iterations."
    );
    expect(rankTakeaway({solverSummary}, 5, 0.383)).toContain("At rank 5, MU ends closest");
    expect(rankTakeaway({solverSummary}, 40, 0.1)).toBe("No solver ran at rank 40.");
  });

  it("tabulates every solver's gap by rank, increasing, with the closest beside them", () => {
    expect(gapRows({solverSummary})).toEqual([
      {rank: 5, "MU gap": "0.0270", "HALS gap": "0.1000", "closest to the bound": "MU"},
      {rank: 10, "MU gap": "0.0514", "HALS gap": "0.0439", "closest to the bound": "HALS"}
    ]);
  });
});
