import {defaultLossTolerance, defaultPatience} from "../engine/plateaus.js";
import type {EarlyStopOptions} from "../engine/types.js";
import {headlineRun} from "./common.js";
import {scales} from "./profiles.js";
import {pickImages, reconstructionsTable} from "./reconstruct.js";
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
 * Reconstructions and signatures (H) at each stop and at the end.
 */
export const earlyStoppingExperiment: Experiment = {
  name: "early-stopping",
  description:
    "the headline run stopped by the plateau detector: stop steps, time saved, error cost, reconstructions and H at the stop",
  figures: "study README (early stopping)",
  tables: ["runs", "trajectories", "timings", "plateaus", "jumps", "snapshots", "reconstructions", "reference"],
  plan(profile) {
    const s = scales[profile];
    return {
      configuration: {...s.headline, rules: s.earlyStopping.rules.map(ruleText), images: s.reconstructions.images},
      runs: [headlineRun(profile)]
    };
  },
  build(context) {
    const s = scales[context.profile];
    const full = context.runs[0];
    const data = context.data[0];
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
    const plateauParts = full ? [{id: "full", plateaus: full.output.plateaus}] : [];
    const images = data ? pickImages(data, s.reconstructions.images) : [];
    return {
      runs: runsTable(rows, "early-stopping", context.profile),
      trajectories: trajectoriesTable(parts.slice(0, 1)),
      timings: timingsTable(parts),
      plateaus: plateausTable(plateauParts),
      jumps: jumpsTable(plateauParts),
      snapshots: snapshotsTable(snapshots, n, shapeOf(data, n)),
      reconstructions: {
        ...reconstructionsTable(data, images, models, n),
        metadata: {shape: JSON.stringify(shapeOf(data, n))}
      },
      reference: referenceTable(context.data)
    };
  }
};

/** A rule in words, with the engine's defaults filled in. */
export function ruleText(rule: EarlyStopOptions): string {
  if (rule.plateau !== undefined) return `end of plateau ${rule.plateau}`;
  return `patience ${rule.patience ?? defaultPatience}, loss tolerance ${rule.lossTolerance ?? defaultLossTolerance}`;
}
