/**
 * The rules that judge claims: fixed bands on one measured number, written in code before the runs
 * and never derived from them. Each rule states its bands in words and carries one value inside
 * each band it has, so that a test can check that every outcome is reachable.
 */
export type VerdictWord = "agrees" | "partly" | "disagrees" | "untested";
export type Outcome = Exclude<VerdictWord, "untested">;
export const outcomes: readonly Outcome[] = ["agrees", "partly", "disagrees"];

export interface Rule {
  /** The bands in words, e.g. "agrees if ≥ 0.75, partly if ≥ 0.5, else disagrees". */
  text: string;
  /** The outcome of a measured value; NaN disagrees. */
  judge(value: number): Outcome;
  /** A value inside each band the rule has (a rule without a partly band has no partly example). */
  examples: Partial<Record<Outcome, number>>;
}

/** agrees when value >= agree, partly when value >= partly, else disagrees. */
export function atLeast(agree: number, partly = agree): Rule {
  if (!(agree >= partly)) throw new RangeError(`invalid bands: agree ${agree} below partly ${partly}`);
  const below = partly - Math.max(1, Math.abs(partly));
  return {
    text: partly < agree ? `agrees if ≥ ${agree}, partly if ≥ ${partly}, else disagrees` : `agrees if ≥ ${agree}`,
    judge: (value) => (value >= agree ? "agrees" : value >= partly ? "partly" : "disagrees"),
    examples: {agrees: agree, ...(partly < agree ? {partly: (agree + partly) / 2} : {}), disagrees: below}
  };
}

/** agrees when value <= agree, partly when value <= partly, else disagrees. */
export function atMost(agree: number, partly = agree): Rule {
  if (!(agree <= partly)) throw new RangeError(`invalid bands: agree ${agree} above partly ${partly}`);
  const above = partly + Math.max(1, Math.abs(partly));
  return {
    text: partly > agree ? `agrees if ≤ ${agree}, partly if ≤ ${partly}, else disagrees` : `agrees if ≤ ${agree}`,
    judge: (value) => (value <= agree ? "agrees" : value <= partly ? "partly" : "disagrees"),
    examples: {agrees: agree, ...(partly > agree ? {partly: (agree + partly) / 2} : {}), disagrees: above}
  };
}

/**
 * A measured/predicted ratio: agrees within a factor `agree` either way, partly within `partly`,
 * else disagrees; a ratio that is not positive disagrees.
 */
export function withinFactor(agree: number, partly = agree): Rule {
  if (!(agree >= 1 && partly >= agree)) throw new RangeError(`invalid factors: ${agree}, ${partly}`);
  return {
    text:
      partly > agree
        ? `agrees within a factor ${agree} either way, partly within ${partly}, else disagrees`
        : `agrees within a factor ${agree} either way`,
    judge(ratio) {
      if (!(ratio > 0)) return "disagrees";
      const off = Math.max(ratio, 1 / ratio);
      return off <= agree ? "agrees" : off <= partly ? "partly" : "disagrees";
    },
    examples: {agrees: agree, ...(partly > agree ? {partly: (agree + partly) / 2} : {}), disagrees: 2 * partly}
  };
}

/** |value - target| <= agree agrees, <= partly partly, else disagrees. */
export function near(target: number, agree: number, partly = agree): Rule {
  const distance = atMost(agree, partly);
  return {
    text: distance.text.replace(/≤/g, `within ${target} ±`),
    judge: (value) => distance.judge(Math.abs(value - target)),
    examples: Object.fromEntries(Object.entries(distance.examples).map(([k, d]) => [k, target + d])) as Rule["examples"]
  };
}

/**
 * The one rule for every claim judged on several runs (seeds, grid cells, depths): the share of
 * runs on which the claim holds. Agrees on at least three quarters, partly on at least half.
 */
export const mostRuns: Rule = atLeast(0.75, 0.5);
