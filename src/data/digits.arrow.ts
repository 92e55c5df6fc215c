// Data loader: the first digits of the seeded MNIST subset `mnist:2000`, as Arrow (IPC file format).
//
// Columns: `index` (row in the subset), `label` (the digit), `pixels` (FixedSizeList<Uint8>[784],
// grey levels 0..255, row-major 28 x 28). Schema metadata: `shape` ([height, width, channels] as
// JSON) and `provenance` (the subset's DataProvenance as JSON: source, subset, data seed, hash).
import * as Arrow from "apache-arrow";
import {defaultDataSeed, loadData} from "../../datasets/index.js";

const spec = "mnist:2000";
const count = 32;

// Load the subset (the same seeded shuffle as every experiment on mnist:2000) and keep its first rows.
const {X, labels, provenance} = await loadData(spec, {dataSeed: defaultDataSeed});
if (!provenance.imageShape) throw new Error(`${spec} has no image shape`);
const n = X.cols;

// Quantize [0, 1] to 0..255: a quarter of the bytes of float32, and exact for display.
const pixels = new Uint8Array(count * n);
for (let k = 0; k < count * n; ++k) pixels[k] = Math.round(Math.min(1, Math.max(0, X.data[k])) * 255);

const pixelType = new Arrow.FixedSizeList(n, new Arrow.Field("pixel", new Arrow.Uint8(), false));
const pixelData = Arrow.makeData({
  type: pixelType,
  length: count,
  nullCount: 0,
  child: Arrow.makeData({type: new Arrow.Uint8(), length: count * n, nullCount: 0, data: pixels})
});
const columns = {
  index: Arrow.makeVector(Int32Array.from({length: count}, (_, i) => i)),
  label: Arrow.makeVector(labels ? labels.slice(0, count) : new Int32Array(count).fill(-1)),
  pixels: Arrow.makeVector(pixelData)
};
const table = new Arrow.Table(columns);
const metadata = new Map([
  ["shape", JSON.stringify(provenance.imageShape)],
  ["provenance", JSON.stringify({spec, ...provenance})]
]);
const withMetadata = new Arrow.Table(new Arrow.Schema(table.schema.fields, metadata), table.batches);

process.stderr.write(`digits: ${count} of ${spec} (data seed ${provenance.dataSeed}, hash ${provenance.hash})\n`);
process.stdout.write(Arrow.tableToIPC(withMetadata, "file"));
