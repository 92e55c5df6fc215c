import {mnistReplicate, replicates, type Replicate} from "../claims/replicates.js";
import type {Profile} from "../profiles.js";
import type {DataRef, RunSpec} from "../types.js";

/**
 * The theory experiments on the replications (claims/replicates.ts). A theory run keeps its own
 * size (500 or 2,000 images), transform and configuration; only the images change: MNIST with the
 * replicate's data seed, or Fashion-MNIST at the same size. Its GD step is derived again from the
 * replicate's own s_1 (gdRun reads the nominal s_1 of the data it is given), so that c = eta *
 * lambda_max is the same on every replicate.
 */

/** The same data on a replicate: `mnist:N` becomes the replicate's dataset at N images, with its data seed. */
export function replicateData(replicate: Replicate, profile: Profile, ref: DataRef): DataRef {
  if (replicate.id === mnistReplicate.id) return ref;
  const colon = ref.spec.lastIndexOf(":");
  if (!ref.spec.startsWith("mnist:") || ref.size !== undefined)
    throw new RangeError(`only mnist:N data has replications, not ${ref.spec}`);
  const own = replicate.data(profile);
  const dataset = own.spec.slice(0, own.spec.lastIndexOf(":"));
  return {...ref, spec: `${dataset}:${ref.spec.slice(colon + 1)}`, dataSeed: own.dataSeed};
}

/** The replicates an experiment runs at a profile: MNIST, then the replications listed (in the registry's order). */
export function replicatesRun(ran: readonly string[]): Replicate[] {
  const unknown = ran.filter((id) => !replicates.some((r) => r.id === id));
  if (unknown.length) throw new RangeError(`unknown replications: ${unknown.join(", ")}`);
  return replicates.filter((r) => r.id === mnistReplicate.id || ran.includes(r.id));
}

/**
 * The runs of an experiment on MNIST and on each replication it runs: `build` makes the runs from a
 * data mapping (identity on MNIST); a replication's ids are prefixed `<replicate>/`, as
 * claims/replicates.ts expects.
 */
export function replicatedRuns(
  profile: Profile,
  ran: readonly string[],
  build: (data: (ref: DataRef) => DataRef) => RunSpec[]
): RunSpec[] {
  return replicatesRun(ran).flatMap((replicate) => {
    const specs = build((ref) => replicateData(replicate, profile, ref));
    return replicate.id === mnistReplicate.id
      ? specs
      : specs.map((spec) => ({...spec, id: `${replicate.id}/${spec.id}`}));
  });
}
