import {defaultPlateauSettings, toleranceAt, createRandom, randomNormal, type Random} from "../../engine/index.js";
import {curveOf, truePlateaus, type Layout, type Segment, type Shape, type TruePlateau} from "./curve.js";

/**
 * Seeded synthetic effective-rank trajectories with known plateaus, in six families:
 * - `flat`: no step at all, one plateau over the whole run;
 * - `steps`: staircases of 1 to 4 jumps (a single step included), jumps 0.005-0.08 wide in u,
 *   mostly up, sometimes down;
 * - `close-jumps`: two jumps 0.1-0.14 apart in u late in the run (the study's jumps near epochs
 *   12,000 and 14,000 of 20,000), after zero or one earlier jump;
 * - `ramps`: log-linear ramps (linear in u), slopes 0.05-1 per unit of u, alone (no plateau at
 *   all), after a plateau, before one, or between two;
 * - `drifts`: plateaus joined by slow drifts 1-2.5 long in u (linear or cosine-eased, changing by
 *   0.35-1.2: slopes 0.14-1.2 per unit of u, the slow climbs a window-slope rule calls flat);
 * - `sags`: falling then rising (with a flat bottom, or a V without one), and humps (rising, flat
 *   top, falling), the shapes of the headline runs.
 * Every transition changes the level by at least twice the tolerance and every flat stretch lasts
 * at least 0.1 in u (the close jumps' middle plateau) and mostly 0.3 or more, so that what is a
 * plateau is never in doubt; noise is i.i.d. normal per recorded point.
 */
export const plateauFamilies = ["flat", "steps", "close-jumps", "ramps", "drifts", "sags"] as const;
export type PlateauFamily = (typeof plateauFamilies)[number];

/** Which steps a trajectory records: every `every` steps from 0 to `last`. */
export interface Recording {
  every: number;
  last: number;
}

export interface SyntheticTrajectory {
  family: PlateauFamily;
  variant: string;
  seed: number;
  noise: number;
  recording: Recording;
  steps: number[];
  erank: number[];
  truth: TruePlateau[];
}

/** Steps below this are the detector's transient: the curves start at the first recorded step >= 10. */
const FIRST_STEP = defaultPlateauSettings.minStep;

const uniform = (random: Random, low: number, high: number) => low + (high - low) * random();
const pick = <T>(random: Random, options: readonly T[]): T => options[Math.floor(random() * options.length)];
const tolerance = (level: number) => toleranceAt(defaultPlateauSettings, level);

/** A transition from `level` by a change of at least twice the tolerance (up with probability `up`). */
function change(random: Random, level: number, low: number, high: number, up = 0.8): number {
  const goUp = random() < up || level - high < 1;
  const size = Math.max(uniform(random, low, high), 2 * tolerance(level + (goUp ? high : 0)));
  return goUp ? size : -size;
}

/** A flat stretch of at least `flat` in u (it also takes a random share of the room left), or a transition. */
type Item = Segment | {flat: number};

/** Lays the items out in order from `start` to `end`: each flat stretch gets its minimum plus a random share of the room. */
function layout(random: Random, start: number, end: number, level: number, items: readonly Item[]): Layout {
  const isFlat = (item: Item): item is {flat: number} => "flat" in item;
  const used = items.reduce((a, item) => a + (isFlat(item) ? item.flat : item.length), 0);
  const room = end - start - used;
  if (room < 0) throw new RangeError(`synthetic layout does not fit: ${used.toFixed(2)} > ${(end - start).toFixed(2)}`);
  const weights = items.map((item) => (isFlat(item) ? uniform(random, 0.5, 1.5) : 0));
  const total = weights.reduce((a, b) => a + b, 0);
  const segments = items.map((item, k): Segment => {
    if (!isFlat(item)) return item;
    return {shape: "flat", length: item.flat + (total > 0 ? (room * weights[k]) / total : 0), change: 0};
  });
  return {start, level, segments};
}

/** Level after the transitions so far (to size each change by the tolerance where it happens). */
function levelAfter(level: number, items: readonly Item[]): number {
  return items.reduce((l, item) => l + ("change" in item ? item.change : 0), level);
}

type Builder = (random: Random, start: number, end: number) => {variant: string; layout: Layout};

const transition = (shape: Shape, length: number, change: number): Segment => ({shape, length, change});

