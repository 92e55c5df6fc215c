import {describe, expect, it} from "vitest";
import {StepSplit} from "../../parallel/stepSplit.js";

describe("StepSplit", () => {
  // 100 rows of weight 1 each, then 100 of weight 3: rows 0 .. 199, total weight 400.
  const weightBefore = (row: number) => (row <= 100 ? row : 100 + 3 * (row - 100));

  it("starts at the given row and splits by weight", () => {
    expect(new StepSplit(weightBefore, 200, 100).boundary()).toBe(100);
    expect(new StepSplit(weightBefore, 200, 150).boundary()).toBe(150);
    expect(new StepSplit((row) => row, 2, 1).boundary()).toBe(1);
  });

  it("gives rows to the thread that finished first, at most 2% of the weight a step, never all of them", () => {
    const split = new StepSplit(weightBefore, 200, 100); // the calling thread's share: 100 / 400
    // Thread 1 took 0.2 ms longer; the calling thread's 100 rows took 0.25 ms, so all 200 would take 1 ms.
    // Balancing them moves 0.1 ms of work, 10% of the weight; the split moves half of that, capped at 2%:
    // a weight of 8, rows 100 .. 102.
    split.measured(1.0, 1.2, 0.25);
    expect(split.boundary()).toBe(103);
    split.measured(1.0, 1.0, 0.25);
    expect(split.boundary()).toBe(103);
    for (let step = 0; step < 100; ++step) split.measured(2, 1, 0.5); // the calling thread is slower: it gives rows away
    expect(split.boundary()).toBe(8); // 2% of the weight, the least it keeps
    for (let step = 0; step < 100; ++step) split.measured(1, 2, 0.01);
    expect(split.boundary()).toBe(198);
  });

  it("does not move without a measured time for its rows", () => {
    const split = new StepSplit(weightBefore, 200, 100);
    split.measured(1, 5, 0);
    expect(split.boundary()).toBe(100);
  });
});
