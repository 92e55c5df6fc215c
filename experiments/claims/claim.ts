/** The convergence criterion in a few words (engine/convergence.ts states it whole). */
const convergenceShort = "doubling a run would still lower its error by 0.1 % or more";
import type {Outcome, Rule, VerdictWord} from "./rules.js";

/**
 * A claim of the report: a statement of the study or a prediction of the literature, the number
 * that measures it, the runs it reads and the rule that judges it (experiments/claims/rules.ts).
 * Everything but the measurement is fixed in code before the runs; `measure` computes the number
 * from one replicate's runs (the same function on MNIST and on the replications), and `judge`
 * turns it into a verdict row. Pages render these rows and hold no thresholds.
 */

/**
 * Where a claim comes from: the study's own text, a paper's abstract, a paper recalled, our
 * derivation, a library's documentation, or a requirement this project sets itself.
 */
export type SourceTag = "study" | "abs" | "recall" | "derived" | "docs" | "project";

export interface Claim<Input> {
  /** Unique within its experiment, e.g. `rise-sag`. */
  id: string;
  /** The experiment whose `verdicts` table holds it. */
  experiment: string;
  /** The claim in one sentence, as its source states it. */
  statement: string;
  /** Who claims it (the study's figure or section, a paper) and what our reading adds. */
  source: string;
  tag: SourceTag;
  /** What is measured, with its unit, e.g. "share of seeds whose effective rank sags by ≥ 0.5". */
  quantity: string;
  /** The runs it reads, in words. */
  runs: string;
  /** The claimed or predicted value (NaN when the claim is a direction, not a number) and the same in words. */
  predicted: number;
  expected: string;
  rule: Rule;
  measure(input: Input): Measurement;
}

export interface Measurement {
  /** The number the rule judges. */
  value: number;
  /** What the runs show, in words, with the numbers (no verdict word). */
  finding: string;
  /** How many runs the value rests on, and how many of them converged (engine/convergence.ts). */
  runs: number;
  converged: number;
  /** Other measures of the same quantity, shown beside the judged one (never judged). */
  others?: {label: string; value: number}[];
  /** Set when the quantity cannot be measured on these runs (e.g. no jump at all): the claim is untested and this says why. */
  missing?: string;
}

/** Where a verdict was measured: MNIST, or one of its replications. */
export interface ReplicateLabel {
  id: string;
  label: string;
}

/** One row of an experiment's `verdicts` table. */
export interface VerdictRow {
  experiment: string;
  claim: string;
  replicate: string;
  replicateLabel: string;
  statement: string;
  source: string;
  tag: SourceTag;
  quantity: string;
  runs: string;
  measured: number;
  predicted: number;
  expected: string;
  rule: string;
  verdict: VerdictWord;
  sentence: string;
  runsUsed: number;
  runsConverged: number;
  /** Other measures as "label = value; ...". */
  others: string;
}

const capitalized: Record<VerdictWord, string> = {
  agrees: "Agrees",
  partly: "Partly agrees",
  disagrees: "Disagrees",
  untested: "Untested"
};

/**
 * The verdict of a claim on one replicate. A claim is judged only when every run it reads has
 * converged; otherwise it is untested and the sentence says how many runs had not, at which
 * profile. A missing measurement is untested with its reason.
 */
export function judge<I>(claim: Claim<I>, m: Measurement, replicate: ReplicateLabel, profile: string): VerdictRow {
  let verdict: VerdictWord;
  let sentence: string;
  if (m.missing !== undefined) {
    verdict = "untested";
    sentence = `Untested: ${m.missing}.`;
  } else if (m.runs === 0) {
    verdict = "untested";
    sentence = "Untested: no run of this claim at this profile.";
  } else if (m.converged < m.runs) {
    verdict = "untested";
    sentence =
      `Not judged: ${m.runs - m.converged} of ${m.runs} runs had not converged at the ${profile} profile ` +
      `(${convergenceShort}); measured ${formatValue(m.value)}: ${m.finding}.`;
  } else {
    const outcome: Outcome = claim.rule.judge(m.value);
    verdict = outcome;
    sentence = `${capitalized[outcome]}: ${m.finding} (${claim.quantity} = ${formatValue(m.value)}; expected ${claim.expected}).`;
  }
  return {
    experiment: claim.experiment,
    claim: claim.id,
    replicate: replicate.id,
    replicateLabel: replicate.label,
    statement: claim.statement,
    source: claim.source,
    tag: claim.tag,
    quantity: claim.quantity,
    runs: claim.runs,
    measured: m.value,
    predicted: claim.predicted,
    expected: claim.expected,
    rule: claim.rule.text,
    verdict,
    sentence,
    runsUsed: m.runs,
    runsConverged: m.converged,
    others: (m.others ?? []).map((o) => `${o.label} = ${formatValue(o.value)}`).join("; ")
  };
}

/** The row of a claim on a replicate that this profile does not run: untested, saying so. */
export function notRun<I>(claim: Claim<I>, replicate: ReplicateLabel, profile: string): VerdictRow {
  return judge(
    claim,
    {
      value: NaN,
      finding: "",
      runs: 0,
      converged: 0,
      missing: `not run on ${replicate.label} at the ${profile} profile`
    },
    replicate,
    profile
  );
}

/** Numbers in sentences: 3 significant digits, no exponent between 1e-3 and 1e5. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "n/a" : value > 0 ? "∞" : "−∞";
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return value.toExponential(2).replace("e", "×10^").replace("+", "");
  const text = Number(value.toPrecision(3)).toString();
  return text.startsWith("-") ? `−${text.slice(1)}` : text;
}
