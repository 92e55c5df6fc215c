/**
 * The line a finished lab run leaves: its final relative error and effective rank, why it stopped,
 * how long it took, and the engine's value at the same step when a precomputed run matches. The
 * element carries the automated checks' hooks (`data-testid="lab-result"` and its data attributes).
 */
import type {LabResult} from "../../lab/index.js";
import type {ReferenceCurve} from "./labFiles.js";

export interface RunFacts {
  /** From the click to the last redraw. */
  ms: number;
  /** The panel's run counter. */
  run: number;
  /** tf.memory().numTensors once the run has cleaned up, and at its start. */
  tensors: number;
  tensorsBefore: number;
  /** Why a stopped run was stopped ("stopped", "reset", "an input changed"...). */
  stopWhy: string;
  reference?: ReferenceCurve;
}

export function resultOutput(result: LabResult, facts: RunFacts): HTMLOutputElement {
  const {ms, reference} = facts;
  const last = result.records[result.records.length - 1];
  const output = document.createElement("output");
  output.className = "lab-result";
  output.dataset.testid = "lab-result";
  if (!last) {
    // Stopped before the first recorded step (a Stop right after Run): nothing to report but that.
    Object.assign(output.dataset, {iterations: "0", backend: result.backend, stopReason: result.stopReason});
    Object.assign(output.dataset, {run: String(facts.run), tensors: String(facts.tensors)});
    output.textContent = `No step recorded${stopNote(result, facts.stopWhy)}.`;
    return output;
  }
  Object.assign(output.dataset, {
    relativeError: String(last.relativeError),
    effectiveRank: String(last.effectiveRank),
    iterations: String(result.iterations),
    backend: result.backend,
    ms: String(Math.round(ms)),
    trainMs: String(Math.round(result.wallMs)),
    stopReason: result.stopReason,
    run: String(facts.run),
    tensors: String(facts.tensors),
    tensorsBefore: String(facts.tensorsBefore),
    plateaus: String(result.plateaus.length)
  });
  let text =
    `Relative error ${last.relativeError.toFixed(5)}, effective rank ${last.effectiveRank.toFixed(3)} after ` +
    `${result.iterations} iterations${stopNote(result, facts.stopWhy)}, ${Math.round(ms)} ms on ${backendName(result.backend)}, ` +
    `${result.plateaus.length} plateau${result.plateaus.length === 1 ? "" : "s"}.`;
  if (reference) {
    const i = reference.step.indexOf(result.iterations);
    if (i >= 0) {
      const engine = reference.relativeError[i];
      output.dataset.engineRelativeError = String(engine);
      text += ` The engine (float64) at the same step: ${engine.toFixed(5)}.`;
    }
  }
  output.textContent = text;
  return output;
}

/** Why the run stopped before its budget, in parentheses; nothing when it ran it out. */
function stopNote(result: LabResult, stopWhy: string): string {
  switch (result.stopReason) {
    case "aborted":
      return ` (${stopWhy || "stopped"})`;
    case "plateau":
      return " (early stopping: a plateau outlasted the patience)";
    case "diverged":
      return ` (diverged at step ${result.divergedAt}: try a smaller learning rate)`;
    default:
      return "";
  }
}

/** "tfjs wasm" for a tfjs backend; the engine's name as it comes. */
export function backendName(backend: string): string {
  return backend.startsWith("engine") ? backend : `tfjs ${backend}`;
}
