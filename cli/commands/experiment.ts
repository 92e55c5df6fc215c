import {availableParallelism} from "node:os";
import {defineCommand, UsageError, type CommandContext} from "../command.js";

const options = {
  name: {type: "string", valueName: "NAME", description: "the experiment (also as the first argument; see --list)"},
  list: {type: "boolean", description: "list the experiments with a one-line description each"},
  profile: {
    type: "string",
    valueName: "NAME",
    choices: ["quick", "default", "full"],
    description: "scale of the runs [default: NMF_PROFILE, else default]"
  },
  out: {type: "string", valueName: "DIR", description: "folder to write <table>.arrow into (created if missing)"},
  workers: {type: "integer", min: 1, max: 64, description: "worker threads [default: NMF_WORKERS, else 2]"},
  shard: {
    type: "string",
    valueName: "i/N",
    description: "compute only the i-th of N equal parts of the runs into the run cache, and write no table"
  },
  "prune-cache": {
    type: "boolean",
    description: "delete the cached runs of older versions of the code (they can never be read again)"
  },
  estimate: {
    type: "boolean",
    description:
      "run nothing: time a few steps of each distinct configuration and print what the runs would cost here, and how many machines like this one bring them under an hour (every experiment when no NAME is given)"
  }
} as const;

export const experimentCommand = defineCommand({
  name: "experiment",
  summary: "run a named experiment of the report and write its Arrow tables",
  usage:
    "nmf experiment NAME [--profile quick|default|full] --out DIR   |   nmf experiment NAME --shard i/N   |   nmf experiment [NAME] --estimate   |   nmf experiment --list   |   nmf experiment --prune-cache",
  description: [
    "Runs one of the study's experiments (the same code as the site's data loaders) and writes every table it produces as DIR/<table>.arrow (Arrow IPC file format, one record batch each), atomically, after all runs succeeded.",
    "Runs go to worker threads; each finished run is cached on disk (NMF_CACHE_DIR, default data/.cache/runs) under a hash of its configuration, its data and the engine's code, so a rerun, or another experiment sharing a run, reuses it and an interrupted `full` profile resumes run by run. Progress goes to stderr.",
    "With --shard i/N, the runs are split into N parts of about equal cost (the same split on every machine) and only part i is computed into the cache; machines sharing NMF_CACHE_DIR each run one part, and a plain `nmf experiment NAME --out DIR` afterwards assembles the tables from the cache without recomputing."
  ].join("\n"),
  examples: [
    "nmf experiment --list",
    "nmf experiment plateaus --profile quick --out out/plateaus",
    "NMF_PROFILE=full nmf experiment losses --out out/losses",
    "nmf experiment --prune-cache",
    "nmf experiment --estimate --profile full",
    "parallel nmf experiment losses --shard {}/4 ::: 1 2 3 4 && nmf experiment losses --out out/losses"
  ],
  options,
  positional: "name",
  async run(values, context) {
    const {experiments, getExperiment} = await import("../../experiments/registry.js");
    if (values.list) {
      if (values.name !== undefined) throw new UsageError("give either --list or an experiment name, not both");
      const width = Math.max(...experiments.map((e) => e.name.length)) + 2;
      for (const e of experiments) context.stdout.write(`${e.name.padEnd(width)}${e.description}\n`);
      return 0;
    }
    if (values["prune-cache"]) {
      if (values.name !== undefined) throw new UsageError("give either --prune-cache or an experiment name, not both");
      const [{pruneCache}, {cacheDir}] = await Promise.all([
        import("../../experiments/pruneCache.js"),
        import("../../experiments/runCache.js")
      ]);
      const {removed, bytes} = await pruneCache();
      context.stdout.write(
        `removed ${removed.length} folder${removed.length === 1 ? "" : "s"} of older code (${(bytes / 1e6).toFixed(1)} MB) from ${cacheDir()}\n`
      );
      return 0;
    }
    if (values.estimate) return estimate(values, context);
    const name = values.name;
    if (name === undefined) throw new UsageError("missing the experiment name (see nmf experiment --list)");
    const experiment = getExperiment(name);
    if (values.shard !== undefined) return runShard(name, values, context);
    if (values.out === undefined) throw new UsageError("missing --out DIR (see nmf experiment --help)");
    const [{planOutputs}, {checkProfile, profileFromEnv}] = await Promise.all([
      import("../outputs.js"),
      import("../../experiments/profiles.js")
    ]);
    const profile = values.profile === undefined ? undefined : checkProfile(values.profile, "--profile");
    const plan = await planOutputs(
      [{flag: "--out", path: values.out, kind: "folder", files: experiment.tables.map((table) => `${table}.arrow`)}],
      []
    );
    // An experiment that cannot run here (its dataset is missing) would write empty tables: say so instead.
    const {reason} = experiment.plan(profile ?? profileFromEnv());
    if (reason) throw new UsageError(`experiment ${name} cannot run here: ${reason}; nothing was written`);

    const [{runExperiment}, {arrowFileBytes}] = await Promise.all([
      import("../../experiments/index.js"),
      import("../../io/arrow.js")
    ]);
    const result = await runExperiment(name, {
      ...(profile ? {profile} : {}),
      ...(values.workers ? {workers: values.workers} : {}),
      progress: (line) => context.stderr.write(line + "\n")
    });
    const files = Object.entries(result.tables).map(([table, t]) => ({
      name: `${table}.arrow`,
      data: arrowFileBytes(t)
    }));
    await plan.write({"--out": Object.fromEntries(files.map(({name, data}) => [name, data]))});
    const {join} = await import("node:path");
    for (const {name: file, data} of files)
      context.stdout.write(`wrote ${join(values.out, file)} (${data.length} bytes)\n`);
    const metadata = Object.values(result.tables)[0]?.schema.metadata.get("nmf.experiment");
    const skipped: unknown = metadata ? JSON.parse(metadata).configuration?.skipped : undefined;
    if (Array.isArray(skipped))
      for (const note of skipped) context.stderr.write(`nmf: note: ${name} ran without some data: ${note}\n`);
    return 0;
  }
});

