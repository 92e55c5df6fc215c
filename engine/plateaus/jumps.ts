import type {Plateau} from "../types.js";

/** A change of level between two consecutive plateaus. */
export interface PlateauJump {
  /**
   * Where the jump happens: the first recorded step after the plateau before at which the effective
   * rank has crossed halfway between the two levels (in the jump's direction). Without the
   * trajectory, or when no recorded point crosses, the midpoint in log-time of the gap.
   */
  step: number;
  /** Last step of the plateau before and first step of the plateau after (start < end). */
  start: number;
  end: number;
  /** Levels before and after. */
  from: number;
  to: number;
}

/** The recorded trajectory a jump's crossing is read from. */
export interface ErankTrajectory {
  step: ArrayLike<number>;
  effectiveRank: ArrayLike<number>;
}

/**
 * The jumps between consecutive plateaus. The gap between two plateaus can hold more than the
 * jump itself (a sag before a climb, for example), so with the trajectory the jump's step is where
 * the effective rank crosses halfway between the levels, not the middle of the gap.
 */
export function plateauJumps(plateaus: readonly Plateau[], trajectory?: ErankTrajectory): PlateauJump[] {
  const jumps: PlateauJump[] = [];
  for (let k = 1; k < plateaus.length; ++k) {
    const before = plateaus[k - 1],
      after = plateaus[k];
    const step =
      (trajectory && halfwayCrossing(trajectory, before, after)) ??
      Math.round(Math.sqrt((before.end + 1) * (after.start + 1)) - 1);
    jumps.push({step, start: before.end, end: after.start, from: before.level, to: after.level});
  }
  return jumps;
}

function halfwayCrossing(t: ErankTrajectory, before: Plateau, after: Plateau): number | undefined {
  const half = (before.level + after.level) / 2;
  const rising = after.level >= before.level;
  for (let i = 0; i < t.step.length; ++i) {
    const step = t.step[i];
    if (step <= before.end) continue;
    if (step > after.start) break;
    const value = t.effectiveRank[i];
    if (rising ? value >= half : value <= half) return step;
  }
  return undefined;
}
