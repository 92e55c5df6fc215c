// Data loader: a few Flowers102 images for the lab, when the site is built where Flowers102 is
// (NMF_FLOWERS102_DIR, or the data dir's flowers102/: see datasets/locations.ts). Otherwise an empty
// table whose metadata says why, and the lab offers the digits only. Never downloads anything.
//
// 100 images of the training split (seeded subset, data seed 112), 32 x 32 RGB, channels quantized to
// bytes. Same columns and metadata as lab-mnist.arrow, plus `available` (true or false).
import * as Arrow from "apache-arrow";
import {defaultDataSeed, loadData, resolveDataSpec} from "../../datasets/index.js";
import {dequantize, dequantizedProvenance, imageTable, labFlowers, quantize} from "./imageBytes.js";

const {count, size} = labFlowers;
const spec = resolveDataSpec("flowers102", count);

let table: Arrow.Table;
if (spec === undefined) {
  table = imageTable(new Uint8Array(0), 0, size * size * 3, undefined, {
    available: false,
    reason:
      "Flowers102 was not found when the site was built (set NMF_FLOWERS102_DIR or run `npx nmf fetch flowers102`)",
    shape: [size, size, 3]
  });
  process.stderr.write("lab-flowers: Flowers102 not found; the lab offers the digits only\n");
} else {
  const {X, labels, provenance} = await loadData(spec, {dataSeed: defaultDataSeed, size, onWarning: () => {}});
  const bytes = quantize(X);
  const quantization = "round(255 v) as uint8; the page uses byte / 255 as float32";
  table = imageTable(bytes, X.rows, X.cols, labels, {
    available: true,
    shape: provenance.imageShape,
    provenance: dequantizedProvenance(
      provenance,
      `flowers102:${count}`,
      dequantize(bytes, X.rows, X.cols),
      quantization
    )
  });
  process.stderr.write(`lab-flowers: ${X.rows} images of ${size} x ${size} from ${spec}\n`);
}
process.stdout.write(Arrow.tableToIPC(table, "file"));
