import {findDataset, loadData} from "../datasets/index.js";
import {dataReference, type DataReference} from "../engine/index.js";
import {canonicalJson} from "../io/canonicalJson.js";
import {cacheKey, readCache, writeCache} from "./runCache.js";
import {applyTransform} from "./transforms.js";
import type {DataRef, LoadedData} from "./types.js";

/**
 * The data matrices of experiments, loaded in the main thread (their content hash keys the run
 * cache), each with its reference spectrum (singular values of X and their summaries, and the
 * leading singular vectors that runs need for the mode alignment), which is cached on disk like a
 * run: 0.5 s for 2,000 MNIST images, about 7 s for Flowers102 at 64 x 64.
 */
const loaded = new Map<string, Promise<LoadedData>>();

/**
 * Singular vector pairs kept with each reference: at least the most any run records (`topK`; the
 * denoising runs record all 60 of their rank on the full profile). A run asking for more computes its own.
 */
export const REFERENCE_VECTORS = 64;

export function loadExperimentData(ref: DataRef, options: {cacheDir?: string} = {}): Promise<LoadedData> {
  const id = canonicalJson(ref);
  let promise = loaded.get(id);
  if (!promise) {
    promise = load(ref, options.cacheDir);
    loaded.set(id, promise);
    promise.catch(() => loaded.delete(id));
  }
  return promise;
}

async function load(ref: DataRef, dir: string | undefined): Promise<LoadedData> {
  const loaded = await loadData(ref.spec, {
    dataSeed: ref.dataSeed,
    ...(ref.size === undefined ? {} : {size: ref.size}),
    onWarning: (message) => process.stderr.write(`warning: ${message}\n`)
  });
  const dataset = ref.transform ? applyTransform(loaded, ref.transform) : loaded;
  const key = cacheKey("reference", {ref, vectors: REFERENCE_VECTORS}, dataset.provenance.hash);
  let reference = await readCache<DataReference>(key, dir);
  if (!reference) {
    reference = dataReference(dataset.X, {vectors: REFERENCE_VECTORS});
    await writeCache(key, reference, dir);
  }
  return {
    ref,
    X: {rows: dataset.X.rows, cols: dataset.X.cols, data: dataset.X.data},
    ...(dataset.labels ? {labels: dataset.labels} : {}),
    provenance: dataset.provenance,
    reference
  };
}

/** Why Flowers102 cannot be used here, or undefined when its folder is found. */
export function flowersAbsence(): string | undefined {
  if (findDataset("flowers102")) return undefined;
  return "Flowers102 was not found: run `npx nmf fetch flowers102`, or set NMF_FLOWERS102_DIR to a folder holding jpg/, imagelabels.mat and setid.mat, then rebuild";
}
