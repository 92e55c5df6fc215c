import {scales, studyDataSeed, type Profile} from "../profiles.js";
import type {CompletedRun, DataRef, ExperimentContext, RunSpec} from "../types.js";
import type {ReplicateLabel} from "./claim.js";

/**
 * Where every claim is measured: MNIST (the study's 2,000 images, data seed 112), then two
 * replications with the same configurations and the same rules: other MNIST images (data seed 113)
 * and Fashion-MNIST (2,000 of its test images, embedded in the repository). A replication's runs
 * are the MNIST runs with their data replaced and their id prefixed `<replicate>/`.
 */
export interface Replicate extends ReplicateLabel {
  data(profile: Profile): DataRef;
}

/** The data seed of the second MNIST subset. */
export const replicationDataSeed = 113;

export const mnistReplicate: Replicate = {
  id: "mnist",
  label: "MNIST",
  data: (profile) => ({spec: scales[profile].mnist, dataSeed: studyDataSeed})
};

export const replications: readonly Replicate[] = [
  {
    id: "mnist-data-113",
    label: `MNIST, data seed ${replicationDataSeed}`,
    data: (profile) => ({spec: scales[profile].mnist, dataSeed: replicationDataSeed})
  },
  {
    id: "fashion",
    label: "Fashion-MNIST",
    data: (profile) => ({spec: scales[profile].fashion, dataSeed: studyDataSeed})
  }
];

export const replicates: readonly Replicate[] = [mnistReplicate, ...replications];

/** The same runs on a replication's data (ids prefixed `<replicate>/`); the MNIST runs themselves for MNIST. */
export function onReplicate(runs: readonly RunSpec[], replicate: Replicate, profile: Profile): RunSpec[] {
  if (replicate.id === mnistReplicate.id) return runs.slice();
  const data = replicate.data(profile);
  return runs.map((run) => ({...run, id: `${replicate.id}/${run.id}`, data: {...run.data, ...data}}));
}

/** The replicate a run belongs to (by its id prefix). */
export function replicateOf(run: {spec: RunSpec}): string {
  const slash = run.spec.id.indexOf("/");
  return slash < 0 ? mnistReplicate.id : run.spec.id.slice(0, slash);
}

/** The runs of one replicate, with their ids unprefixed, and the data they use: a context for its claims. */
export function replicateContext(context: ExperimentContext, replicate: Replicate): ExperimentContext {
  const prefix = `${replicate.id}/`;
  const runs: CompletedRun[] = context.runs
    .filter((run) => replicateOf(run) === replicate.id)
    .map((run) =>
      run.spec.id.startsWith(prefix) ? {...run, spec: {...run.spec, id: run.spec.id.slice(prefix.length)}} : run
    );
  // Its runs' data; for MNIST also the data no replication uses (an experiment's data without runs).
  const own = new Set(runs.map((run) => run.data.provenance.hash));
  const others = new Set(
    context.runs.filter((run) => replicateOf(run) !== replicate.id).map((run) => run.data.provenance.hash)
  );
  const keep = (hash: string) => own.has(hash) || (replicate.id === mnistReplicate.id && !others.has(hash));
  return {...context, runs, data: context.data.filter((d) => keep(d.provenance.hash))};
}

/** The MNIST runs of an experiment (what its figures show). */
export function mnistContext(context: ExperimentContext): ExperimentContext {
  return replicateContext(context, mnistReplicate);
}
