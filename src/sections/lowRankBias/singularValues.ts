/**
 * "Singular values are learned one after another" (experiment `singular-values`): the leading singular
 * values of M over training against X's, when each mode is learned, and M's whole spectrum at a few steps.
 */
import {caption, formatInteger} from "../../components/caption.js";
import {dataReference, ofRun, runConfig} from "../../components/experimentTables.js";
import type {Row} from "../../components/metricCurves.js";
import {spectrumOverTime, spectrumPoints, spectrumProfile} from "../../components/spectrum.js";
import type {SingularValuesTables} from "./tables.js";

/** The runs (one per product, W H and W₁W₂H) to choose from, and each one's product as a label. */
export function productChoice(tables: Pick<SingularValuesTables, "runs">): {
  ids: string[];
  name: (id: string) => string;
} {
  const names = new Map(tables.runs.rows.map((r) => [String(r.run), String(r.group)]));
  return {ids: [...names.keys()], name: (id) => names.get(id) ?? id};
}

/** The run `id` of the experiment, with a clear error for an unknown one. */
function runOf(tables: Pick<SingularValuesTables, "runs">, id: string): Row {
  const run = tables.runs.rows.find((r) => r.run === id);
  if (!run) throw new RangeError(`invalid run: ${JSON.stringify(id)} is not a run of the experiment singular-values`);
  return run;
}

/** The six leading singular values of M over training (solid) against X's (dashed). */
export function spectrumCurves(tables: SingularValuesTables, id: string, {width}: {width: number}): HTMLElement {
  const run = runOf(tables, id);
  const rows = ofRun(tables.trajectories.rows, id);
  return spectrumOverTime(spectrumPoints(rows, {count: 6}), {
    width,
    reference: dataReference(tables.reference, String(tables.runs.rows[0].data)).singularValues,
    xType: "linear",
    count: 6,
    caption: `The six leading singular values of M = ${run.group} over training (solid), against those of X (dashed, same colour), log scale. ${caption(runConfig(run))}`
  });
}

/** The steps at which each of the first six modes is learned, by alignment and by the sorted spectra. */
export function halfTimeRows(tables: Pick<SingularValuesTables, "runs" | "halfTimes">): Record<string, unknown>[] {
  const {name} = productChoice(tables);
  const when = (step: number) => (Number.isFinite(step) ? formatInteger(step) : "not yet");
  return tables.halfTimes.rows
    .filter((r) => Number(r.mode) <= 6)
    .map((r) => ({
      product: name(String(r.run)),
      mode: r.mode,
      "sᵢ(X)": Number(r.dataValue).toFixed(1),
      "learned at (alignment)": when(Number(r.alignmentHalfTime)),
      "sᵢ(M) ≥ sᵢ(X)/2 at": when(Number(r.spectrumHalfTime))
    }));
}

/**
 * The trajectory rows nearest to just after each of the first four modes is learned (10% later
 * than its half-time) and to the end of the run, without repeats.
 */
export function profileRows(rows: readonly Row[], halfTimes: readonly number[]): Row[] {
  const last = Math.max(...rows.map((r) => Number(r.step)));
  const wanted = [...new Set([...halfTimes.slice(0, 4).map((t) => Math.min(last, Math.round(t * 1.1))), last])];
  const nearest = (target: number) =>
    rows.reduce((best, r) => (Math.abs(Number(r.step) - target) < Math.abs(Number(best.step) - target) ? r : best));
  return wanted.map(nearest);
}

/** The whole spectrum of M at a few steps of run `id` (profileRows) against X's. */
export function spectrumAtSteps(tables: SingularValuesTables, id: string, {width}: {width: number}): HTMLElement {
  const run = runOf(tables, id);
  const rows = ofRun(tables.trajectories.rows, id);
  const halfTimes = ofRun(tables.halfTimes.rows, id)
    .map((r) => Number(r.alignmentHalfTime))
    .filter(Number.isFinite);
  const shown = profileRows(rows, halfTimes);
  return spectrumProfile(
    shown.map((r) => ({label: `step ${formatInteger(Number(r.step))}`, values: r.singularValues as ArrayLike<number>})),
    {
      width,
      reference: dataReference(tables.reference, String(tables.runs.rows[0].data)).singularValues,
      count: Math.min(20, (rows[0].singularValues as ArrayLike<number>).length + 5),
      caption: `Singular values of M = ${run.group} by index at ${shown.length} steps (colours), and of X (dashed). M has rank at most ${String(run.ranks).split(",").at(-1)}, so its values beyond that index are zero and not drawn. ${caption(runConfig(run))}`
    }
  );
}
