import type {Plateau} from "../types.js";

/** A change of level between two consecutive plateaus. */
export interface PlateauJump {
  /** The midpoint in log-time of the gap between the two plateaus, rounded to a step. */
  step: number;
  /** Last step of the plateau before and first step of the plateau after (start < end). */
  start: number;
  end: number;
  /** Levels before and after. */
  from: number;
  to: number;
}

/** The jumps between consecutive plateaus: where (log-time midpoint of the gap) and from which level to which. */
export function plateauJumps(plateaus: readonly Plateau[]): PlateauJump[] {
  const jumps: PlateauJump[] = [];
  for (let k = 1; k < plateaus.length; ++k) {
    const before = plateaus[k - 1],
      after = plateaus[k];
    const middle = Math.round(Math.sqrt((before.end + 1) * (after.start + 1)) - 1);
    jumps.push({step: middle, start: before.end, end: after.start, from: before.level, to: after.level});
  }
  return jumps;
}
