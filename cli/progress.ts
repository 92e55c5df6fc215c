import type {StepRecord} from "../engine/index.js";
import type {OutputStream} from "./command.js";

export interface ProgressOptions {
  stream: OutputStream;
  /** The iteration budget, for the ETA. */
  totalSteps: number;
  /** Clock in ms (default performance.now); tests pass their own. */
  now?: () => number;
  /** Nothing is shown before this many ms (default 1000): short runs stay quiet. */
  quietMs?: number;
  /** Between two lines when the stream is not a terminal (default 5000 ms). */
  lineEveryMs?: number;
  /** Between two rewrites of the line on a terminal (default 200 ms). */
  redrawEveryMs?: number;
}

export interface Progress {
  /** Pass as FitOptions.onRecord. */
  update(record: StepRecord): void;
  /** Pass as FitOptions.onStep: shows progress between recorded steps too (`--record-every 1500`). */
  step(step: number): void;
  /** Clears the line on a terminal. */
  finish(): void;
}

/**
 * Progress of a fit on stderr: `step 1200/5000  812 steps/s  ETA 4.7s  rel. error 0.4123  eff. rank 7.42`.
 * Silent for the first second. On a terminal the line is rewritten in place (`\r`) a few times a
 * second and erased at the end; otherwise (a log file, CI) one line is printed every few seconds.
 */
export function createProgress(options: ProgressOptions): Progress {
  const {stream, totalSteps, now = () => performance.now()} = options;
  const quietMs = options.quietMs ?? 1000;
  const tty = stream.isTTY === true;
  const interval = tty ? (options.redrawEveryMs ?? 200) : (options.lineEveryMs ?? 5000);
  const start = now();
  let first: {step: number; time: number} | undefined;
  let last: StepRecord | undefined;
  let lastShown = -Infinity;
  let drawn = false;
  const show = (step: number) => {
    const time = now();
    first ??= {step, time};
    if (last === undefined || time - start < quietMs || time - lastShown < interval) return;
    lastShown = time;
    const rate = (step - first.step) / Math.max(time - first.time, 1e-9);
    const line = formatProgress(last, totalSteps, rate, step);
    if (tty) (stream.write(`\r${line}\x1b[K`), (drawn = true));
    else stream.write(`${line}\n`);
  };
  return {
    update(record) {
      last = record;
      show(record.step);
    },
    step: show,
    finish() {
      if (drawn) (stream.write("\r\x1b[K"), (drawn = false));
    }
  };
}

/**
 * One progress line at `step` (default: the record's); `stepsPerMs` is the rate since the first
 * step seen. The metrics are those of the last recorded step, which says its step when it is older.
 */
export function formatProgress(record: StepRecord, totalSteps: number, stepsPerMs: number, step = record.step): string {
  const rate = stepsPerMs * 1000;
  const remaining = Math.max(totalSteps - step, 0);
  const eta = rate > 0 ? formatDuration((remaining / rate) * 1000) : "?";
  return [
    `step ${step}/${totalSteps}`,
    `${rate >= 10 ? Math.round(rate) : rate.toPrecision(2)} steps/s`,
    `ETA ${eta}`,
    `rel. error ${record.relativeError.toFixed(4)}`,
    `eff. rank ${record.effectiveRank.toFixed(2)}${record.step === step ? "" : ` (at step ${record.step})`}`
  ].join("  ");
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "?";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s - 60 * m)).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}
