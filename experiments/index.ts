import type {Table} from "apache-arrow";
import {InputError} from "../engine/index.js";
import {canonicalJson} from "../io/canonicalJson.js";
import {loadExperimentData} from "./data.js";
import {profileFromEnv, type Profile} from "./profiles.js";
import {getExperiment} from "./registry.js";
import {runCodeHash} from "./runCache.js";
import {runAll, type Job, type RunnerOptions} from "./runner.js";
import {shardJobs, type Shard} from "./shards.js";
import {finishTable} from "./tables.js";
import type {CompletedRun, DataRef, LoadedData} from "./types.js";

export {experiments, experimentNames, getExperiment} from "./registry.js";
export {profiles, profileFromEnv, scales, type Profile} from "./profiles.js";
export {EXPERIMENT_METADATA_KEY} from "./tables.js";
export {parseShard, type Shard} from "./shards.js";

export interface RunExperimentOptions extends Partial<Omit<RunnerOptions, "experiment">> {
  /** Default: NMF_PROFILE, else `default`. */
  profile?: Profile;
}

export interface ExperimentResult {
  experiment: string;
  profile: Profile;
  /** Every table of the experiment, by name, with its metadata. */
  tables: Record<string, Table>;
}

/** An experiment's plan with its data loaded: every run as a job. */
export async function prepare(name: string, options: RunExperimentOptions) {
  const experiment = getExperiment(name);
  const profile = options.profile ?? profileFromEnv();
  const plan = experiment.plan(profile);
  const refs: DataRef[] = [];
  const seen = new Set<string>();
  for (const ref of [...plan.runs.map((run) => run.data), ...(plan.data ?? [])]) {
    const key = canonicalJson(ref);
    if (!seen.has(key)) (seen.add(key), refs.push(ref));
  }
  const data: LoadedData[] = [];
  for (const ref of refs) data.push(await loadExperimentData(ref, {cacheDir: options.cacheDir}));
  const dataOf = (ref: DataRef) => data[refs.findIndex((r) => canonicalJson(r) === canonicalJson(ref))];
  const ids = new Set<string>();
  for (const run of plan.runs) {
    if (ids.has(run.id)) throw new InputError("run id", run.id, `appears twice in experiment ${name}`);
    ids.add(run.id);
  }
  const jobs: Job[] = plan.runs.map((spec) => ({spec, data: dataOf(spec.data)}));
  return {experiment, profile, plan, data, jobs};
}

/**
 * Computes one shard of an experiment's runs into the run cache and builds no table: machines (or
 * processes) that share the cache folder each run one shard, and a plain `runExperiment` afterwards finds
 * every run in the cache. Returns how many runs the shard holds and how many it computed.
 */
export async function runExperimentShard(
  name: string,
  shard: Shard,
  options: RunExperimentOptions = {}
): Promise<{runs: number; of: number}> {
  const {jobs} = await prepare(name, options);
  const mine = shardJobs(jobs, shard);
  await runAll(
    mine.map((i) => jobs[i]),
    {...options, experiment: `${name} ${shard.index}/${shard.count}`}
  );
  return {runs: mine.length, of: jobs.length};
}

/**
 * Runs a named experiment at a profile: plans its runs, loads its data (main thread), computes the
 * runs that are not cached in worker threads, and builds its Arrow tables.
 */
export async function runExperiment(name: string, options: RunExperimentOptions = {}): Promise<ExperimentResult> {
  const {experiment, profile, plan, data, jobs} = await prepare(name, options);
  const outputs = await runAll(jobs, {...options, experiment: name});
  const runs: CompletedRun[] = jobs.map((job, i) => ({...job, output: outputs[i]}));
  const built = experiment.build({profile, configuration: plan.configuration, runs, data});

  const metadata = (table: string) => ({
    experiment: name,
    table,
    profile,
    description: experiment.description,
    figures: experiment.figures ?? "",
    configuration: plan.configuration,
    runs: plan.runs,
    data: data.map((d) => ({
      spec: d.ref.spec,
      dataSeed: d.ref.dataSeed,
      ...(d.ref.size ? {size: d.ref.size} : {}),
      ...d.provenance
    })),
    codeHash: runCodeHash().slice(0, 16),
    ...(plan.reason ? {reason: plan.reason} : {})
  });
  const tables: Record<string, Table> = {};
  for (const table of experiment.tables) {
    const part = built[table];
    if (!part) throw new Error(`experiment ${name} built no ${table} table`);
    tables[table] = finishTable(part, metadata(table));
  }
  return {experiment: name, profile, tables};
}
