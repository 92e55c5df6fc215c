/** The flowers page's images: the colour signatures of a run over training, and reconstructions beside the originals. */
import * as Inputs from "@observablehq/inputs";
import {caption, formatInteger} from "../../components/caption.js";
import {runConfig, snapshotImages, snapshotSteps} from "../../components/experimentTables.js";
import {findingsParagraph} from "../../components/findings.js";
import {imageGrid} from "../../components/imageGrid.js";
import {triptych} from "../../components/triptych.js";
import {deepRuns, runName, type FlowerTables} from "./overview.js";

/** A select of run ids, each shown by its name; "(none)" when there is none. */
function runSelect(tables: FlowerTables, ids: string[], label: string, value: string | undefined) {
  const runById = new Map(tables.runs.rows.map((r) => [String(r.run), r]));
  return Inputs.select(ids.length ? ids : ["(none)"], {
    label,
    value,
    format: (id: string) => (runById.has(id) ? runName(runById.get(id)) : id)
  });
}

/** The select of the run whose signatures are shown (the study's Deep NMF first). */
export function signatureInput(tables: FlowerTables) {
  const ids = tables.runs.rows.map((r) => String(r.run)).filter((id) => snapshotSteps(tables.snapshots, id).length);
  return runSelect(tables, ids, "Signatures of", deepRuns(tables).headline?.run as string | undefined);
}

/** The signatures of run `id` at each snapshot step, one row of tiles per step, with how many have structure. */
export function signatureStrip(tables: FlowerTables, id: string) {
  const run = tables.runs.rows.find((r) => r.run === id);
  const steps = run ? snapshotSteps(tables.snapshots, id) : [];
  if (!run || !steps.length) return (_width: number): Node => document.createTextNode("No signatures on this build.");
  const strip = steps.map((s) => snapshotImages(tables.snapshots, {run: id, step: s.step}).images);
  const shape = tables.snapshots.shape ?? tables.reconstructions.shape ?? [];
  const structureAt = (step: number) => tables.structure.rows.find((r) => r.run === id && Number(r.step) === step);
  const structured = steps
    .map((s) => {
      const at = structureAt(s.step);
      return `step ${formatInteger(s.step)} ${at?.structured ?? "?"} of ${at?.signatures ?? "?"}`;
    })
    .join(", ");
  const threshold = tables.structure.meta.configuration.noiseCorrelation;
  const name = runName(run);
  return (width: number): Node =>
    imageGrid(strip.flat(), {
      width: Math.min(width, 760),
      shape,
      columns: strip[0].length,
      rowLabels: steps.map((s) => `step ${formatInteger(s.step)}`),
      rowLabelWidth: 84,
      ariaLabel: `Colour signatures of ${name} at ${steps.length} steps`,
      caption: `The ${strip[0].length} signatures (rows of H, as ${shape.join(" × ")} RGB images, each scaled to its own maximum) of ${name} at ${steps.length} step${steps.length === 1 ? "" : "s"}; with structure (neighbouring pixels correlated above ${threshold}): ${structured}. ${caption(runConfig(run))}`
    });
}

/** What the signatures of the Deep NMF runs and of the solvers show at the end. */
export function structureFindings(tables: FlowerTables): HTMLParagraphElement {
  const ids = [...deepRuns(tables).runs.map((r) => `structure-${r.run}`), "solver-structure"];
  return findingsParagraph(tables.findings.rows, {ids, replicate: "flowers"});
}

/** The select of the run whose reconstructions are shown (HALS at rank 10 when it ran). */
export function reconstructionInput(tables: FlowerTables) {
  const ids = [...new Set(tables.reconstructions.rows.filter((r) => r.run !== "data").map((r) => String(r.run)))];
  return runSelect(tables, ids, "Reconstructions by", ids.includes("hals-10") ? "hals-10" : ids[0]);
}

/** Flowers, their reconstruction by run `id` and the error per pixel. */
export function reconstructionTriptych(tables: FlowerTables, id: string) {
  const rowsOf = (run: string, kind: string) =>
    tables.reconstructions.rows
      .filter((r) => r.run === run && r.kind === kind)
      .sort((a, b) => Number(a.image) - Number(b.image));
  const originals = rowsOf("data", "original");
  const rebuilt = rowsOf(id, "reconstruction");
  const run = tables.runs.rows.find((r) => r.run === id);
  if (!run || !originals.length || !rebuilt.length)
    return (_width: number): Node => document.createTextNode("No reconstructions on this build.");
  const pixels = (rows: typeof originals) => rows.map((r) => r.pixels as Uint8Array);
  return (width: number): Node =>
    triptych(pixels(originals), pixels(rebuilt), {
      width,
      shape: tables.snapshots.shape ?? tables.reconstructions.shape,
      titles: originals.map((r) => `#${r.image}`),
      caption: `${originals.length} flowers, their reconstruction by ${runName(run)}, and |X − M| per pixel averaged over the three channels (values clipped to [0, 1] and stored as bytes). ${caption(runConfig(run))}`
    });
}
