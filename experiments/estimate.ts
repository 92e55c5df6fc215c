import {availableParallelism, cpus} from "node:os";
import {fit, matrix} from "../engine/index.js";
import {canonicalJson} from "../io/canonicalJson.js";
import {prepare, type RunExperimentOptions} from "./index.js";
import {cacheKey} from "./runCache.js";
import type {Job} from "./runner.js";

/** What an experiment's runs cost at a profile, measured on this machine (`nmf experiment NAME --estimate`). */
export interface ExperimentEstimate {
  experiment: string;
  profile: string;
  runs: number;
  steps: number;
  /** The runs' fits on one core, in seconds: each run's iterations times its configuration's measured time per step. */
  cpuSeconds: number;
  /** The longest run, in seconds: no split of the runs finishes sooner. */
  longestSeconds: number;
  /** Each run's estimate, in seconds, and its run-cache key (experiments sharing a run compute it once). */
  runSeconds: number[];
  runKeys: string[];
  /** Distinct configurations timed (runs that differ only by seed share one). */
  configurations: number;
  cpu: string;
}

/**
 * Estimates an experiment's cost without running it: every distinct configuration of its runs (seeds
 * aside) is fitted for `steps` steps (at most its own iterations) with its own options and data, and its
 * median time per step, setup excluded, is multiplied by each run's iterations. What runs outside the
 * fits (building tables, snapshots) is not counted.
 */
export async function estimateExperiment(
  name: string,
  options: RunExperimentOptions & {steps?: number} = {}
): Promise<ExperimentEstimate> {
  const {profile, jobs} = await prepare(name, options);
  const steps = options.steps ?? 20;
  const perStep = new Map<string, number>();
  const runSeconds = jobs.map((job) => {
    const key = configurationKey(job);
    let ms = perStep.get(key);
    if (ms === undefined) perStep.set(key, (ms = timePerStep(job, Math.min(steps, job.spec.fit.iterations))));
    return (ms * job.spec.fit.iterations) / 1000;
  });
  return {
    experiment: name,
    profile,
    runs: jobs.length,
    steps: jobs.reduce((sum, job) => sum + job.spec.fit.iterations, 0),
    cpuSeconds: runSeconds.reduce((sum, s) => sum + s, 0),
    longestSeconds: Math.max(0, ...runSeconds),
    runSeconds,
    runKeys: jobs.map((job) => cacheKey("run", job.spec, job.data.provenance.hash)),
    configurations: perStep.size,
    cpu: cpus()[0]?.model.trim() || "unknown"
  };
}

/** A run's configuration without what does not change its cost per step (the seed, the length, early stops). */
function configurationKey({spec, data}: Job): string {
  const {seed, iterations, earlyStop, ...rest} = spec.fit;
  (void seed, void iterations, void earlyStop);
  return canonicalJson({fit: rest, data: data.provenance.hash});
}

/** Median milliseconds per step of a short fit of the job's configuration (three fits; step 0 and the setup excluded). */
function timePerStep({spec, data}: Job, steps: number): number {
  const X = matrix(data.X.rows, data.X.cols, data.X.data);
  const context = {
    dataSingularValues: data.reference.singularValues,
    ...(data.reference.singularVectors ? {dataSingularVectors: data.reference.singularVectors} : {})
  };
  const times: number[] = [];
  for (let k = 0; k < 3; ++k) {
    const {trajectory: t} = fit(X, {...spec.fit, iterations: steps, earlyStop: undefined}, context);
    const last = t.step.length - 1;
    times.push((t.timeMs[last] - t.timeMs[0]) / Math.max(1, t.step[last]));
  }
  return times.sort((a, b) => a - b)[1];
}

/**
 * The fewest machines of `cores` cores (one run per core) whose runs, dealt longest first to the least
 * loaded core as `--shard` deals them, all end within `hours`; undefined when the longest run alone takes
 * longer (no split helps).
 */
export function machinesFor(
  estimate: Pick<ExperimentEstimate, "longestSeconds" | "runSeconds">,
  hours = 1,
  cores = availableParallelism()
): number | undefined {
  const budget = hours * 3600;
  if (estimate.longestSeconds > budget) return undefined;
  const order = estimate.runSeconds.slice().sort((a, b) => b - a);
  for (let machines = 1; ; ++machines) {
    const load = new Array<number>(machines * cores).fill(0);
    for (const seconds of order) {
      let least = 0;
      for (let c = 1; c < load.length; ++c) if (load[c] < load[least]) least = c;
      load[least] += seconds;
    }
    if (Math.max(...load) <= budget) return machines;
  }
}
