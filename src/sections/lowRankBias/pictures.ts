/**
 * "Reconstructions and generated images" (experiment `reconstructions`): one image of each digit, its
 * reconstruction by the chosen model and the error; images generated from that model's coefficients.
 */
import {caption} from "../../components/caption.js";
import {runConfig, type ExperimentTable} from "../../components/experimentTables.js";
import {imageGrid} from "../../components/imageGrid.js";
import type {Row} from "../../components/metricCurves.js";
import {triptych} from "../../components/triptych.js";
import type {ReconstructionsTables} from "./tables.js";

/** The models to choose from, each named "id (model in words)". */
export function modelChoice(tables: Pick<ReconstructionsTables, "runs">): {
  ids: string[];
  name: (id: string) => string;
} {
  const groups = new Map(tables.runs.rows.map((r) => [String(r.run), String(r.group)]));
  return {ids: [...groups.keys()], name: (id) => `${id} (${groups.get(id) ?? "unknown model"})`};
}

const pixels = (rows: readonly Row[]) => rows.map((r) => r.pixels as Uint8Array);

/**
 * The originals (the `data` rows of a reconstructions table), their reconstructions by `run` and the
 * stored |X − M| maps, one column per image.
 */
export function reconstructionTriptych(
  table: ExperimentTable,
  run: string,
  {width, caption}: {width: number; caption: string}
): HTMLElement {
  const of = (id: string, kind: string) =>
    table.rows.filter((r) => r.run === id && r.kind === kind).sort((a, b) => Number(a.image) - Number(b.image));
  const originals = of("data", "original");
  return triptych(pixels(originals), pixels(of(run, "reconstruction")), {
    width,
    shape: table.shape,
    errors: pixels(of(run, "error")),
    titles: originals.map((r) => (Number(r.label) >= 0 ? `digit ${r.label}` : `#${r.image}`)),
    caption
  });
}

/** Originals, their reconstructions by `model` and |X − M|. */
export function modelReconstructions(
  tables: Pick<ReconstructionsTables, "runs" | "reconstructions">,
  model: string,
  {width}: {width: number}
): HTMLElement {
  const run = tables.runs.rows.find((r) => r.run === model);
  if (!run)
    throw new RangeError(`invalid model: ${JSON.stringify(model)} is not a run of the experiment reconstructions`);
  const text = `Originals, reconstructions by ${model} and |X − M|. ${caption(runConfig(run))}`;
  return reconstructionTriptych(tables.reconstructions, model, {width, caption: text});
}

/** Images generated from `model`: each coefficient drawn from its own distribution over the images, decoded by H. */
export function generatedSamples(
  tables: Pick<ReconstructionsTables, "generated">,
  model: string,
  {width}: {width: number}
): HTMLElement {
  const samples = tables.generated.rows.filter((r) => r.run === model && r.kind === "sample");
  return imageGrid(pixels(samples), {
    width: Math.min(width, 760),
    shape: tables.generated.shape,
    columns: Math.min(samples.length, 8),
    ariaLabel: `${samples.length} images generated from ${model}`,
    caption: `${samples.length} generated images: each coefficient drawn from its own distribution over the images, independently, then decoded by H (${model}; seed ${tables.generated.meta.configuration.generationSeed}).`
  });
}

/** The path between two images' coefficient vectors, decoded by the H of `model`. */
export function interpolationPath(
  tables: Pick<ReconstructionsTables, "generated">,
  model: string,
  {width}: {width: number}
): HTMLElement {
  const path = tables.generated.rows
    .filter((r) => r.run === model && r.kind === "interpolation")
    .sort((a, b) => Number(a.index) - Number(b.index));
  return imageGrid(pixels(path), {
    width: Math.min(width, 760),
    shape: tables.generated.shape,
    columns: path.length,
    titles: path.map((r) => `t = ${Number(r.t).toFixed(2)}`),
    ariaLabel: `Interpolation between two images' coefficients with ${model}`,
    caption: `From image ${path[0]?.from} to image ${path[0]?.to} of X: their coefficient vectors mixed with weight t, decoded by H (${model}).`
  });
}
