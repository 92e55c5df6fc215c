import type {TableData} from "../tables.js";

/**
 * Verdicts: each prediction of the theory page, the number measured on our runs, the number the
 * prediction gives, and a word (agrees / partly / disagrees, or untested when the data is missing),
 * all computed here from measurements, never typed by hand. The rules are plain bands on one
 * number, stated in each verdict's `rule`; tests call them on synthetic inputs and on the
 * experiments' own tables.
 */
export type VerdictWord = "agrees" | "partly" | "disagrees" | "untested";

/** How much to trust a prediction's source (the science brief's tags). */
export type SourceTag = "abs" | "recall" | "derived";

/** A prediction as the page states it. */
export interface Prediction {
  experiment: string;
  /** Short id, unique within the experiment. */
  id: string;
  /** The prediction in one sentence. */
  statement: string;
  /** Who predicts it (paper) and what our derivation adds. */
  source: string;
  tag: SourceTag;
  /** What is measured, in words, with its unit (e.g. "R² of half-time against 1/s_i"). */
  quantity: string;
}

export interface Verdict extends Prediction {
  measured: number;
  predicted: number;
  /** The prediction in words, with its bands ("1 (within 1.25× agrees, 2× partly)"). */
  expected: string;
  /** The band rule in words ("agrees if ≥ 0.9, partly if ≥ 0.7"). */
  rule: string;
  verdict: VerdictWord;
  /** One sentence with the verdict and the measured value. */
  sentence: string;
}

/** agrees when value >= agree, partly when value >= partly, else disagrees (NaN: disagrees). */
export function atLeast(value: number, agree: number, partly: number): VerdictWord {
  if (!(agree >= partly)) throw new RangeError(`invalid bands: agree ${agree} below partly ${partly}`);
  return value >= agree ? "agrees" : value >= partly ? "partly" : "disagrees";
}

/** agrees when value <= agree, partly when value <= partly, else disagrees (NaN: disagrees). */
export function atMost(value: number, agree: number, partly: number): VerdictWord {
  if (!(agree <= partly)) throw new RangeError(`invalid bands: agree ${agree} above partly ${partly}`);
  return value <= agree ? "agrees" : value <= partly ? "partly" : "disagrees";
}

/**
 * A measured/predicted ratio: agrees when within a factor `agree` either way, partly within
 * `partly`, else disagrees. A non-positive or NaN ratio disagrees.
 */
export function withinFactor(ratio: number, agree: number, partly: number): VerdictWord {
  if (!(agree >= 1 && partly >= agree)) throw new RangeError(`invalid factors: ${agree}, ${partly}`);
  if (!(ratio > 0)) return "disagrees";
  const off = Math.max(ratio, 1 / ratio);
  return off <= agree ? "agrees" : off <= partly ? "partly" : "disagrees";
}

/** `|value - target| <= agree` agrees, `<= partly` partly, else disagrees. */
export function near(value: number, target: number, agree: number, partly: number): VerdictWord {
  return atMost(Math.abs(value - target), agree, partly);
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

const capitalized: Record<VerdictWord, string> = {
  agrees: "Agrees",
  partly: "Partly agrees",
  disagrees: "Disagrees",
  untested: "Untested"
};

/**
 * A verdict with its sentence: "<Verdict>: <finding> (<quantity> = <measured>; predicted <predicted text>)."
 * `finding` says in words what the numbers show; it may use the measured values.
 */
export function makeVerdict(
  prediction: Prediction,
  values: {
    measured: number;
    predicted: number;
    predictedText: string;
    rule: string;
    verdict: VerdictWord;
    finding: string;
  }
): Verdict {
  const {measured, predicted, predictedText, rule, verdict, finding} = values;
  const sentence = `${capitalized[verdict]}: ${finding} (${prediction.quantity} = ${formatValue(measured)}; predicted ${predictedText}).`;
  return {...prediction, measured, predicted, expected: predictedText, rule, verdict, sentence};
}

/** A prediction that could not be tested here (data absent): says why. */
export function untested(prediction: Prediction, reason: string): Verdict {
  return {
    ...prediction,
    measured: NaN,
    predicted: NaN,
    expected: "",
    rule: "",
    verdict: "untested",
    sentence: `Untested: ${reason}.`
  };
}

/**
 * The `verdicts` table of a theory experiment: one row per prediction, columns experiment, id,
 * statement, source, tag, quantity (utf8), measured, predicted (float64), expected, rule, verdict,
 * sentence (utf8).
 */
export function verdictsTable(verdicts: readonly Verdict[]): TableData {
  const text = (key: keyof Verdict) => verdicts.map((v) => String(v[key]));
  return {
    columns: {
      experiment: text("experiment"),
      id: text("id"),
      statement: text("statement"),
      source: text("source"),
      tag: text("tag"),
      quantity: text("quantity"),
      measured: Float64Array.from(verdicts, (v) => v.measured),
      predicted: Float64Array.from(verdicts, (v) => v.predicted),
      expected: text("expected"),
      rule: text("rule"),
      verdict: text("verdict"),
      sentence: text("sentence")
    }
  };
}