/** `--estimate`: one line per experiment (NAME, or every experiment that can run here), from short timed fits. */
async function estimate(
  values: {name?: string; profile?: string; out?: string; shard?: string},
  context: CommandContext
): Promise<number> {
  if (values.out !== undefined || values.shard !== undefined)
    throw new UsageError("--estimate runs nothing and writes nothing: drop --out and --shard");
  const [
    {experiments, getExperiment},
    {estimateExperiment, machinesFor},
    {checkProfile, profileFromEnv},
    {formatDuration}
  ] = await Promise.all([
    import("../../experiments/registry.js"),
    import("../../experiments/estimate.js"),
    import("../../experiments/profiles.js"),
    import("../progress.js")
  ]);
  const profile = values.profile === undefined ? profileFromEnv() : checkProfile(values.profile, "--profile");
  const names = values.name === undefined ? experiments.map((e) => e.name) : [getExperiment(values.name).name];
  // Runs shared by experiments (the headline runs) are computed once: the total counts each run once.
  const seconds = new Map<string, number>();
  for (const name of names) {
    const {reason} = getExperiment(name).plan(profile);
    if (reason) {
      context.stdout.write(`${name}: cannot run here (${reason})\n`);
      continue;
    }
    const e = await estimateExperiment(name, {profile});
    if (e.runs === 0) {
      context.stdout.write(`${name} (${profile}): no runs to estimate (its work is done while its tables are built)\n`);
      continue;
    }
    e.runKeys.forEach((key, i) => seconds.set(key, e.runSeconds[i]));
    const machines = machinesFor(e);
    context.stdout.write(
      `${name} (${profile}): ${e.runs} runs, ${e.steps.toLocaleString("en-US")} steps, ${e.configurations} configurations timed; ` +
        `${formatDuration(e.cpuSeconds * 1000)} on one core, longest run ${formatDuration(e.longestSeconds * 1000)}; ` +
        (machines === undefined
          ? "not under an hour on any number of machines (its longest run)"
          : `under an hour on ${machines} machine${machines === 1 ? "" : "s"} of ${availableParallelism()} cores`) +
        ` (${e.cpu})\n`
    );
  }
  if (names.length > 1) {
    const runSeconds = [...seconds.values()];
    const total = runSeconds.reduce((sum, s) => sum + s, 0);
    const machines = machinesFor({longestSeconds: Math.max(0, ...runSeconds), runSeconds});
    context.stdout.write(
      `all (${profile}): ${seconds.size} distinct runs, ${formatDuration(total * 1000)} on one core; ` +
        (machines === undefined
          ? "not under an hour on any number of machines\n"
          : `dealt as one list, under an hour on ${machines} machine${machines === 1 ? "" : "s"} of ${availableParallelism()} cores\n`)
    );
  }
  return 0;
}

/** `--shard i/N`: one part of the runs into the cache; no table, so no `--out`. */
async function runShard(
  name: string,
  values: {shard?: string; out?: string; profile?: string; workers?: number},
  context: CommandContext
): Promise<number> {
  if (values.out !== undefined)
    throw new UsageError(
      "a shard writes no table: drop --out, and assemble with `nmf experiment NAME --out DIR` once every shard is done"
    );
  const [{parseShard, runExperimentShard}, {checkProfile}, {cacheDir}] = await Promise.all([
    import("../../experiments/index.js"),
    import("../../experiments/profiles.js"),
    import("../../experiments/runCache.js")
  ]);
  const shard = parseShard(values.shard!);
  const profile = values.profile === undefined ? undefined : checkProfile(values.profile, "--profile");
  const {runs, of} = await runExperimentShard(name, shard, {
    ...(profile ? {profile} : {}),
    ...(values.workers ? {workers: values.workers} : {}),
    progress: (line) => context.stderr.write(line + "\n")
  });
  context.stdout.write(`shard ${shard.index}/${shard.count} of ${name}: ${runs} of ${of} runs are in ${cacheDir()}\n`);
  return 0;
}
