// Data loader: the lab's digits (src/lab.md and the lab panels of other pages), as Arrow (IPC file).
//
// The 1,000 digits of the seeded subset `mnist:1000` (the same shuffle as every experiment), pixels
// quantized to bytes (the page divides by 255). Columns `label` and `pixels` (FixedSizeList<Uint8>[784]);
// metadata `shape` ([28, 28, 1]) and `provenance` (source, subset, data seed, and the hash of the
// dequantized float32 matrix the page trains on).
import {defaultDataSeed, loadData} from "../../datasets/index.js";
import {dequantize, dequantizedProvenance, imageTable, labMnistSpec, quantize} from "./imageBytes.js";
import * as Arrow from "apache-arrow";

const {X, labels, provenance} = await loadData(labMnistSpec, {dataSeed: defaultDataSeed});
const bytes = quantize(X);
const quantization = "round(255 v) as uint8; the page uses byte / 255 as float32";
const table = imageTable(bytes, X.rows, X.cols, labels, {
  shape: provenance.imageShape,
  provenance: dequantizedProvenance(provenance, labMnistSpec, dequantize(bytes, X.rows, X.cols), quantization)
});

process.stderr.write(`lab-mnist: ${X.rows} digits of ${labMnistSpec} (data seed ${provenance.dataSeed})\n`);
process.stdout.write(Arrow.tableToIPC(table, "file"));
