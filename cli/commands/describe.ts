import type {DataProvenance} from "../../engine/index.js";
import {defineCommand} from "../command.js";
import {dataOptions, loadDataFromOptions} from "../dataOptions.js";

const defaultRanks = [1, 2, 5, 10, 20, 40, 60];

const options = {
  ...dataOptions,
  ranks: {
    type: "integers",
    valueName: "K1,K2,...",
    min: 1,
    default: defaultRanks,
    description: "ranks at which to give the Eckart-Young bound"
  },
  "top-k": {type: "integer", min: 1, default: 20, description: "how many leading singular values to show"},
  json: {type: "boolean", description: "print the facts as JSON on stdout"}
} as const;

export const describeCommand = defineCommand({
  name: "describe",
  summary: "describe a data matrix: shape, values, hash, spectrum, ranks and Eckart-Young bounds",
  usage: "nmf describe --data SPEC [--ranks 1,2,5,...] [--json]",
  description: [
    "Loads the data as `nmf fit` would and prints its facts: m x n, image shape, value range, density, content hash, the effective rank (exp of the entropy of the normalized singular values, Roy and Vetterli 2007), the stable rank (||X||_F^2 / s1^2), the nuclear ratio (sum of s_i / s1), the leading singular values, and for each rank k the Eckart-Young bound: no rank-k matrix, non-negative or not, reconstructs X with a relative error below sum_{i>k} s_i^2 / ||X||_F^2."
  ].join("\n"),
  examples: ["nmf describe --data mnist:2000", "nmf describe --data x.csv --ranks 1,2,3 --json"],
  options,
  async run(values, context) {
    const dataset = await loadDataFromOptions(values, context);
    const {dataReference, eckartYoung} = await import("../../engine/index.js");
    const reference = dataReference(dataset.X);
    const s = reference.singularValues;
    const facts = {
      ...dataset.provenance,
      frobeniusSquared: reference.frobeniusSquared,
      effectiveRank: reference.effectiveRank,
      stableRank: reference.stableRank,
      nuclearRatio: reference.nuclearRatio,
      singularValues: Array.from(s.subarray(0, Math.min(values["top-k"]!, s.length))),
      eckartYoung: values.ranks!.map((rank) => ({rank, relativeError: eckartYoung(reference, rank)}))
    };
    context.stdout.write(values.json ? JSON.stringify(facts, null, 2) + "\n" : humanFacts(facts));
    return 0;
  }
});

interface Facts extends DataProvenance {
  frobeniusSquared: number;
  effectiveRank: number;
  stableRank: number;
  nuclearRatio: number;
  singularValues: number[];
  eckartYoung: {rank: number; relativeError: number}[];
}

function humanFacts(f: Facts): string {
  const rows: [string, string][] = [
    ["source", f.source],
    ...(f.split ? [["split", f.split] as [string, string]] : []),
    ...(f.subset !== undefined ? [["subset", `${f.subset} rows, data seed ${f.dataSeed}`] as [string, string]] : []),
    ["shape", `${f.m} x ${f.n}`],
    ...(f.imageShape
      ? [["image shape", f.imageShape.join(" x ") + " (height x width x channels)"] as [string, string]]
      : []),
    ["value range", `${f.valueRange[0]} .. ${f.valueRange[1]}`],
    ["density", `${(100 * f.density).toFixed(2)}% non-zero`],
    ["hash", `${f.hash} (FNV-1a 64 of the float32 bytes)`],
    ["effective rank", f.effectiveRank.toFixed(2)],
    ["stable rank", f.stableRank.toFixed(2)],
    ["nuclear ratio", f.nuclearRatio.toFixed(2)],
    ["singular values", f.singularValues.map((v) => v.toPrecision(4)).join(" ")]
  ];
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}${v}`);
  lines.push("", "Eckart-Young bound (smallest relative error of any rank-k reconstruction):");
  for (const {rank, relativeError} of f.eckartYoung)
    lines.push(`  k = ${String(rank).padEnd(5)} ${relativeError.toFixed(4)}`);
  return lines.join("\n") + "\n";
}
