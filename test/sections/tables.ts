/**
 * Small experiment tables for the section tests: rows as the experiments write them, with the
 * metadata pages read (experiment, profile, configuration, data). No Arrow: section functions read
 * `rows` and `meta` only.
 */
import type {ExperimentMeta, ExperimentTable} from "../../src/components/experimentTables.js";
import type {Row} from "../../src/components/metricCurves.js";

export function table(
  rows: Row[],
  {experiment = "test", profile = "default", configuration = {}}: Partial<ExperimentMeta> = {}
): ExperimentTable {
  return {
    rows,
    meta: {
      experiment,
      table: "test",
      profile,
      description: "",
      figures: "",
      configuration,
      data: [{spec: "mnist:500", source: "test", m: 500, n: 784, hash: "0"}]
    },
    table: undefined as never
  };
}
