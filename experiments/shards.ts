import {InputError} from "../engine/index.js";
import {runCost, type Job} from "./runner.js";

/** One of `count` equal parts of an experiment's runs; `index` from 1 to `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses "i/N" (1 <= i <= N <= 10,000), as `--shard` takes it. */
export function parseShard(text: string, parameter = "--shard"): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN,
    count = match ? Number(match[2]) : NaN;
  if (!(
    Number.isInteger(count) &&
    count >= 1 &&
    count <= 10_000 &&
    Number.isInteger(index) &&
    index >= 1 &&
    index <= count
  ))
    throw new InputError(parameter, text, "expected i/N with 1 <= i <= N, e.g. 2/8");
  return {index, count};
}

/**
 * The indices of the jobs that shard `index` of `count` runs: longest first to the least loaded shard
 * (Graham's LPT rule, within 4/3 of the best split), ties by job order, so that every machine computes the
 * same split from the same plan without talking to the others.
 */
export function shardJobs(jobs: readonly Job[], {index, count}: Shard): number[] {
  const order = jobs.map((_, i) => i).sort((a, b) => runCost(jobs[b]) - runCost(jobs[a]) || a - b);
  const load = new Array<number>(count).fill(0);
  const mine: number[] = [];
  for (const i of order) {
    let target = 0;
    for (let s = 1; s < count; ++s) if (load[s] < load[target]) target = s;
    load[target] += runCost(jobs[i]);
    if (target === index - 1) mine.push(i);
  }
  return mine.sort((a, b) => a - b);
}
