import {
  defaultPlateauSettings,
  detectPlateaus,
  noiseFloor,
  piecePenalty,
  REFERENCE_SPAN,
  REFERENCE_STEPS
} from "../../engine/index.js";
import {canonicalJson} from "../../io/canonicalJson.js";
import {headlineRun} from "../common.js";
import {scales} from "../profiles.js";
import {judge} from "../claims/claim.js";
import {plateauDetectorClaims} from "../claims/plateauDetector.js";
import {verdictsTable} from "../claims/table.js";
import type {Experiment} from "../types.js";
import {plateauFamilies, syntheticTrajectory} from "./generators.js";
import {detectorScales, stressNoise, suiteGrid, suiteNoise, suiteRecordings, suiteTarget} from "./scales.js";
import {MIN_OVERLAP} from "./score.js";
import {runPlateaus, settingChanges} from "./sensitivity.js";
import {runSuite} from "./suite.js";
import {
  examplePlateausTable,
  examplesTable,
  sensitivityTable,
  validationRows,
  validationTable,
  type SensitivityRow
} from "./tables.js";

/** The example trajectories (one per family): their noise, recording, first seed, and the points published (log-time grid). */
const examples = {noise: 0.03, recording: {every: 1, last: 20000}, firstSeed: 9001, points: 400};

/**
 * The plateau detector (engine/plateaus/) checked against trajectories whose plateaus are known, and
 * its settings moved one at a time on the headline runs.
 * - validation: the synthetic suite (generators.ts: six families, noise sd 0-0.05, four recordings,
 *   seeded), scored by score.ts (a detection is right when its level is within the tolerance of a
 *   true plateau's and their log-time spans overlap over at least half of each, one to one);
 *   precision and recall per family and overall, and per noise level including a stress level
 *   beyond the suite. The target is >= 0.95 for both, overall and in every family.
 * - sensitivity: each setting of the detector at -50% and +50%, the others at their defaults: what
 *   it finds on each headline run (the `plateaus` experiment's runs, shared through the run cache)
 *   and the suite's precision and recall with it.
 * - examples, examplePlateaus: one suite trajectory per family (noise 0.03, every step to 20,000)
 *   with its true and detected plateaus, for a figure a reader can check.
 * - verdicts: the detector's acceptance rule judged on the suite (claims/plateauDetector.ts).
 */
export const plateauDetectorExperiment: Experiment = {
  name: "plateau-detector",
  description:
    "the plateau detector on synthetic trajectories with known plateaus (precision, recall) and its settings moved by -50% and +50% on the headline runs",
  tables: ["validation", "sensitivity", "examples", "examplePlateaus", "verdicts"],
  plan(profile) {
    const seeds = scales[profile].plateaus.seeds;
    return {
      configuration: {
        detector: defaultPlateauSettings,
        // What the defaults come to: the penalty per piece, the bins it counts, and the noise floor.
        derived: {
          piecePenalty: piecePenalty(defaultPlateauSettings),
          referenceSteps: REFERENCE_STEPS,
          referenceBins: REFERENCE_SPAN / defaultPlateauSettings.binWidth,
          noiseFloor: noiseFloor(defaultPlateauSettings)
        },
        suite: {
          families: plateauFamilies,
          noise: suiteNoise,
          stressNoise,
          recordings: suiteRecordings,
          replicates: detectorScales[profile].replicates,
          sensitivityReplicates: detectorScales[profile].sensitivityReplicates,
          firstSeed: 1,
          target: suiteTarget,
          examples,
          match: `level within the default tolerance of the true level and log-time overlap >= ${MIN_OVERLAP} of both spans, one to one`
        },
        headlineSeeds: seeds
      },
      runs: seeds.map((seed) => headlineRun(profile, seed))
    };
  },
  build(context) {
    const profile = context.profile;
    const suite = runSuite(suiteGrid(profile));
    const stress = runSuite(suiteGrid(profile, stressNoise));
    const generator = canonicalJson({
      families: plateauFamilies,
      noise: suiteNoise,
      stressNoise,
      recordings: suiteRecordings,
      replicates: detectorScales[profile].replicates,
      firstSeed: 1
    });
    const rows: SensitivityRow[] = [];
    for (const variant of settingChanges()) {
      const grid = suiteGrid(profile, suiteNoise, detectorScales[profile].sensitivityReplicates);
      const score = runSuite(grid, variant.options).reduce(
        (s, c) => ({
          detected: s.detected + c.score.detected,
          truth: s.truth + c.score.truth,
          matched: s.matched + c.score.matched
        }),
        {detected: 0, truth: 0, matched: 0}
      );
      for (const run of context.runs) {
        const found = runPlateaus(run.output.trajectory, variant.options);
        rows.push({...variant, run: run.spec.id, ...found, suite: score});
      }
    }
    const drawn = plateauFamilies.map((family, k) => {
      const trajectory = syntheticTrajectory(family, examples.firstSeed + k, examples.noise, examples.recording);
      return {trajectory, detected: detectPlateaus(trajectory.steps, trajectory.erank)};
    });
    const validation = validationRows(suite, stress);
    const synthetic = {id: "synthetic", label: "synthetic suite"};
    const input = {rows: validation.filter((row) => row.scope === "suite")};
    return {
      validation: validationTable(validation, {"nmf.generator": generator}),
      verdicts: verdictsTable(
        plateauDetectorClaims.map((claim) => judge(claim, claim.measure(input), synthetic, profile))
      ),
      sensitivity: sensitivityTable(rows, {"nmf.generator": generator}),
      examples: examplesTable(drawn, examples.points),
      examplePlateaus: examplePlateausTable(drawn)
    };
  }
};
