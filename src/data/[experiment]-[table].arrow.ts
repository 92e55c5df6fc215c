// Data loader of every experiment table: `data/<experiment>-<table>.arrow`, e.g. `data/plateaus-runs.arrow`.
//
// A parameterized route (Framework 1.13): a page's `FileAttachment("data/plateaus-runs.arrow")` runs this
// file with `--experiment=plateaus --table=runs`. It runs the experiment at NMF_PROFILE (experiments/),
// whose runs are cached on disk, so the other tables of the same experiment reuse them; writes the table
// as Arrow (IPC file format, one record batch) to stdout; logs progress to stderr. On failure: one line
// on stderr and exit code 1, which fails the build. Tables and schemas: README, experiments section.
import {parseArgs} from "node:util";
import {InputError} from "../../engine/errors.js";
import {getExperiment, runExperiment} from "../../experiments/index.js";
import {arrowFileBytes} from "../../io/arrow.js";

const {values} = parseArgs({options: {experiment: {type: "string"}, table: {type: "string"}}, strict: false});
const file = `data/${values.experiment}-${values.table}.arrow`;
try {
  const experiment = getExperiment(String(values.experiment));
  const table = String(values.table);
  if (!experiment.tables.includes(table))
    throw new InputError("table", table, `experiment ${experiment.name} has ${experiment.tables.join(", ")}`);
  const result = await runExperiment(experiment.name);
  process.stderr.write(`${file}: ${result.tables[table].numRows} rows (profile ${result.profile})\n`);
  process.stdout.write(arrowFileBytes(result.tables[table]));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${file}: ${message.split(/\s*\n\s*/).join(" ")}\n`);
  process.exitCode = 1;
}
