import type {Plateau} from "../types.js";
import {LogBins, type LogBin} from "./logBins.js";
import {LivePieces} from "./pieces.js";
import {plateausOfPieces, segmentPlateaus, type PlateauSpan} from "./segment.js";
import {logTime, type PlateauSettings} from "./settings.js";
import type {RawSeries} from "./stretches.js";

/**
 * A trajectory as it is recorded, cut into unbroken segments: the points before `minStep` (the
 * initial transient) belong to none, and a non-finite effective rank ends one segment (the next
 * starts after it), so no plateau runs across either. Each segment is binned (logBins.ts) and
 * segmented on its own (segment.ts). `live` tracks extend the open segment's segmentation every time
 * one of its bins closes (pieces.ts `LivePieces`, exact), so that `spans()` always holds the
 * plateaus of the points so far; `finish` closes the last bin and segments every open segment from
 * scratch. The offline detector and the online monitor both end with `finish` on the same points,
 * so they find the same plateaus.
 */
export class PlateauTrack implements RawSeries {
  readonly steps: number[] = [];
  readonly times: number[] = [];
  readonly values: number[] = [];
  /** Plateaus of the segments already ended. */
  private readonly ended: PlateauSpan[] = [];
  /** The open segment's bins (undefined in the transient and after a break, until a finite point). */
  private bins: LogBins | undefined;
  /** The linear pieces of the open segment's closed bins, kept up to date (live tracks). */
  private pieces: LivePieces;
  /** Plateaus of the open segment's closed bins (live tracks only). */
  private open: PlateauSpan[] = [];
  private finished = false;

  constructor(
    readonly settings: PlateauSettings,
    readonly live: boolean
  ) {
    this.pieces = new LivePieces(settings);
  }

  get length(): number {
    return this.steps.length;
  }

  /** Adds one point (steps increasing); true when the plateaus of the points so far were recomputed. */
  add(step: number, value: number): boolean {
    if (this.finished) throw new RangeError("a finished plateau track takes no more points");
    if (!Number.isFinite(step)) throw new RangeError(`invalid step: ${step}`);
    const n = this.steps.length;
    if (n > 0 && step <= this.steps[n - 1])
      throw new RangeError(`steps must increase: ${step} after ${this.steps[n - 1]}`);
    const u = logTime(step);
    this.steps.push(step);
    this.times.push(u);
    this.values.push(value);
    if (step < this.settings.minStep || !Number.isFinite(value)) return this.endSegment();
    this.bins ??= new LogBins(this.settings.binWidth);
    const closed = this.bins.add(n, u, value);
    if (closed && this.live) {
      const bins = this.bins.closed;
      this.open = plateausOfPieces(this.pieces.update(bins), bins, this, this.settings);
    }
    return closed && this.live;
  }

  /** Closes the last bin and returns every plateau of the trajectory. */
  finish(): Plateau[] {
    if (!this.finished) {
      this.endSegment();
      this.finished = true;
    }
    return this.ended.map((span) => this.plateauOf(span));
  }

  /** Plateaus of the ended segments and of the open segment's closed bins, as point indices. */
  spans(): readonly PlateauSpan[] {
    return this.open.length === 0 ? this.ended : [...this.ended, ...this.open];
  }

  /** The open segment's last closed bin, if any. */
  lastBin(): LogBin | undefined {
    const closed = this.bins?.closed;
    return closed && closed.length > 0 ? closed[closed.length - 1] : undefined;
  }

  plateauOf(span: PlateauSpan): Plateau {
    return {start: this.steps[span.first], end: this.steps[span.last], level: span.level};
  }

  /** Ends the open segment (if any): closes its last bin, segments it, keeps its plateaus. */
  private endSegment(): boolean {
    const bins = this.bins;
    if (!bins) return false;
    bins.close();
    this.ended.push(...segmentPlateaus(bins.closed, this, this.settings));
    this.bins = undefined;
    this.pieces = new LivePieces(this.settings);
    this.open = [];
    return this.live;
  }
}
