// Data loader of an experiment's data matrix, `data/matrices/<experiment>.arrow`: the X of the experiment's
// first run, exactly as its runs read it (float32), for a page to rerun that run in the browser and compare
// (src/components/verifyRun.ts). Arrow (IPC file): one Float32 column `values`, X row by row; schema metadata
// `matrix` (JSON: rows, cols, spec, dataSeed, hash: the content hash the runs table's dataHash holds).
import {parseArgs} from "node:util";

const {values} = parseArgs({options: {experiment: {type: "string"}}, strict: false});
const name = String(values.experiment);
try {
  const [{getExperiment, profileFromEnv}, {loadExperimentData}, {makeArrowTable, arrowFileBytes}] = await Promise.all([
    import("../../../experiments/index.js"),
    import("../../../experiments/data.js"),
    import("../../../io/arrow.js")
  ]);
  const plan = getExperiment(name).plan(profileFromEnv());
  const ref = plan.runs[0]?.data;
  if (!ref) throw new Error(`experiment ${name} has no run at this profile`);
  const {X, provenance} = await loadExperimentData(ref);
  const matrix = {rows: X.rows, cols: X.cols, spec: ref.spec, dataSeed: ref.dataSeed, hash: provenance.hash};
  process.stdout.write(arrowFileBytes(makeArrowTable({values: X.data}, {matrix: JSON.stringify(matrix)})));
  process.stderr.write(`data/matrices/${name}.arrow: ${X.rows} x ${X.cols} of ${ref.spec}\n`);
} catch (error) {
  process.stderr.write(`data/matrices/${name}.arrow: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
