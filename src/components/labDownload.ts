/**
 * "Download this run": a finished (or stopped) lab run's trajectory as an Arrow file and a CSV file,
 * every recorded step with every metric the lab records, and the run's configuration:
 *
 * - Arrow: one row per recorded step; columns step (int32), timeMs, relativeError, error,
 *   effectiveRank, nuclearRatio, stableRank, cosineSeparation (float64) and singularValues (a
 *   fixed-size list of float64, the leading ones of M = W H); the configuration in the schema metadata
 *   (`settings`: the lab's inputs as JSON, `setup`: what the model read, `query`: the lab's address
 *   query that reproduces it, `backend`, `stopReason`, `iterations`, `plateaus`, `wallMs`).
 * - CSV: the same columns, the singular values as sv1, sv2, ...; numbers in JavaScript's shortest
 *   round-trip form (a float64 reads back exactly). The configuration comes first as comment lines
 *   starting with `#` (`pandas.read_csv(path, comment="#")`; `d3.csvParse` after dropping them).
 *
 * Both are built in the page (apache-arrow, imported by its bare name: docs/site.md, "Building
 * without a network"); the links hold object URLs that the next run revokes.
 */
import * as Arrow from "apache-arrow";
import type {LabRecord, LabResult} from "../../lab/index.js";
import {labSetup, type LabSettings} from "./labForm.js";

/** The scalar metrics of a record, in the files' column order (after `step`). */
const metricColumns = [
  "timeMs",
  "relativeError",
  "error",
  "effectiveRank",
  "nuclearRatio",
  "stableRank",
  "cosineSeparation"
] as const satisfies readonly (keyof LabRecord)[];

/** The configuration written beside the trajectory: string to string, as Arrow's schema metadata. */
export function runMetadata(result: LabResult, settings: LabSettings, query: string): Map<string, string> {
  const metadata = new Map<string, string>([
    ["settings", JSON.stringify(settings)],
    ["setup", JSON.stringify(labSetup(settings))],
    ["query", query],
    ["backend", result.backend],
    ["stopReason", result.stopReason],
    ["iterations", String(result.iterations)],
    ["plateaus", JSON.stringify(result.plateaus)],
    ["wallMs", String(result.wallMs)]
  ]);
  if (result.divergedAt !== undefined) metadata.set("divergedAt", String(result.divergedAt));
  return metadata;
}

/** How many singular values a record of the run holds (the same for every record). */
const topKOf = (records: readonly LabRecord[]) => records.reduce((k, r) => Math.max(k, r.singularValues.length), 0);

/** The run as an Arrow IPC file (one record batch). */
export function runArrow(result: LabResult, metadata: Map<string, string>): Uint8Array {
  const records = result.records;
  const topK = topKOf(records);
  const float64 = (values: ArrayLike<number>) =>
    Arrow.makeData({type: new Arrow.Float64(), data: values as Float64Array});
  const datas: Arrow.Data[] = [
    Arrow.makeData({type: new Arrow.Int32(), data: Int32Array.from(records, (r) => r.step)}),
    ...metricColumns.map((name) => float64(Float64Array.from(records, (r) => r[name]))),
    singularValueData(records, topK)
  ];
  const names = ["step", ...metricColumns, "singularValues"];
  const fields = datas.map((data, i) => new Arrow.Field(names[i], data.type, false));
  const schema = new Arrow.Schema(fields, metadata);
  const struct = Arrow.makeData({
    type: new Arrow.Struct(fields),
    length: records.length,
    nullCount: 0,
    children: datas
  });
  return Arrow.tableToIPC(new Arrow.Table(schema, [new Arrow.RecordBatch(schema, struct)]), "file");
}

/** The singular values, `topK` per row (0 past a record's own), as a fixed-size list column. */
function singularValueData(records: readonly LabRecord[], topK: number): Arrow.Data {
  const flat = new Float64Array(records.length * topK);
  records.forEach((r, i) => flat.set(r.singularValues, i * topK));
  const child = Arrow.makeData({type: new Arrow.Float64(), data: flat});
  const type = new Arrow.FixedSizeList(topK, new Arrow.Field("item", child.type, false));
  return Arrow.makeData({type, length: records.length, nullCount: 0, child});
}

/** The run as CSV text: the configuration as `#` comment lines, a header, one line per recorded step. */
export function runCsv(result: LabResult, metadata: Map<string, string>): string {
  const records = result.records;
  const topK = topKOf(records);
  const comments = [...metadata].map(([key, value]) => `# ${key}: ${value.replace(/[\r\n]+/g, " ")}`);
  const header = ["step", ...metricColumns, ...Array.from({length: topK}, (_, i) => `sv${i + 1}`)].join(",");
  const lines = records.map((r) =>
    [r.step, ...metricColumns.map((name) => r[name]), ...Array.from({length: topK}, (_, i) => r.singularValues[i] ?? 0)]
      .map(String)
      .join(",")
  );
  return [...comments, header, ...lines].join("\n") + "\n";
}

/** A short file name that carries the configuration, e.g. `lab-mnist500-mu-r10-random1-seed0-it300.csv`. */
export function runFileName(settings: LabSettings, result: LabResult, extension: "csv" | "arrow"): string {
  const s = settings;
  const gradient = s.model === "adam" || s.model === "gd" || s.model === "deep";
  const scaled = s.init === "random" || s.init === "eye";
  const parts = [
    "lab",
    `${s.data}${s.rows}`,
    s.model === "deep" ? `deep-${s.loss}-${s.optimizer}` : s.model,
    `r${s.ranks.join("x")}`,
    scaled ? `${s.init}${s.initScale}` : s.init,
    ...(gradient ? [`lr${s.lr}`] : []),
    `seed${s.seed}`,
    `it${result.iterations}`,
    result.backend.startsWith("engine") ? "engine" : result.backend
  ];
  return `${parts.join("-").replace(/[^A-Za-z0-9.+-]/g, "_")}.${extension}`;
}

/** The links "Download this run: Arrow · CSV"; `revoke` frees their object URLs. */
export function downloadLinks(
  result: LabResult,
  settings: LabSettings,
  query: string
): {element: HTMLElement; revoke(): void} {
  const metadata = runMetadata(result, settings, query);
  const files = [
    {text: "Arrow", kind: "arrow", type: "application/vnd.apache.arrow.file", body: runArrow(result, metadata)},
    {text: "CSV", kind: "csv", type: "text/csv", body: runCsv(result, metadata)}
  ] as const;
  const element = document.createElement("p");
  element.className = "lab-download";
  element.append("Download this run: ");
  const urls: string[] = [];
  files.forEach(({text, kind, type, body}, i) => {
    const url = URL.createObjectURL(new Blob([body as BlobPart], {type}));
    urls.push(url);
    const link = Object.assign(document.createElement("a"), {href: url, textContent: text});
    link.download = runFileName(settings, result, kind);
    link.dataset.testid = `lab-download-${kind}`;
    element.append(...(i > 0 ? [" · ", link] : [link]));
  });
  return {element, revoke: () => urls.forEach((url) => URL.revokeObjectURL(url))};
}
