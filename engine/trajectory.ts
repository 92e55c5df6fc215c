import type {StepRecord, Trajectory} from "./types.js";

/** Collects step records column by column, growing its typed arrays geometrically. */
export class TrajectoryRecorder {
  private length = 0;
  private capacity = 64;
  private columns: Omit<Trajectory, "topK">;

  constructor(readonly topK: number) {
    this.columns = allocate(this.capacity, topK);
  }

  get size(): number {
    return this.length;
  }

  push(record: StepRecord): void {
    if (this.length === this.capacity) this.grow();
    const c = this.columns,
      i = this.length++;
    c.step[i] = record.step;
    c.timeMs[i] = record.timeMs;
    c.relativeError[i] = record.relativeError;
    c.error[i] = record.error;
    c.objective[i] = record.objective;
    c.effectiveRank[i] = record.effectiveRank;
    c.nuclearRatio[i] = record.nuclearRatio;
    c.stableRank[i] = record.stableRank;
    c.modesLearned[i] = record.modesLearned;
    c.cosineSeparation[i] = record.cosineSeparation;
    const s = record.singularValues;
    for (let k = 0; k < this.topK; ++k) c.singularValues[i * this.topK + k] = k < s.length ? s[k] : 0;
    const a = record.modeAlignment;
    for (let k = 0; k < this.topK; ++k) c.modeAlignment[i * this.topK + k] = k < a.length ? a[k] : 0;
  }

  /** The recorded columns, trimmed to length. */
  finish(): Trajectory {
    const n = this.length,
      c = this.columns;
    return {
      step: c.step.slice(0, n),
      timeMs: c.timeMs.slice(0, n),
      relativeError: c.relativeError.slice(0, n),
      error: c.error.slice(0, n),
      objective: c.objective.slice(0, n),
      effectiveRank: c.effectiveRank.slice(0, n),
      nuclearRatio: c.nuclearRatio.slice(0, n),
      stableRank: c.stableRank.slice(0, n),
      modesLearned: c.modesLearned.slice(0, n),
      cosineSeparation: c.cosineSeparation.slice(0, n),
      topK: this.topK,
      singularValues: c.singularValues.slice(0, n * this.topK),
      modeAlignment: c.modeAlignment.slice(0, n * this.topK)
    };
  }

  private grow(): void {
    const next = allocate((this.capacity *= 2), this.topK);
    for (const key of Object.keys(next) as (keyof typeof next)[]) next[key].set(this.columns[key] as never);
    this.columns = next;
  }
}

function allocate(capacity: number, topK: number) {
  return {
    step: new Int32Array(capacity),
    timeMs: new Float64Array(capacity),
    relativeError: new Float64Array(capacity),
    error: new Float64Array(capacity),
    objective: new Float64Array(capacity),
    effectiveRank: new Float64Array(capacity),
    nuclearRatio: new Float64Array(capacity),
    stableRank: new Float64Array(capacity),
    modesLearned: new Int32Array(capacity),
    cosineSeparation: new Float64Array(capacity),
    singularValues: new Float64Array(capacity * topK),
    modeAlignment: new Float64Array(capacity * topK)
  };
}

/** The record of the last recorded step of a trajectory. */
export function lastRecord(t: Trajectory): StepRecord {
  return recordAt(t, t.step.length - 1);
}

/** The record of the i-th recorded step of a trajectory. */
export function recordAt(t: Trajectory, i: number): StepRecord {
  return {
    step: t.step[i],
    timeMs: t.timeMs[i],
    relativeError: t.relativeError[i],
    error: t.error[i],
    objective: t.objective[i],
    effectiveRank: t.effectiveRank[i],
    nuclearRatio: t.nuclearRatio[i],
    stableRank: t.stableRank[i],
    modesLearned: t.modesLearned[i],
    cosineSeparation: t.cosineSeparation[i],
    singularValues: t.singularValues.slice(i * t.topK, (i + 1) * t.topK),
    modeAlignment: t.modeAlignment.slice(i * t.topK, (i + 1) * t.topK)
  };
}
