/**
 * The Arrow schemas of the theory experiments' own tables (experiments/theory/, docs/experiments.md, theory
 * section), written out independently of the code: column names in order and Arrow type names.
 * Their `runs`, `trajectories`, `reference` and `plateaus` tables have the study experiments'
 * schemas (schemas.ts).
 */
import {tableSchemas} from "./schemas.js";

const text = "Utf8",
  int = "Int32",
  float = "Float64";

/** The claims registry's verdicts (experiments/claims/table.ts): one row per claim and replicate. */
const verdicts: [string, string][] = [
  ...(["experiment", "claim", "replicate", "replicateLabel", "statement", "source", "tag", "quantity", "runs"].map(
    (name) => [name, text]
  ) as [string, string][]),
  ["measured", float],
  ["predicted", float],
  ["expected", text],
  ["rule", text],
  ["verdict", text],
  ["sentence", text],
  ["runsUsed", int],
  ["runsConverged", int],
  ["others", text]
];

/** The measurement tables start with the replicate they were measured on (gaps and separations name their data instead). */
const replicate: [string, string] = ["replicate", text];

export const theoryTableSchemas: Record<string, [string, string][]> = {
  verdicts,
  replications: tableSchemas.runs,
  modes: [
    replicate,
    ["mode", int],
    ...([
      "dataValue",
      "finalValue",
      "finalAlignment",
      "a0",
      "halfTime",
      "spectrumHalfTime",
      "predictedHalfTime",
      "t10",
      "t90",
      "width",
      "predictedWidth"
    ].map((name) => [name, float]) as [string, string][])
  ],
  halfTimes: [
    replicate,
    ["run", text],
    ["initScale", float],
    ["lnInverseScale", float],
    ["mode", int],
    ["dataValue", float],
    ["halfTime", float],
    ["rescaled", float],
    ["spectrumHalfTime", float]
  ],
  slopes: [
    replicate,
    ["mode", int],
    ["slope", float],
    ["predictedSlope", float],
    ["r2", float],
    ["rawSpread", float],
    ["rescaledSpread", float]
  ],
  jumpTimes: [
    replicate,
    ["run", text],
    ["depth", int],
    ["seed", int],
    ["initScale", float],
    ["t1", float],
    ["t2", float],
    ["w2", float],
    ["relativeWidth", float],
    ["spectrumT2", float]
  ],
  scaling: [replicate, ["run", text], ["depth", int], ["initScale", float], ["t1", float], ["spectrumT1", float]],
  summary: [
    replicate,
    ["depth", int],
    ["seeds", int],
    ["reached", int],
    ["spread", float],
    ["relativeWidth", float],
    ["slope", float],
    ["predictedSlope", float],
    ["spectrumSpread", float],
    ["spectrumSlope", float]
  ],
  times: [
    replicate,
    ["run", text],
    ["optimizer", text],
    ["lr", float],
    ["beta1", float],
    ["initScale", float],
    ["t1", float],
    ["t2", float],
    ["erank90", float],
    ["finalErank", float],
    ["spectrumT1", float],
    ["spectrumT2", float]
  ],
  levels: [
    replicate,
    ["run", text],
    ["index", int],
    ["start", int],
    ["end", int],
    ["level", float],
    ["modes", int],
    ["erankTruncated", float],
    ["erankNmf", float],
    ["relativeError", float],
    ["eckartYoung", float],
    ["nmfError", float]
  ],
  references: [
    replicate,
    ["data", text],
    ["k", int],
    ["erankTruncated", float],
    ["erankNmf", float],
    ["eckartYoung", float],
    ["nmfError", float]
  ],
  stops: [
    replicate,
    ["kind", text],
    ["step", int],
    ["modes", int],
    ["erank", float],
    ["noisyError", float],
    ["cleanDistance", float],
    ["projectedDistance", float],
    ["heldOutError", float]
  ],
  truncation: [replicate, ["k", int], ["cleanDistance", float]],
  gaps: [
    ["data", text],
    ["centering", text],
    ["index", int],
    ["singularValue", float],
    ["rho", float]
  ],
  separations: [
    ["data", text],
    ["index", int],
    ["rho", float],
    ["q", float],
    ["predictedQ", float],
    ["threshold", float]
  ]
};
