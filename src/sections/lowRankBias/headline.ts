/**
 * The headline run of the low-rank bias page (experiment `plateaus`: Deep NMF (20, 10), global loss,
 * Adam, uniform [0, 1) init, several seeds; seed 112 drawn) and the numbers the page's text quotes
 * about it.
 */
import {caption} from "../../components/caption.js";
import {
  dataReference,
  ofRun,
  runConfig,
  snapshotSteps,
  type DataReferenceView
} from "../../components/experimentTables.js";
import type {LabSettings} from "../../components/labForm.js";
import type {Row} from "../../components/metricCurves.js";
import type {PlateausTables} from "./tables.js";

/** The seed the study showed, drawn on the page. */
export const headlineSeed = 112;

export interface Headline {
  /** The run's row of the runs table. */
  run: Row;
  id: string;
  /** Its trajectory, plateaus and jumps. */
  rows: Row[];
  plateaus: Row[];
  jumps: Row[];
  /** X's spectrum and summaries. */
  reference: DataReferenceView;
  /** The last rank of the product (10 for ranks 20, 10). */
  endRank: number;
  /** The relative Eckart-Young bound at that rank. */
  bound: number;
  /** The effective rank of X's best rank-`endRank` approximation (its `endRank` leading singular values). */
  truncatedEffectiveRank: number;
  lastStep: number;
  /** The steps at which the run's signatures were stored, with their kinds. */
  snapshots: {step: number; kinds: string[]}[];
  caption: string;
  /** Each run's seed label ("seed 112"), by run id. */
  seedLabels: Map<string, string>;
  /** Column titles of the replicates (MNIST and the replications), in the verdict tables' order. */
  replicateLabels: Record<string, string>;
  /** A sentence when the tables come from the quick profile, else "". */
  profileNote: string;
}

/**
 * Picks the run of seed 112 (else the first) and derives what the page says about it.
 * `effectiveRank` is the engine's (passed in: pages reach the engine through its browser bundle).
 */
export function headlineRun(
  tables: Pick<PlateausTables, "runs" | "trajectories" | "plateaus" | "jumps" | "reference" | "snapshots" | "verdicts">,
  effectiveRank: (singularValues: ArrayLike<number>) => number
): Headline {
  const runs = tables.runs.rows;
  const run = runs.find((r) => r.seed === headlineSeed) ?? runs[0];
  if (!run) throw new RangeError("invalid plateaus tables: the runs table is empty");
  const id = String(run.run);
  const rows = ofRun(tables.trajectories.rows, id);
  const reference = dataReference(tables.reference, String(run.data));
  const endRank = Number(String(run.ranks).split(",").at(-1));
  return {
    run,
    id,
    rows,
    plateaus: ofRun(tables.plateaus.rows, id),
    jumps: ofRun(tables.jumps.rows, id),
    reference,
    endRank,
    bound: reference.eckartYoung[endRank - 1],
    truncatedEffectiveRank: effectiveRank(reference.singularValues.slice(0, endRank)),
    lastStep: Math.max(...rows.map((r) => Number(r.step))),
    snapshots: snapshotSteps(tables.snapshots, id),
    caption: caption(runConfig(run)),
    seedLabels: new Map(runs.map((r) => [String(r.run), String(r.group)])),
    replicateLabels: Object.fromEntries(
      tables.verdicts.rows.map((r) => [String(r.replicate), String(r.replicateLabel)])
    ),
    profileNote:
      run.profile === "quick"
        ? " This is the quick profile (500 images, 4,000 steps): rebuild with NMF_PROFILE=default for the study's scale."
        : ""
  };
}

/** The lab's settings for the headline model, smaller: Deep NMF (20, 10) from a small start. */
export const headlineLab: {compact: boolean; defaults: Partial<LabSettings>} = {
  compact: true,
  defaults: {
    model: "deep",
    ranks: [20, 10],
    loss: "global",
    optimizer: "adam",
    init: "random",
    initScale: 1e-2,
    lr: 0.01,
    iterations: 1000
  }
};
