import {detectPlateaus, type PlateauOptions} from "../../engine/index.js";
import {plateauFamilies, syntheticTrajectory, type PlateauFamily, type Recording} from "./generators.js";
import {addScores, scorePlateaus, type PlateauScore} from "./score.js";

/** The grid of the synthetic suite: every family x noise level x recording, `replicates` seeds each. */
export interface SuiteGrid {
  families: readonly PlateauFamily[];
  /** Standard deviations of the i.i.d. normal noise added to every recorded point. */
  noise: readonly number[];
  recordings: readonly Recording[];
  replicates: number;
  /** Seed of the first trajectory; the others follow in grid order. */
  seed: number;
}

export interface SuiteCase {
  family: PlateauFamily;
  variant: string;
  seed: number;
  noise: number;
  recording: Recording;
  score: PlateauScore;
}

/** Every trajectory of the grid, detected with `options` and scored (score.ts). */
export function runSuite(grid: SuiteGrid, options: PlateauOptions = {}): SuiteCase[] {
  const cases: SuiteCase[] = [];
  let seed = grid.seed;
  for (const family of grid.families)
    for (const noise of grid.noise)
      for (const recording of grid.recordings)
        for (let r = 0; r < grid.replicates; ++r) {
          const trajectory = syntheticTrajectory(family, seed++, noise, recording);
          const detected = detectPlateaus(trajectory.steps, trajectory.erank, options);
          const score = scorePlateaus(trajectory.truth, detected);
          cases.push({family, variant: trajectory.variant, seed: trajectory.seed, noise, recording, score});
        }
  return cases;
}

/** Summed scores per family, in the order of `plateauFamilies`, then over all. */
export function scoresByFamily(cases: readonly SuiteCase[]): {family: PlateauFamily | "all"; score: PlateauScore}[] {
  const zero: PlateauScore = {detected: 0, truth: 0, matched: 0};
  const rows = plateauFamilies
    .filter((family) => cases.some((c) => c.family === family))
    .map((family) => ({
      family: family as PlateauFamily | "all",
      score: cases.filter((c) => c.family === family).reduce((s, c) => addScores(s, c.score), zero)
    }));
  rows.push({family: "all", score: cases.reduce((s, c) => addScores(s, c.score), zero)});
  return rows;
}
