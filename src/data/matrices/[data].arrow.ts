// Data loader of a data matrix, `data/matrices/<name>.arrow` with <name> a data spec whose ":" is a "-"
// (`mnist-2000` is `mnist:2000`, data seed 112): X exactly as the experiments' runs read it (float32), for a
// page to rerun a run in the browser (src/components/verifyRun.ts, the lab). Arrow (IPC file): one Float32
// column `values`, X row by row; schema metadata `matrix` (JSON: rows, cols, spec, dataSeed, and hash, the
// content hash that the runs tables' dataHash holds).
import {parseArgs} from "node:util";

const {values} = parseArgs({options: {data: {type: "string"}}, strict: false});
const name = String(values.data);
const file = `data/matrices/${name}.arrow`;
try {
  if (!/^(mnist|fashion-mnist)-\d+$/.test(name))
    throw new Error(`expected a name such as mnist-2000 (a dataset, a dash, a number of images)`);
  const spec = name.replace(/-(\d+)$/, ":$1");
  const [{defaultDataSeed}, {loadExperimentData}, {makeArrowTable, arrowFileBytes}] = await Promise.all([
    import("../../../datasets/index.js"),
    import("../../../experiments/data.js"),
    import("../../../io/arrow.js")
  ]);
  const {X, provenance} = await loadExperimentData({spec, dataSeed: defaultDataSeed});
  const matrix = {rows: X.rows, cols: X.cols, spec, dataSeed: defaultDataSeed, hash: provenance.hash};
  process.stdout.write(arrowFileBytes(makeArrowTable({values: X.data}, {matrix: JSON.stringify(matrix)})));
  process.stderr.write(`${file}: ${X.rows} x ${X.cols} of ${spec}\n`);
} catch (error) {
  process.stderr.write(`${file}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
