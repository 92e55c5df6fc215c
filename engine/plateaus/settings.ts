import {InputError} from "../errors.js";

/**
 * The settings of the plateau detector (every one is stated, with its default, on the Methods page).
 * Time is log-time u = ln(step + 1) throughout.
 */
export interface PlateauOptions {
  /** Steps below this are the initial transient (default 10). */
  minStep?: number;
  /** Width in u of the bins the recorded points are pooled into (default 0.02, i.e. 2% in steps). */
  binWidth?: number;
  /** Absolute effective-rank tolerance of a plateau (default 0.15). */
  tolerance?: number;
  /** Relative tolerance: the tolerance at level L is max(tolerance, relativeTolerance * L) (default 0.03). */
  relativeTolerance?: number;
  /** Shortest plateau in u (default 0.1). */
  minLogLength?: number;
  /** Penalty per linear piece, in units of ln(bins from step 10 to 100,000) noise variances (default 3). */
  penalty?: number;
  /** Smallest noise standard deviation assumed, as a fraction of `tolerance` (default 0.25). */
  resolution?: number;
  /** Fewest bins in one linear piece (default 2). */
  minPieceBins?: number;
}

export type PlateauSettings = Required<PlateauOptions>;

export const defaultPlateauSettings: Readonly<PlateauSettings> = Object.freeze({
  minStep: 10,
  binWidth: 0.02,
  tolerance: 0.15,
  relativeTolerance: 0.03,
  minLogLength: 0.1,
  penalty: 3,
  resolution: 0.25,
  minPieceBins: 2
});

/** The options with their defaults, checked: each a finite number in its range, or an InputError naming it. */
export function plateauSettings(options: PlateauOptions = {}): PlateauSettings {
  const s: PlateauSettings = {...defaultPlateauSettings};
  for (const key of Object.keys(defaultPlateauSettings) as (keyof PlateauSettings)[]) {
    const value = options[key];
    if (value !== undefined) s[key] = value;
  }
  const atLeast = (key: keyof PlateauSettings, low: number, strict: boolean, text: string) => {
    const value = s[key];
    if (!(typeof value === "number" && Number.isFinite(value) && (strict ? value > low : value >= low)))
      throw new InputError(key, value, text);
  };
  atLeast("minStep", 0, false, "a plateau detector setting must be a finite number >= 0");
  atLeast("binWidth", 0, true, "a bin width in ln(step + 1) must be a finite number > 0");
  atLeast("tolerance", 0, true, "a tolerance must be a finite number > 0");
  atLeast("relativeTolerance", 0, false, "a plateau detector setting must be a finite number >= 0");
  atLeast("minLogLength", 0, false, "a plateau detector setting must be a finite number >= 0");
  atLeast("penalty", 0, true, "a penalty must be a finite number > 0");
  atLeast("resolution", 0, true, "a resolution must be a finite number > 0");
  if (!(Number.isInteger(s.minPieceBins) && s.minPieceBins >= 1))
    throw new InputError("minPieceBins", s.minPieceBins, "must be an integer >= 1");
  return s;
}

/** The tolerance at an effective-rank level. */
export function toleranceAt(settings: PlateauSettings, level: number): number {
  return Math.max(settings.tolerance, settings.relativeTolerance * Math.abs(level));
}

/** Log-time. */
export function logTime(step: number): number {
  return Math.log(step + 1);
}
