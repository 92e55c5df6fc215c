// Data loader of every experiment table, `data/<experiment>-<table>.arrow` (a parameterized route: a page's
// `FileAttachment("data/plateaus-runs.arrow")` runs this file with `--experiment=plateaus --table=runs`).
// Runs the experiment at NMF_PROFILE (its runs are cached on disk and shared by its other tables), writes the
// table as Arrow (IPC file, one record batch) to stdout, progress on stderr; on failure one line on stderr and
// exit code 1, which fails the build. Experiments, tables and schemas: docs/experiments.md.
import {parseArgs} from "node:util";
import {readCachedTable, writeCachedTables} from "./tableCache.js";

const {values} = parseArgs({options: {experiment: {type: "string"}, table: {type: "string"}}, strict: false});
const name = String(values.experiment),
  table = String(values.table);
const file = `data/${name}-${table}.arrow`;
try {
  // A table that an earlier loader of this build wrote needs neither the engine nor the experiments.
  const cached = readCachedTable(name, table);
  if (cached) {
    process.stderr.write(`${file}: from this build's tables of ${name}\n`);
    process.stdout.write(cached);
  } else {
    const {InputError} = await import("../../engine/index.js");
    const {getExperiment, runExperiment} = await import("../../experiments/index.js");
    const {arrowFileBytes} = await import("../../io/arrow.js");
    const experiment = getExperiment(name);
    if (!experiment.tables.includes(table))
      throw new InputError("table", table, `experiment ${experiment.name} has ${experiment.tables.join(", ")}`);
    const result = await runExperiment(experiment.name);
    const bytes = Object.fromEntries(Object.entries(result.tables).map(([t, data]) => [t, arrowFileBytes(data)]));
    writeCachedTables(experiment.name, bytes);
    process.stderr.write(`${file}: ${result.tables[table].numRows} rows (profile ${result.profile})\n`);
    process.stdout.write(bytes[table]);
  }
} catch (error) {
  process.stderr.write(
    `${file}: ${(error instanceof Error ? error.message : String(error)).split(/\s*\n\s*/).join(" ")}\n`
  );
  process.exitCode = 1;
}
