import {describe, expect, it} from "vitest";
import {convergence, CONVERGENCE_TOLERANCE} from "../../engine/convergence.js";

const steps = (n: number) => Array.from({length: n + 1}, (_, t) => t);

describe("convergence", () => {
  it("says that doubling the run would lower the loss by less than 0.1 %", () => {
    expect(CONVERGENCE_TOLERANCE).toBeCloseTo((1e-3 * Math.log(10 / 9)) / Math.log(2), 12);
  });

  it("passes a loss that stalled before the last tenth, and fails one still falling", () => {
    const stalled = steps(1000).map((t) => (t < 500 ? 2 - t / 500 : 1));
    expect(convergence(steps(1000), stalled)).toEqual({converged: true, lastTenthDecrease: 0});
    // Falling like 1 + 1 / t: over the last tenth of 1,000 steps it loses about 1e-4 relative, just below the tolerance.
    const slow = steps(1000).map((t) => 1 + 1 / (t + 1));
    const result = convergence(steps(1000), slow);
    expect(result.lastTenthDecrease).toBeCloseTo((1 / 901 - 1 / 1001) / (1 + 1 / 901), 12);
    expect(result.converged).toBe(result.lastTenthDecrease <= CONVERGENCE_TOLERANCE);
    const falling = steps(1000).map((t) => 1 / (t + 1));
    expect(convergence(steps(1000), falling).converged).toBe(false);
  });

  it("reads the best loss, so an oscillation at the floor counts as converged", () => {
    const oscillating = steps(1000).map((t) => 1 + (t % 2 ? 0.01 : 0));
    expect(convergence(steps(1000), oscillating).converged).toBe(true);
  });

  it("fails a diverged run, a non-finite loss, and a run with fewer than two points", () => {
    expect(
      convergence(
        steps(10),
        steps(10).map(() => 1),
        true
      ).converged
    ).toBe(false);
    expect(convergence([0, 1, 2], [1, NaN, 1]).converged).toBe(false);
    expect(convergence([0], [1]).converged).toBe(false);
  });
});
