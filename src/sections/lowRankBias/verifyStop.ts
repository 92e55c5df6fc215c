/**
 * The run behind an early stop (experiment `early-stopping`), as "Verify this figure" reruns it: the rules watched
 * the full run of seed 112 (experiments/executeRun.ts), so a stop `stop-k` is that run's fit with `earlyStop` set
 * to the k-th rule, which must end at the stored stop step with stop reason `plateau`, its relative error equal to
 * the full run's at every stored step up to there.
 */
import type {FitRequest} from "../../../lab/fitWorker.js";
import type {StoredRun} from "../../components/storedRun.js";
import type {EarlyStoppingTables} from "./tables.js";
import type {StoppingRules} from "./stopping.js";

/** The run the first rule to fire stops; none when no rule fires (the figure then shows no early stop). */
export function firstStopRun(
  tables: Pick<EarlyStoppingTables, "runs" | "trajectories">,
  rules: Pick<StoppingRules, "first">
): StoredRun | undefined {
  return rules.first ? storedStop(tables, rules.first.run) : undefined;
}

/** The stored run of stop `stop-k`: the full run's fit with the k-th rule, its curve up to the stop. */
export function storedStop(tables: Pick<EarlyStoppingTables, "runs" | "trajectories">, id: string): StoredRun {
  const k = Number(/^stop-(\d+)$/.exec(id)?.[1]);
  const row = tables.runs.rows.find((r) => r.run === id);
  const full = tables.runs.rows.find((r) => r.run === "full");
  if (!row || !full || !(k >= 1)) throw new RangeError(`invalid stop: ${id} (not in the early-stopping tables)`);
  const spec = tables.runs.meta.runs?.find(
    (s) => s.data?.spec === full.data && s.data?.dataSeed === full.dataSeed && s.fit.seed === full.seed
  );
  const rule = spec?.capture?.earlyStops?.[k - 1];
  if (!spec || !rule) throw new RangeError(`invalid stop: ${id} (no run with its rule in the tables' metadata)`);
  const stopStep = Number(row.steps);
  const rows = tables.trajectories.rows.filter((r) => r.run === "full" && Number(r.step) <= stopStep);
  return {
    options: {...spec.fit, earlyStop: rule} as unknown as FitRequest["options"],
    data: String(full.data),
    dataHash: String(full.dataHash),
    steps: rows.map((r) => Number(r.step)),
    relativeError: rows.map((r) => Number(r.relativeError)),
    end: {iterations: stopStep, stopReason: String(row.stopReason)}
  };
}
