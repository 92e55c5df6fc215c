import {describe, expect, it} from "vitest";
import {selectRank} from "../../engine/index.js";
import {plantedLowRank} from "./fixtures.js";

const X = plantedLowRank(30, 20, 3, 7);
const base = {ranks: [2, 3, 4], folds: 3, holdout: 0.1, seed: 5};

describe("selectRank's checkpoints", () => {
  it("score the same fits at earlier steps: the last step's errors equal the final ones, earlier steps are higher", () => {
    const fit = {model: "hals" as const, iterations: 40, recordEvery: 10, init: "nndsvda" as const, topK: 1};
    const plain = selectRank(X, {...base, fit});
    const checked = selectRank(X, {...base, fit, checkpoints: [40, 10, 20, 20]});
    for (const [i, score] of checked.ranks.entries()) {
      expect(score.foldErrors).toEqual(plain.ranks[i].foldErrors);
      expect(score.checkpoints.map((c) => c.step)).toEqual([10, 20, 40]);
      const last = score.checkpoints[2];
      expect(last.heldOutErrors).toEqual(score.foldErrors);
      expect(last.trainErrors).toEqual(score.foldTrainErrors);
      for (const fold of [0, 1, 2])
        expect(score.checkpoints[0].trainErrors[fold]).toBeGreaterThanOrEqual(last.trainErrors[fold] * (1 - 1e-9));
    }
    expect(plain.ranks.every((r) => r.checkpoints.length === 0)).toBe(true);
  });

  it("names a checkpoint that the fit does not record", () => {
    const fit = {model: "hals" as const, iterations: 40, recordEvery: 10};
    expect(() => selectRank(X, {...base, fit, checkpoints: [15]})).toThrow(/invalid checkpoint: 15/);
    expect(() => selectRank(X, {...base, fit, checkpoints: [50]})).toThrow(/invalid checkpoint: 50/);
    expect(() => selectRank(X, {...base, fit, checkpoints: [0]})).toThrow(/invalid checkpoint: 0/);
  });
});
