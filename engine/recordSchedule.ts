/**
 * The steps a live run records (the browser lab, lab/train.ts): every step below 1,000, then 900 per
 * decade (every 10th step from 1,000, every 100th from 10,000). Plateaus are found in log-time
 * (engine/plateaus.ts), so this keeps their resolution while a long run stays a few thousand points;
 * the runner always records the first and the last step besides.
 */
export function recordedStep(step: number): boolean {
  if (step < 1000) return true;
  const every = 10 ** (Math.floor(Math.log10(step)) - 2);
  return step % every === 0;
}
