import {earlyStoppingClaims, ruleText, seedStops, type SeedStops} from "./claims/earlyStopping.js";
import type {TableData} from "./types.js";
import {verdictRows} from "./claims/evaluate.js";
import {mnistContext, replicateContext, replicates} from "./claims/replicates.js";
import {verdictsTable} from "./claims/table.js";
import {headlineRuns} from "./common.js";
import {scales, studySeed} from "./profiles.js";
import {coefficientsTable, pickImages, reconstructionsTable} from "./reconstruct.js";
import {
  jumpsTable,
  plateausTable,
  referenceTable,
  runsTable,
  shapeOf,
  snapshotsTable,
  timingsTable,
  trajectoriesTable,
  trajectoryPart,
  type RunRow,
  type SnapshotRow,
  type TrajectoryPart
} from "./tables.js";
import type {Experiment} from "./types.js";

/**
 * Experiment 3 (the study's README): the headline run stopped by the plateau detector. The
 * early-stopping rules of the profile are watched during the headline run itself (executeRun.ts):
 * where each would stop, the factors there are those a run with `earlyStop: rule` ends with, since
 * the fit is deterministic and the monitor sees the same points. Rows `stop-1`, `stop-2`, ...
 * hold the metrics at each stop (`steps` is the stop step; a rule that never fires runs to the end
 * with stop reason `iterations`); `full` is the whole run. Epochs saved: full.steps - stop.steps;
 * time saved: from the timings of both; error cost: the difference of relative errors.
 * Reconstructions, signatures (H) and trained coefficients (W1 W2) at each stop and at the end: all of
 * seed 112 on MNIST.
 * Every seed (and every replication) is watched by the same rules: `stops` has one row per
 * replicate, seed and rule, and `verdicts` judges the study's suggestion on them
 * (claims/earlyStopping.ts).
 */
export const earlyStoppingExperiment: Experiment = {
  name: "early-stopping",
  description:
    "the headline run stopped by the plateau detector: stop steps, time saved, error cost, reconstructions and H at the stop",
  figures: "study README (early stopping)",
  tables: [
    "runs",
    "trajectories",
    "timings",
    "plateaus",
    "jumps",
    "snapshots",
    "reconstructions",
    "reference",
    "coefficients",
    "stops",
    "verdicts"
  ],
  plan(profile) {
    const s = scales[profile];
    return {
      configuration: {
        ...s.headline,
        ...s.plateaus,
        rules: s.earlyStopping.rules.map(ruleText),
        images: s.reconstructions.images
      },
      runs: headlineRuns(profile)
    };
  },
  build(context) {
    const s = scales[context.profile];
    const mnist = mnistContext(context);
    const full = mnist.runs.find((run) => run.spec.fit.seed === studySeed);
    const data = mnist.data[0];
    const n = data?.X.cols ?? 784;
    const rows: RunRow[] = [];
    const parts: TrajectoryPart[] = [];
    const snapshots: SnapshotRow[] = [];
    const models: {id: string; factors: NonNullable<typeof full>["output"]["factors"]}[] = [];
    if (full) {
      const stops = full.output.earlyStops;
      const part = trajectoryPart("full", full, {
        points: s.headline.points,
        keep: stops.flatMap((c) => (c.step === undefined ? [] : [c.step]))
      });
      rows.push({id: "full", group: "full run", run: full});
      parts.push(part);
      stops.forEach((capture, k) => {
        const id = `stop-${k + 1}`;
        if (capture.step === undefined) {
          rows.push({id, group: ruleText(capture.rule), run: full});
          parts.push({...part, id});
          models.push({id, factors: full.output.factors});
          return;
        }
        const plateaus = full.output.plateaus.filter((p) => p.end <= capture.step!).length;
        rows.push({
          id,
          group: ruleText(capture.rule),
          run: full,
          final: capture.record,
          steps: capture.step,
          stopReason: "plateau",
          plateaus
        });
        parts.push({
          ...part,
          id,
          indices: part.indices!.filter((i) => full.output.trajectory.step[i] <= capture.step!)
        });
        snapshots.push({run: id, step: capture.step, kind: "stop", H: capture.factors![capture.factors!.length - 1]});
        models.push({id, factors: capture.factors!});
      });
      const finalStep = full.output.trajectory.step[full.output.trajectory.step.length - 1];
      snapshots.push({
        run: "full",
        step: finalStep,
        kind: "final",
        H: full.output.factors[full.output.factors.length - 1]
      });
      models.push({id: "full", factors: full.output.factors});
    }
    const plateauParts = full ? [{id: "full", plateaus: full.output.plateaus, trajectory: full.output.trajectory}] : [];
    const images = data ? pickImages(data, s.reconstructions.images) : [];
    return {
      runs: runsTable(rows, "early-stopping", context.profile),
      trajectories: trajectoriesTable(parts.slice(0, 1)),
      // The stops' steps are the full run's: one copy of its trajectory and timings (pages read the full run's).
      timings: timingsTable(parts.slice(0, 1)),
      plateaus: plateausTable(plateauParts),
      jumps: jumpsTable(plateauParts),
      snapshots: snapshotsTable(snapshots, n, shapeOf(data, n)),
      reconstructions: {
        ...reconstructionsTable(data, images, models, n),
        metadata: {shape: JSON.stringify(shapeOf(data, n))}
      },
      reference: referenceTable(mnist.data),
      coefficients: coefficientsTable(data, models),
      stops: stopsTable(
        replicates.flatMap((r) =>
          replicateContext(context, r).runs.map((run) => ({replicate: r.id, seed: seedStops(run)}))
        )
      ),
      verdicts: verdictsTable(
        verdictRows(
          earlyStoppingClaims,
          context,
          (replicate) => ({seeds: replicate.runs.map(seedStops)}),
          s.plateaus.replications
        )
      )
    };
  }
};

/**
 * `stops`: one row per replicate, seed and rule: replicate, run, rule (utf8), seed (int32), converged (bool,
 * the full run), step (int32, -1 when the rule never fired), budget (int32), cost (float64: relative error
 * at the stop minus the full run's; NaN when it never fired).
 */
function stopsTable(rows: readonly {replicate: string; seed: SeedStops}[]): TableData {
  const flat = rows.flatMap(({replicate, seed}) => seed.stops.map((stop) => ({replicate, seed, stop})));
  return {
    columns: {
      replicate: flat.map((r) => r.replicate),
      run: flat.map((r) => r.seed.run),
      rule: flat.map((r) => r.stop.rule),
      seed: Int32Array.from(flat, (r) => r.seed.seed),
      converged: {booleans: flat.map((r) => r.seed.converged)},
      step: Int32Array.from(flat, (r) => r.stop.step ?? -1),
      budget: Int32Array.from(flat, (r) => r.stop.budget),
      cost: Float64Array.from(flat, (r) => r.stop.cost)
    }
  };
}
