/**
 * The documented Arrow schemas of the experiment tables (README, experiments section), written out
 * independently of experiments/tables.ts: column names in order and Arrow type names. `[n]` stands
 * for the image size (pixels x channels) of the experiment's data.
 */
export const tableSchemas: Record<string, [string, string][]> = {
  runs: [
    ["run", "Utf8"],
    ["group", "Utf8"],
    ["experiment", "Utf8"],
    ["profile", "Utf8"],
    ["data", "Utf8"],
    ["dataHash", "Utf8"],
    ["dataSeed", "Int32"],
    ["model", "Utf8"],
    ["ranks", "Utf8"],
    ["r1", "Int32"],
    ["r2", "Int32"],
    ["depth", "Int32"],
    ["loss", "Utf8"],
    ["optimizer", "Utf8"],
    ["lr", "Float64"],
    ["init", "Utf8"],
    ["initScale", "Float64"],
    ["seed", "Int32"],
    ["iterations", "Int32"],
    ["recordEvery", "Int32"],
    ["l1", "Float64"],
    ["cos", "Float64"],
    ["steps", "Int32"],
    ["stopReason", "Utf8"],
    ["relativeError", "Float64"],
    ["error", "Float64"],
    ["effectiveRank", "Float64"],
    ["nuclearRatio", "Float64"],
    ["stableRank", "Float64"],
    ["modesLearned", "Int32"],
    ["cosineSeparation", "Float64"],
    ["eckartYoung", "Float64"],
    ["gap", "Float64"],
    ["plateaus", "Int32"],
    ["converged", "Bool"],
    ["lastTenthDecrease", "Float64"]
  ],
  trajectories: [
    ["run", "Utf8"],
    ["step", "Int32"],
    ["relativeError", "Float64"],
    ["error", "Float64"],
    ["effectiveRank", "Float64"],
    ["nuclearRatio", "Float64"],
    ["stableRank", "Float64"],
    ["modesLearned", "Int32"],
    ["cosineSeparation", "Float64"],
    ["sv1", "Float64"],
    ["sv2", "Float64"],
    ["singularValues", "FixedSizeList[10]<Float64>"],
    ["modeAlignment", "FixedSizeList[10]<Float64>"]
  ],
  timings: [
    ["run", "Utf8"],
    ["step", "Int32"],
    ["timeMs", "Float64"]
  ],
  plateaus: [
    ["run", "Utf8"],
    ["index", "Int32"],
    ["start", "Int32"],
    ["end", "Int32"],
    ["level", "Float64"]
  ],
  jumps: [
    ["run", "Utf8"],
    ["index", "Int32"],
    ["step", "Int32"],
    ["start", "Int32"],
    ["end", "Int32"],
    ["from", "Float64"],
    ["to", "Float64"]
  ],
  reference: [
    ["data", "Utf8"],
    ["index", "Int32"],
    ["singularValue", "Float64"],
    ["eckartYoung", "Float64"]
  ],
  snapshots: [
    ["run", "Utf8"],
    ["step", "Int32"],
    ["kind", "Utf8"],
    ["component", "Int32"],
    ["scale", "Float64"],
    ["pixels", "FixedSizeList[n]<Uint8>"]
  ],
  reconstructions: [
    ["run", "Utf8"],
    ["kind", "Utf8"],
    ["image", "Int32"],
    ["label", "Int32"],
    ["pixels", "FixedSizeList[n]<Uint8>"]
  ],
  generated: [
    ["run", "Utf8"],
    ["kind", "Utf8"],
    ["index", "Int32"],
    ["from", "Int32"],
    ["to", "Int32"],
    ["t", "Float64"],
    ["pixels", "FixedSizeList[n]<Uint8>"]
  ]
};