const builders: Record<PlateauFamily, Builder> = {
  flat(random, start, end) {
    return {variant: "no step", layout: layout(random, start, end, uniform(random, 1, 8), [{flat: 0}])};
  },
  steps(random, start, end) {
    const jumps = 1 + Math.floor(random() * 4);
    const level = uniform(random, 1, 3);
    const items: Item[] = [{flat: 0.3}];
    for (let k = 0; k < jumps; ++k) {
      const size = change(random, levelAfter(level, items), 0.4, 2);
      items.push(transition("step", uniform(random, 0.005, 0.08), size), {flat: 0.3});
    }
    return {variant: jumps === 1 ? "single step" : `${jumps} steps`, layout: layout(random, start, end, level, items)};
  },
  "close-jumps"(random, start, end) {
    // The last plateau lasts 0.3-0.45 in u (epochs 14,000 to 20,000 is 0.36), the one between the jumps 0.1-0.14.
    const level = uniform(random, 1, 4);
    const earlier = random() < 0.5;
    const items: Item[] = [{flat: 0.3}];
    if (earlier)
      items.push(transition("step", uniform(random, 0.01, 0.08), change(random, level, 0.5, 2, 1)), {flat: 0.3});
    const head = layout(random, start, end, level, items);
    const jump = () =>
      transition("step", uniform(random, 0.005, 0.02), change(random, levelAfter(level, items), 0.4, 1.5, 1));
    const first = jump();
    items.push(first);
    const middle = uniform(random, 0.1, 0.14);
    const second = jump();
    const last = uniform(random, 0.3, 0.45);
    // The close jumps and what follows are laid at the end; the flat before them takes the room left.
    const tail = first.length + middle + second.length + last;
    const segments = head.segments.slice();
    segments[segments.length - 1] = {
      ...segments[segments.length - 1],
      length: segments[segments.length - 1].length - tail
    };
    segments.push(first, transition("flat", middle, 0), second, transition("flat", last, 0));
    return {variant: earlier ? "after a jump" : "alone", layout: {start, level, segments}};
  },
  ramps(random, start, end) {
    const variant = pick(random, ["ramp only", "plateau then ramp", "ramp then plateau", "ramp between plateaus"]);
    const level = uniform(random, 1, 3);
    const flats = variant === "ramp only" ? 0 : variant === "ramp between plateaus" ? 2 : 1;
    const length = end - start - flats * uniform(random, 1, 2);
    const slope = uniform(random, variant === "ramp only" ? 0.05 : 0.1, 1);
    const size = Math.max(slope * length, 2 * tolerance(level + slope * length));
    const ramp = transition("linear", length, size);
    const items: Item[] =
      variant === "ramp only"
        ? [ramp]
        : variant === "plateau then ramp"
          ? [{flat: 0}, ramp]
          : variant === "ramp then plateau"
            ? [ramp, {flat: 0}]
            : [{flat: 0}, ramp, {flat: 0}];
    return {variant, layout: layout(random, start, end, level, items)};
  },
  drifts(random, start, end) {
    const count = 1 + Math.floor(random() * 2);
    const level = uniform(random, 1, 3);
    const items: Item[] = [{flat: 0.4}];
    for (let k = 0; k < count; ++k) {
      const size = change(random, levelAfter(level, items), 0.35, 1.2);
      items.push(transition(pick(random, ["linear", "smooth"] as const), uniform(random, 1, 2.5), size), {flat: 0.4});
    }
    return {variant: count === 1 ? "1 drift" : `${count} drifts`, layout: layout(random, start, end, level, items)};
  },
  sags(random, start, end) {
    const variant = pick(random, ["sag", "V sag", "hump"]);
    const level = uniform(random, 2, 4);
    const eased = () => pick(random, ["linear", "smooth"] as const);
    if (variant === "hump") {
      const rise = transition(eased(), uniform(random, 0.5, 2), change(random, level, 0.5, 1.5, 1));
      const fall = transition(eased(), uniform(random, 0.5, 1.5), -change(random, level + rise.change, 0.4, 1, 1));
      return {variant, layout: layout(random, start, end, level, [{flat: 0.4}, rise, {flat: 0.3}, fall, {flat: 0.4}])};
    }
    const v = variant === "V sag";
    const fall = transition(v ? "linear" : eased(), uniform(random, 0.5, 2), -change(random, level, 0.4, 1.2, 1));
    const riseShape = v ? "linear" : pick(random, ["step", "smooth"] as const);
    const rise = transition(
      riseShape,
      uniform(random, v ? 0.5 : 0.05, 1),
      change(random, level + fall.change, 0.8, 3, 1)
    );
    const items: Item[] = v
      ? [{flat: 0.4}, fall, rise, {flat: 0.4}]
      : [{flat: 0.4}, fall, {flat: 0.3}, rise, {flat: 0.4}];
    return {variant, layout: layout(random, start, end, level, items)};
  }
};

/** One synthetic trajectory: the family's layout drawn with `seed`, recorded as asked, plus noise of sd `noise`. */
export function syntheticTrajectory(
  family: PlateauFamily,
  seed: number,
  noise: number,
  recording: Recording
): SyntheticTrajectory {
  const random = createRandom(seed);
  const steps: number[] = [];
  for (let t = 0; t <= recording.last; t += recording.every) steps.push(t);
  if (steps[steps.length - 1] !== recording.last) steps.push(recording.last);
  const firstStep = steps.find((t) => t >= FIRST_STEP) ?? recording.last;
  const start = Math.log(firstStep + 1),
    end = Math.log(recording.last + 1);
  const {variant, layout: drawn} = builders[family](random, start, end);
  const {value} = curveOf(drawn);
  const normal = randomNormal(random);
  // Points in the transient are the curve's first level: the detector ignores them anyway.
  const erank = steps.map((t) => value(Math.max(start, Math.log(t + 1))) + noise * normal());
  return {family, variant, seed, noise, recording, steps, erank, truth: truePlateaus(drawn, start, end)};
}
