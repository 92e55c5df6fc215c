import type {ExperimentContext} from "../types.js";
import {judge, notRun, type Claim, type VerdictRow} from "./claim.js";
import {replicateContext, replicates, type Replicate} from "./replicates.js";

/**
 * The verdict rows of an experiment's claims on every replicate: MNIST, then each replication that
 * this profile runs (`ran`, by id); the others get a row saying that they were not run here.
 * `input` builds a claim's input from one replicate's runs, so that MNIST and the replications are
 * measured by the same functions and judged by the same rules.
 */
export function verdictRows<I>(
  claims: readonly Claim<I>[],
  context: ExperimentContext,
  input: (replicate: ExperimentContext) => I,
  ran: readonly string[]
): VerdictRow[] {
  const rows: VerdictRow[] = [];
  for (const replicate of replicates) {
    const isRun = replicate.id === replicates[0].id || ran.includes(replicate.id);
    const values = isRun ? input(replicateContext(context, replicate)) : undefined;
    for (const claim of claims)
      rows.push(
        values === undefined ? notRun(claim, replicate, context.profile) : measured(claim, values, replicate, context)
      );
  }
  return rows;
}

function measured<I>(claim: Claim<I>, input: I, replicate: Replicate, context: ExperimentContext): VerdictRow {
  return judge(claim, claim.measure(input), replicate, context.profile);
}
