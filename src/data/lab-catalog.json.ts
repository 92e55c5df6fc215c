// Data loader: what a lab panel shows before its first run, as JSON: the shapes of the lab's images
// (lab-mnist.arrow, and lab-flowers.arrow when the build finds Flowers102) and its precomputed
// configurations (the `presets` metadata of lab-presets-curves.arrow). A few kilobytes, so that a page
// draws its panel's inputs at load and fetches the images, the engine's curves and tfjs only on Run
// (src/components/labFiles.ts).
//
// Output: {mnist: {rows, cols, shape}, flowers: {rows, cols, shape} | null, presets: [...]}.
import * as Arrow from "apache-arrow";
import {defaultDataSeed, loadData, resolveDataSpec} from "../../datasets/index.js";
import {labFlowers, labMnistSpec} from "./imageBytes.js";
import {readCachedTable, writeCachedTables} from "./tableCache.js";

/** The curves table of the experiment lab-presets: from this build's tables, else from its (cached) runs. */
async function presetCurves(): Promise<Uint8Array> {
  const cached = readCachedTable("lab-presets", "curves");
  if (cached) return cached;
  const {runExperiment} = await import("../../experiments/index.js");
  const {arrowFileBytes} = await import("../../io/arrow.js");
  const result = await runExperiment("lab-presets");
  const bytes = Object.fromEntries(Object.entries(result.tables).map(([t, data]) => [t, arrowFileBytes(data)]));
  writeCachedTables("lab-presets", bytes);
  return bytes.curves;
}

async function imagesShape(spec: string, options: {size?: number} = {}) {
  const {X, provenance} = await loadData(spec, {dataSeed: defaultDataSeed, ...options, onWarning: () => {}});
  return {rows: X.rows, cols: X.cols, shape: provenance.imageShape};
}

try {
  const flowersSpec = resolveDataSpec("flowers102", labFlowers.count);
  const [mnist, flowers, curves] = await Promise.all([
    imagesShape(labMnistSpec),
    flowersSpec === undefined ? null : imagesShape(flowersSpec, {size: labFlowers.size}),
    presetCurves()
  ]);
  const presets = JSON.parse(Arrow.tableFromIPC(curves).schema.metadata.get("presets") ?? "[]");
  process.stderr.write(`lab-catalog: ${presets.length} presets, Flowers102 ${flowers ? "found" : "not found"}\n`);
  process.stdout.write(JSON.stringify({mnist, flowers, presets}));
} catch (error) {
  process.stderr.write(
    `lab-catalog: ${(error instanceof Error ? error.message : String(error)).split(/\s*\n\s*/).join(" ")}\n`
  );
  process.exitCode = 1;
}
