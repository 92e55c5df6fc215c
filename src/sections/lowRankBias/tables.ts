/**
 * The tables of each experiment that the low-rank bias page reads, and their types once loaded:
 * `loadTables(plateausTables, ...tableNames.plateaus)`. Named, not every table of the modules of
 * src/tables/: those also list data fetched only on demand (`matrix`, X for a rerun in the browser).
 */
import type {ExperimentTable} from "../../components/experimentTables.js";
import type {earlyStoppingTables} from "../../tables/earlyStopping.js";
import type {plateausTables} from "../../tables/plateaus.js";
import type {reconstructionsTables} from "../../tables/reconstructions.js";
import type {singularValuesTables} from "../../tables/singularValues.js";

export const tableNames = {
  plateaus: [
    "runs",
    "trajectories",
    "plateaus",
    "jumps",
    "reference",
    "snapshots",
    "signatures",
    "seeds",
    "summary",
    "verdicts"
  ],
  singularValues: ["runs", "trajectories", "reference", "halfTimes", "fits", "verdicts"],
  earlyStopping: [
    "runs",
    "trajectories",
    "timings",
    "snapshots",
    "reconstructions",
    "coefficients",
    "stops",
    "verdicts"
  ],
  reconstructions: ["runs", "reconstructions", "generated"]
} as const satisfies {
  plateaus: readonly (keyof typeof plateausTables)[];
  singularValues: readonly (keyof typeof singularValuesTables)[];
  earlyStopping: readonly (keyof typeof earlyStoppingTables)[];
  reconstructions: readonly (keyof typeof reconstructionsTables)[];
};

/** What `loadTables` returns for the page's tables of one experiment. */
type Loaded<Experiment extends keyof typeof tableNames> = Record<
  (typeof tableNames)[Experiment][number],
  ExperimentTable
>;

export type PlateausTables = Loaded<"plateaus">;
export type SingularValuesTables = Loaded<"singularValues">;
export type EarlyStoppingTables = Loaded<"earlyStopping">;
export type ReconstructionsTables = Loaded<"reconstructions">;
