import type {LogBin} from "./logBins.js";
import {linearPieces, type Piece} from "./pieces.js";
import type {PlateauSettings} from "./settings.js";
import {mergeAtOneLevel, refineEdges, stretchOfPiece, type RawSeries} from "./stretches.js";

/** A plateau as indices of its first and last recorded point, and its level. */
export interface PlateauSpan {
  first: number;
  last: number;
  level: number;
}

/**
 * The plateaus of one unbroken segment of a trajectory, from its closed bins:
 * 1. the binned series is cut into linear pieces (pieces.ts: PELT, penalized least-squares lines);
 * 2. a piece is flat when its line changes by at most the tolerance across it;
 * 3. consecutive flat pieces at one level, less than `minLogLength` apart, merge (stretches.ts);
 * 4. each stretch's ends are set, over the bins then on the recorded points, where the curve leaves
 *    half the tolerance of its end pieces' lines;
 * 5. a stretch shorter than `minLogLength` in log-time is dropped;
 * 6. the survivors merge again at one level (a dropped stretch may have separated two of them).
 */
export function segmentPlateaus(bins: readonly LogBin[], raw: RawSeries, settings: PlateauSettings): PlateauSpan[] {
  return plateausOfPieces(linearPieces(bins, settings), bins, raw, settings);
}

/** Steps 2-6 of `segmentPlateaus`, from the pieces of step 1. */
export function plateausOfPieces(
  pieces: readonly Piece[],
  bins: readonly LogBin[],
  raw: RawSeries,
  settings: PlateauSettings
): PlateauSpan[] {
  const flat = pieces.filter((p) => p.flat).map((p) => stretchOfPiece(p, bins));
  const grouped = mergeAtOneLevel(flat, bins, raw, settings);
  const long = refineEdges(grouped, bins, raw, settings).filter(
    (stretch) => raw.times[stretch.last] - raw.times[stretch.first] >= settings.minLogLength
  );
  return mergeAtOneLevel(long, bins, raw, settings).map(({first, last, level}) => ({first, last, level}));
}
