import {lastRecord, type DataProvenance, type FitResult} from "../engine/index.js";
import type {WrittenFiles} from "./fitOutputs.js";
import {formatDuration} from "./progress.js";

/** The `--json` summary. */
export function fitSummary(result: FitResult, provenance: DataProvenance, files: WrittenFiles, initFrom?: string) {
  const {timeMs, cosineSeparation, ...final} = lastRecord(result.trajectory);
  const {m, n, ...rest} = provenance;
  return {
    model: result.options.model,
    ranks: result.options.ranks,
    iterations: result.iterations,
    stopReason: result.stopReason,
    wallMs: result.wallMs,
    options: result.options,
    ...(result.errorMeasure === undefined ? {} : {errorMeasure: result.errorMeasure}),
    ...(initFrom === undefined ? {} : {initFrom}),
    data: {m, n, ...rest},
    final: {
      ...final,
      singularValues: Array.from(final.singularValues),
      modeAlignment: Array.from(final.modeAlignment)
    },
    plateaus: result.plateaus,
    files
  };
}

export function humanSummary(s: ReturnType<typeof fitSummary>): string {
  const f = s.final;
  const lines = [
    `${s.model} ranks ${s.ranks.join(",")} on ${s.data.m} x ${s.data.n} (${s.data.source}): ` +
      `${s.iterations} iterations in ${formatDuration(s.wallMs)} (${s.options.precision}), stopped by ${s.stopReason}`,
    `relative error ${f.relativeError.toPrecision(4)}, effective rank ${f.effectiveRank.toFixed(2)}, ` +
      `stable rank ${f.stableRank.toFixed(2)}, nuclear ratio ${f.nuclearRatio.toFixed(2)}, ` +
      `modes learned ${f.modesLearned} of ${f.modeAlignment.length} (|u_i^T M v_i| >= s_i(X) / 2)`
  ];
  if (s.errorMeasure) lines.push(errorMeasureLine(s.errorMeasure));
  if (s.plateaus.length) {
    lines.push(`plateaus: ${s.plateaus.map((p) => `${p.start}-${p.end} at ${p.level.toFixed(2)}`).join(", ")}`);
  }
  if (s.files.run) lines.push(`wrote ${s.files.run}`);
  if (s.files.factors) lines.push(`wrote ${s.files.factors.join(", ")}`);
  if (s.files.init) lines.push(`wrote ${s.files.init.join(", ")} (initial factors)`);
  return lines.join("\n") + "\n";
}

/** What the error columns hold in a weighted, missing-value or beta-divergence run. */
function errorMeasureLine(e: NonNullable<FitResult["errorMeasure"]>): string {
  const over =
    e.weighted === "none"
      ? "every entry"
      : e.weighted === "weights"
        ? "every entry, weighted"
        : `the observed entries (${e.missingEntries} missing${e.weighted === "missing" ? "" : ", weighted"})`;
  return `error: the ${e.betaLoss} loss over ${over}; relative error = error / ${e.reference.toPrecision(6)} (${e.relativeTo})`;
}
