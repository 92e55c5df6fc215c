import type {LogBin} from "./logBins.js";
import {median} from "./median.js";
import type {Piece} from "./pieces.js";
import {toleranceAt, type PlateauSettings} from "./settings.js";

/** The recorded points of one segment of a trajectory: steps, log-times and effective ranks. */
export interface RawSeries {
  readonly steps: readonly number[];
  readonly times: readonly number[];
  readonly values: readonly number[];
}

/** A candidate plateau: flat bins at one level, the points it spans, and the lines of its end pieces. */
export interface Stretch {
  /** Indices of its flat bins (increasing). */
  bins: number[];
  /** Indices of its first and last point. */
  first: number;
  last: number;
  /** Median of its bins' values. */
  level: number;
  startLine: (u: number) => number;
  endLine: (u: number) => number;
}

export function stretchOfPiece(piece: Piece, bins: readonly LogBin[]): Stretch {
  const indices: number[] = [];
  for (let k = piece.firstBin; k <= piece.lastBin; ++k) indices.push(k);
  return {
    bins: indices,
    first: bins[piece.firstBin].first,
    last: bins[piece.lastBin].last,
    level: piece.level,
    startLine: piece.line,
    endLine: piece.line
  };
}

/** Two levels are one when they differ by at most the tolerance at the larger. */
export function atOneLevel(settings: PlateauSettings, a: number, b: number): boolean {
  return Math.abs(a - b) <= toleranceAt(settings, Math.max(Math.abs(a), Math.abs(b)));
}

/**
 * Merges consecutive stretches at one level separated by less than `minLogLength` in log-time
 * (noise or a blip split one plateau; a longer excursion between them keeps them apart). The merged
 * level is the median of all their bins; each next stretch is compared with the merged level, so a
 * chain of small steps is not merged past the tolerance.
 */
export function mergeAtOneLevel(
  stretches: readonly Stretch[],
  bins: readonly LogBin[],
  raw: RawSeries,
  settings: PlateauSettings
): Stretch[] {
  const merged: Stretch[] = [];
  for (const next of stretches) {
    const previous = merged[merged.length - 1];
    const close = previous !== undefined && raw.times[next.first] - raw.times[previous.last] < settings.minLogLength;
    if (!(close && atOneLevel(settings, previous.level, next.level))) {
      merged.push({...next, bins: next.bins.slice()});
      continue;
    }
    previous.bins.push(...next.bins);
    previous.last = next.last;
    previous.endLine = next.endLine;
    previous.level = median(previous.bins.map((k) => bins[k].value));
  }
  return merged;
}

/**
 * Sets the stretches' ends (in order, each end once): first over whole bins, then on the points.
 * 1. A stretch takes the bins beside it, one after the other, while their values are within half
 *    the tolerance of its end value (the line of its end piece at its outermost bin) and no other
 *    stretch holds them: a plateau's shoulder, where the curve bends out of it, or the part of a
 *    jump that a bin's median hid.
 * 2. Its end is then cut between its outermost bin and the next one (if free) at the point that
 *    minimizes the points on the wrong side: points within half the tolerance of the end value
 *    outside the plateau plus points off it inside (ties: the longer plateau). A jump inside a bin
 *    thus ends a plateau at the recorded point, and noise (a point off the band now and then) does
 *    not stop it early. A stretch starts after the previous one's last point, so consecutive
 *    plateaus share no point and a jump always has start < end.
 */
export function refineEdges(
  stretches: readonly Stretch[],
  bins: readonly LogBin[],
  raw: RawSeries,
  settings: PlateauSettings
): Stretch[] {
  const occupied = new Array<boolean>(bins.length).fill(false);
  for (const stretch of stretches) for (const k of stretch.bins) occupied[k] = true;
  const out: Stretch[] = [];
  for (const stretch of stretches) {
    const halfBand = toleranceAt(settings, stretch.level) / 2;
    let firstBin = stretch.bins[0],
      lastBin = stretch.bins[stretch.bins.length - 1];
    // The references: the end pieces' lines at the stretch's outermost bins (not extrapolated further,
    // which would amplify the noise of a short piece's slope).
    const startLevel = stretch.startLine(bins[firstBin].x),
      endLevel = stretch.endLine(bins[lastBin].x);
    const startIn = (i: number) => Math.abs(raw.values[i] - startLevel) <= halfBand;
    const endIn = (i: number) => Math.abs(raw.values[i] - endLevel) <= halfBand;
    while (firstBin > 0 && !occupied[firstBin - 1] && Math.abs(bins[firstBin - 1].value - startLevel) <= halfBand)
      occupied[--firstBin] = true;
    while (
      lastBin + 1 < bins.length &&
      !occupied[lastBin + 1] &&
      Math.abs(bins[lastBin + 1].value - endLevel) <= halfBand
    )
      occupied[++lastBin] = true;
    const before = firstBin > 0 && !occupied[firstBin - 1] ? bins[firstBin - 1].first : bins[firstBin].first;
    const after = lastBin + 1 < bins.length && !occupied[lastBin + 1] ? bins[lastBin + 1].last : bins[lastBin].last;
    // Never before the previous stretch's last point: consecutive plateaus share no point, so a jump has start < end.
    const floor = out.length > 0 ? out[out.length - 1].last + 1 : 0;
    const first = bestStart(Math.max(before, floor), bins[firstBin].last, startIn);
    const last = bestEnd(bins[lastBin].first, after, endIn);
    out.push({...stretch, first, last});
  }
  return out;
}

/** The start in from .. to that minimizes (points in the band before it) + (points off the band from it on); earliest on ties. */
function bestStart(from: number, to: number, inBand: (i: number) => boolean): number {
  let errors = 0;
  for (let i = from; i <= to; ++i) if (!inBand(i)) ++errors;
  let best = from,
    fewest = errors;
  for (let c = from + 1; c <= to; ++c) {
    errors += inBand(c - 1) ? 1 : -1;
    if (errors < fewest) ((fewest = errors), (best = c));
  }
  return best;
}

/** The end in from .. to that minimizes (points off the band up to it) + (points in the band after it); latest on ties. */
function bestEnd(from: number, to: number, inBand: (i: number) => boolean): number {
  let errors = 0;
  for (let i = from; i <= to; ++i) if (!inBand(i)) ++errors;
  let best = to,
    fewest = errors;
  for (let c = to - 1; c >= from; --c) {
    errors += inBand(c + 1) ? 1 : -1;
    if (errors < fewest) ((fewest = errors), (best = c));
  }
  return best;
}
