import type {Profile} from "../profiles.js";
import type {Recording} from "./generators.js";
import {plateauFamilies} from "./generators.js";
import type {SuiteGrid} from "./suite.js";

/**
 * The synthetic suite of the plateau-detector experiment. The grid is the same at every profile
 * (every family, noise sd 0 to 0.05 = a third of the tolerance, four recordings from a short run
 * recorded every step to a long one recorded every 100 steps); the profile sets how many seeds each
 * cell gets. `stressNoise` is reported beside the suite, not in its pass rule: noise of more than
 * half the tolerance's half-band. The sensitivity table reruns the suite with each setting moved,
 * on `sensitivityReplicates` seeds per cell. Cost: about 10 ms per trajectory of 20,000 points.
 */
export const suiteNoise = [0, 0.01, 0.03, 0.05];
export const stressNoise = [0.08];
export const suiteRecordings: Recording[] = [
  {every: 1, last: 4000},
  {every: 1, last: 20000},
  {every: 10, last: 50000},
  {every: 100, last: 100000}
];
/** The rule the suite is held to: precision and recall at least this, overall and in every family. */
export const suiteTarget = 0.95;

export interface DetectorScales {
  replicates: number;
  sensitivityReplicates: number;
}

export const detectorScales: Record<Profile, DetectorScales> = {
  quick: {replicates: 2, sensitivityReplicates: 1},
  default: {replicates: 8, sensitivityReplicates: 2},
  full: {replicates: 25, sensitivityReplicates: 8}
};

export function suiteGrid(
  profile: Profile,
  noise = suiteNoise,
  replicates = detectorScales[profile].replicates
): SuiteGrid {
  return {families: plateauFamilies, noise, recordings: suiteRecordings, replicates, seed: 1};
}
