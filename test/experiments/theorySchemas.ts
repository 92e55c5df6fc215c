/**
 * The Arrow schemas of the theory experiments' own tables (experiments/theory/, README's theory
 * section), written out independently of the code: column names in order and Arrow type names.
 * Their `runs`, `trajectories`, `reference` and `plateaus` tables have the study experiments'
 * schemas (schemas.ts).
 */
const text = "Utf8",
  int = "Int32",
  float = "Float64";

const verdicts: [string, string][] = [
  ["experiment", text],
  ["id", text],
  ["statement", text],
  ["source", text],
  ["tag", text],
  ["quantity", text],
  ["measured", float],
  ["predicted", float],
  ["expected", text],
  ["rule", text],
  ["verdict", text],
  ["sentence", text]
];

export const theoryTableSchemas: Record<string, [string, string][]> = {
  verdicts,
  modes: [
    ["mode", int],
    ...(["dataValue", "finalValue", "a0", "halfTime", "predictedHalfTime", "t10", "t90", "width", "predictedWidth"].map(
      (name) => [name, float]
    ) as [string, string][])
  ],
  halfTimes: [
    ["run", text],
    ["initScale", float],
    ["lnInverseScale", float],
    ["mode", int],
    ["dataValue", float],
    ["halfTime", float],
    ["rescaled", float]
  ],
  slopes: [
    ["mode", int],
    ["slope", float],
    ["predictedSlope", float],
    ["r2", float],
    ["rawSpread", float],
    ["rescaledSpread", float]
  ],
  jumpTimes: [
    ["run", text],
    ["depth", int],
    ["seed", int],
    ["initScale", float],
    ["t1", float],
    ["t2", float],
    ["w2", float],
    ["relativeWidth", float]
  ],
  scaling: [
    ["run", text],
    ["depth", int],
    ["initScale", float],
    ["t1", float]
  ],
  summary: [
    ["depth", int],
    ["seeds", int],
    ["reached", int],
    ["spread", float],
    ["relativeWidth", float],
    ["slope", float],
    ["predictedSlope", float]
  ],
  times: [
    ["run", text],
    ["optimizer", text],
    ["lr", float],
    ["beta1", float],
    ["initScale", float],
    ["t1", float],
    ["t2", float],
    ["erank90", float],
    ["finalErank", float]
  ],
  levels: [
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
    ["data", text],
    ["k", int],
    ["erankTruncated", float],
    ["erankNmf", float],
    ["eckartYoung", float],
    ["nmfError", float]
  ],
  stops: [
    ["kind", text],
    ["step", int],
    ["modes", int],
    ["erank", float],
    ["noisyError", float],
    ["cleanDistance", float],
    ["projectedDistance", float],
    ["heldOutError", float]
  ],
  truncation: [
    ["k", int],
    ["cleanDistance", float]
  ],
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
