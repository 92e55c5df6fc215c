import {
  defaultPlateauSettings,
  detectPlateaus,
  plateauJumps,
  toleranceAt,
  type PlateauOptions,
  type PlateauSettings,
  type Plateau,
  type Trajectory
} from "../../engine/index.js";

/** One variant of the detector: the defaults, or one setting moved by a factor. */
export interface SettingChange {
  /** The setting's name, or "defaults". */
  setting: string;
  /** Relative change: -0.5, 0 or +0.5. */
  change: number;
  value: number;
  options: PlateauOptions;
}

/** The defaults, then each setting at -50% and +50% (integers rounded, so minPieceBins 2 becomes 1 and 3). */
export function settingChanges(): SettingChange[] {
  const changes: SettingChange[] = [{setting: "defaults", change: 0, value: NaN, options: {}}];
  for (const key of Object.keys(defaultPlateauSettings) as (keyof PlateauSettings)[]) {
    for (const change of [-0.5, 0.5]) {
      const base = defaultPlateauSettings[key];
      const value =
        key === "minPieceBins"
          ? Math.max(1, Math.round(base * (1 + change)))
          : Number((base * (1 + change)).toPrecision(12));
      changes.push({setting: key, change, value, options: {[key]: value}});
    }
  }
  return changes;
}

/** What a detector variant finds on one run. */
export interface RunPlateaus {
  plateaus: Plateau[];
  /** Jumps with start >= end. */
  zeroWidthJumps: number;
  /** Consecutive plateaus whose levels differ by at most the variant's own tolerance. */
  sameLevelNeighbours: number;
  /** "1,157-2,146 at 3.23; ..." */
  summary: string;
}

export function runPlateaus(trajectory: Trajectory, options: PlateauOptions): RunPlateaus {
  const plateaus = detectPlateaus(trajectory.step, trajectory.effectiveRank, options);
  const settings = {...defaultPlateauSettings, ...options};
  const jumps = plateauJumps(plateaus);
  return {
    plateaus,
    zeroWidthJumps: jumps.filter((j) => j.start >= j.end).length,
    sameLevelNeighbours: jumps.filter(
      (j) => Math.abs(j.to - j.from) <= toleranceAt(settings, Math.max(Math.abs(j.from), Math.abs(j.to)))
    ).length,
    summary: plateaus.map((p) => `${grouped(p.start)}-${grouped(p.end)} at ${p.level.toFixed(2)}`).join("; ")
  };
}

/** 12345 as "12,345". */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
