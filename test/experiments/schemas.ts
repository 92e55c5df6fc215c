/**
 * The documented Arrow schemas of the experiment tables (docs/experiments.md), written out
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
    ["error", "Float32"],
    ["objective", "Float32"],
    ["effectiveRank", "Float64"],
    ["nuclearRatio", "Float32"],
    ["stableRank", "Float32"],
    ["modesLearned", "Int32"],
    ["cosineSeparation", "Float32"],
    ["sv1", "Float32"],
    ["sv2", "Float32"],
    ["singularValues", "FixedSizeList[10]<Float32>"]
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
  ],
  signatures: [
    ["kind", "Utf8"],
    ["from", "Int32"],
    ["to", "Int32"],
    ["jump", "Int32"],
    ["component", "Int32"],
    ["similarity", "Float64"],
    ["othersMedian", "Float64"],
    ["changed", "Int32"],
    ["erankFrom", "Float64"],
    ["erankTo", "Float64"],
    ["structured", "Int32"],
    ["quiet", "Bool"]
  ],
  seeds: [
    ["replicate", "Utf8"],
    ["run", "Utf8"],
    ["seed", "Int32"],
    ["converged", "Bool"],
    ["steps", "Int32"],
    ["peak", "Float64"],
    ["peakStep", "Float64"],
    ["sag", "Float64"],
    ["sagStep", "Float64"],
    ["final", "Float64"],
    ["finalError", "Float64"],
    ["jump1Step", "Float64"],
    ["jump2Step", "Float64"],
    ["markedJumps", "Int32"],
    ["noisySignatures", "Int32"],
    ["singleSignatureJumps", "Int32"],
    ["jumpsWithSnapshots", "Int32"]
  ],
  summary: [
    ["replicate", "Utf8"],
    ["quantity", "Utf8"],
    ["label", "Utf8"],
    ["median", "Float64"],
    ["min", "Float64"],
    ["max", "Float64"],
    ["count", "Int32"],
    ["seeds", "Int32"]
  ],
  stops: [
    ["replicate", "Utf8"],
    ["run", "Utf8"],
    ["rule", "Utf8"],
    ["seed", "Int32"],
    ["converged", "Bool"],
    ["step", "Int32"],
    ["budget", "Int32"],
    ["cost", "Float64"]
  ],
  coefficients: [
    ["run", "Utf8"],
    ["image", "Int32"],
    ["label", "Int32"],
    ["coefficients", "FixedSizeList[10]<Float32>"]
  ],
  halfTimes: [
    ["run", "Utf8"],
    ["group", "Utf8"],
    ["mode", "Int32"],
    ["dataValue", "Float64"],
    ["alignmentHalfTime", "Float64"],
    ["spectrumHalfTime", "Float64"]
  ],
  fits: [
    ["run", "Utf8"],
    ["group", "Utf8"],
    ["count", "Int32"],
    ["slope", "Float64"],
    ["intercept", "Float64"],
    ["r2", "Float64"],
    ["share", "Float64"]
  ],
  verdicts: [
    ["experiment", "Utf8"],
    ["claim", "Utf8"],
    ["replicate", "Utf8"],
    ["replicateLabel", "Utf8"],
    ["statement", "Utf8"],
    ["source", "Utf8"],
    ["tag", "Utf8"],
    ["quantity", "Utf8"],
    ["runs", "Utf8"],
    ["measured", "Float64"],
    ["predicted", "Float64"],
    ["expected", "Utf8"],
    ["rule", "Utf8"],
    ["verdict", "Utf8"],
    ["sentence", "Utf8"],
    ["runsUsed", "Int32"],
    ["runsConverged", "Int32"],
    ["others", "Utf8"]
  ],
  findings: [
    ["experiment", "Utf8"],
    ["id", "Utf8"],
    ["kind", "Utf8"],
    ["replicate", "Utf8"],
    ["sentence", "Utf8"],
    ["value", "Float64"]
  ],
  pairs: [
    ["replicate", "Utf8"],
    ["r1", "Int32"],
    ["r2", "Int32"],
    ...(["global", "layerwise"] as const).flatMap((loss): [string, string][] => [
      [`${loss}EffectiveRank`, "Float64"],
      [`${loss}RelativeError`, "Float64"],
      [`${loss}Gap`, "Float64"],
      [`${loss}ReachShare`, "Float64"],
      [`${loss}MarkedRises`, "Int32"],
      [`${loss}Plateaus`, "Int32"],
      [`${loss}Converged`, "Bool"]
    ])
  ],
  effects: [
    ["run", "Utf8"],
    ["l1", "Float64"],
    ["cos", "Float64"],
    ["relativeError", "Float64"],
    ["errorChange", "Float64"],
    ["effectiveRank", "Float64"],
    ["cosineSeparation", "Float64"],
    ["w1Zeros", "Float64"],
    ["converged", "Bool"]
  ],
  solverSummary: [
    ["run", "Utf8"],
    ["solver", "Utf8"],
    ["rank", "Int32"],
    ["iterations", "Int32"],
    ["relativeError", "Float64"],
    ["gap", "Float64"],
    ["effectiveRank", "Float64"],
    ["withinStep", "Int32"],
    ["reachStep", "Int32"],
    ["largestIncrease", "Float64"],
    ["converged", "Bool"]
  ],
  structure: [
    ["run", "Utf8"],
    ["kind", "Utf8"],
    ["step", "Int32"],
    ["structured", "Int32"],
    ["signatures", "Int32"],
    ["medianCorrelation", "Float64"]
  ]
};

// A replications table holds the replications' runs in the runs schema.
tableSchemas.replications = tableSchemas.runs;
