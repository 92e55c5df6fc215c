import {spawnSync} from "node:child_process";
import {existsSync} from "node:fs";
import {copyFile, mkdir, readFile, symlink, writeFile} from "node:fs/promises";
import {dirname, join} from "node:path";
import {tableFromIPC, type Table} from "apache-arrow";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {main} from "../../cli/main.js";
import {loadData} from "../../datasets/index.js";
import {fit} from "../../engine/fit.js";
import {depthClaims} from "../../experiments/claims/depth.js";
import {initsClaims} from "../../experiments/claims/inits.js";
import {lossesClaims} from "../../experiments/claims/losses.js";
import {replicates} from "../../experiments/claims/replicates.js";
import {headlineRun} from "../../experiments/common.js";
import {
  EXPERIMENT_METADATA_KEY,
  experimentNames,
  experiments,
  runExperiment,
  scales,
  type ExperimentResult
} from "../../experiments/index.js";
import {arrowFileBytes} from "../../io/arrow.js";
import {tempDir} from "../datasets/tempDir.js";
import {describeRealData, realDataDir} from "../helpers/realData.js";
import {repositoryRoot} from "../helpers/site.js";
import {tableSchemas} from "./schemas.js";

/**
 * Every experiment at the quick profile, run once (beforeAll, fresh run cache) and shared by the
 * tests below; a second pass of two experiments with a second fresh cache checks determinism.
 */
const quiet = {profile: "quick" as const, progress: () => {}};
/** The study's experiments (the registry may hold more, tested in their own files). */
const studyExperiments = [
  "singular-values",
  "plateaus",
  "early-stopping",
  "losses",
  "depth",
  "regularizers",
  "solvers",
  "inits",
  "flowers",
  "reconstructions"
];
const results = new Map<string, ExperimentResult>();
const flowersDir = realDataDir("Flowers102");
const flowersPresent = flowersDir !== undefined;
const savedEnv = {...process.env};
let cacheA: string;

beforeAll(async () => {
  cacheA = await tempDir("nmf-experiments-a-");
  if (flowersDir) process.env.NMF_FLOWERS102_DIR = flowersDir;
  for (const name of studyExperiments) results.set(name, await runExperiment(name, {...quiet, cacheDir: cacheA}));
}, 600_000);

afterAll(() => {
  for (const key of ["NMF_FLOWERS102_DIR", "NMF_DATA_DIR", "NMF_CACHE_DIR"]) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

const table = (experiment: string, name: string): Table => results.get(experiment)!.tables[name];
const rows = (t: Table) => t.toArray().map((row) => row.toJSON() as Record<string, any>);
const meta = (t: Table) => JSON.parse(t.schema.metadata.get(EXPERIMENT_METADATA_KEY)!);

describe("the quick profile of every experiment", () => {
  it("produces every table it declares, in the documented schemas, one record batch each", () => {
    expect(experimentNames.slice(0, studyExperiments.length)).toEqual(studyExperiments);
    for (const experiment of experiments.filter((e) => studyExperiments.includes(e.name))) {
      const result = results.get(experiment.name)!;
      expect(Object.keys(result.tables)).toEqual([...experiment.tables]);
      for (const [name, t] of Object.entries(result.tables)) {
        const where = `${experiment.name}-${name}`;
        const expected = tableSchemas[name];
        expect(expected, `${where}: undocumented table`).toBeDefined();
        const n = (t.schema.fields.find((f) => f.name === "pixels")?.type as {listSize?: number})?.listSize;
        const actual = t.schema.fields.map((f) => [f.name, String(f.type).replace(`[${n}]<Uint8>`, "[n]<Uint8>")]);
        expect(actual, where).toEqual(expected);
        const back = tableFromIPC(arrowFileBytes(t));
        expect(back.batches.length, where).toBe(1);
        const m = meta(back);
        expect([m.format, m.experiment, m.table, m.profile], where).toEqual([
          "nmf.experiment/1",
          experiment.name,
          name,
          "quick"
        ]);
        expect(m.configuration, where).toBeTypeOf("object");
        // Short quick runs may end before any plateau or jump; every other table has rows.
        const mayBeEmpty =
          name === "plateaus" || name === "jumps" || (experiment.name === "flowers" && !flowersPresent);
        if (!mayBeEmpty) expect(t.numRows, `${where} is empty`).toBeGreaterThan(0);
        if (name === "snapshots" || name === "reconstructions" || name === "generated") {
          const shape = JSON.parse(t.schema.metadata.get("shape")!) as number[];
          expect(shape[0] * shape[1] * shape[2], where).toBe(n);
        }
      }
    }
  });

  it("records its profile and configuration in every runs row and table", () => {
    for (const name of studyExperiments) {
      for (const row of rows(table(name, "runs"))) {
        expect(row.experiment).toBe(name);
        expect(row.profile).toBe("quick");
        expect(row.data).toMatch(name === "flowers" ? /^flowers102/ : /^mnist:500$/);
      }
    }
    expect(meta(table("plateaus", "runs")).configuration.iterations).toBe(scales.quick.headline.iterations);
  });

  it("finds at least two plateaus after the transient in the headline run", () => {
    const plateaus = rows(table("plateaus", "plateaus")).filter((p) => p.run === "seed-112" && p.start >= 100);
    expect(plateaus.length).toBeGreaterThanOrEqual(2);
    const levels = plateaus.map((p) => p.level);
    expect(Math.max(...levels) - Math.min(...levels)).toBeGreaterThan(0.5);
  });

  it("ends every run at or above its Eckart-Young bound, from the data's own singular values", () => {
    for (const name of studyExperiments) {
      const reference = rows(table(name === "reconstructions" ? "plateaus" : name, "reference"));
      // An experiment that could not run here (Flowers102 absent) has neither runs nor a spectrum, and says why.
      if (reference.length === 0) {
        expect([rows(table(name, "runs")).length, meta(table(name, "runs")).reason]).toEqual([
          0,
          expect.stringMatching(/ was not found/)
        ]);
        continue;
      }
      const bound = (data: string, k: number) => reference.find((r) => r.data === data && r.index === k)!.eckartYoung;
      for (const row of rows(table(name, "runs"))) {
        const rank = Number(row.ranks.split(",").at(-1));
        const expected = bound(row.data, rank);
        expect(row.eckartYoung, `${name} ${row.run}`).toBeCloseTo(expected, 12);
        expect(row.relativeError, `${name} ${row.run}`).toBeGreaterThanOrEqual(expected * (1 - 1e-9));
        expect(row.gap).toBeCloseTo(row.relativeError - expected, 12);
      }
      // The bound is the tail energy of the spectrum the table holds.
      const s = reference.filter((r) => r.data === reference[0].data).map((r) => r.singularValue);
      const total = s.reduce((sum, v) => sum + v * v, 0);
      const k = 10;
      const tail = s.slice(k).reduce((sum, v) => sum + v * v, 0) / total;
      expect(reference.find((r) => r.data === reference[0].data && r.index === k)!.eckartYoung).toBeCloseTo(tail, 9);
    }
  });

  it("keeps every plateau boundary and jump of the headline run in its downsampled trajectory", () => {
    const steps = new Set(
      rows(table("plateaus", "trajectories"))
        .filter((r) => r.run === "seed-112")
        .map((r) => r.step)
    );
    expect(steps.size).toBeLessThan(scales.quick.headline.iterations);
    for (const p of rows(table("plateaus", "plateaus")).filter((p) => p.run === "seed-112")) {
      expect(steps.has(p.start) && steps.has(p.end), `plateau ${p.start}-${p.end}`).toBe(true);
    }
    for (const j of rows(table("plateaus", "jumps")).filter((j) => j.run === "seed-112"))
      expect(steps.has(j.step), `jump at ${j.step}`).toBe(true);
  });

  it("snapshots H at regular steps, around every jump of the headline run and at the end", () => {
    const snapshots = rows(table("plateaus", "snapshots"));
    const jumps = rows(table("plateaus", "jumps")).filter((j) => j.run === "seed-112");
    const components = 10;
    const count = (kind: string) => snapshots.filter((s) => s.kind === kind).length;
    expect(jumps.length).toBeGreaterThan(0);
    for (const kind of ["jump-before", "jump", "jump-after"]) expect(count(kind)).toBe(jumps.length * components);
    const regular = scales.quick.headline.iterations / scales.quick.headline.snapshotEvery + 1;
    expect(count("regular")).toBe(regular * components);
    expect(count("final")).toBe(components);
    // Each component is scaled by its own maximum: its largest byte is 255.
    for (const s of snapshots.filter((s) => s.scale > 0).slice(0, 50))
      expect(Math.max(...Array.from(s.pixels as Uint8Array))).toBe(255);
  });

  it("stops where a fit with the engine's own early stopping stops, with the same factors", async () => {
    const runs = rows(table("early-stopping", "runs"));
    const k = runs.findIndex((r) => r.run.startsWith("stop-") && r.stopReason === "plateau");
    expect(k).toBeGreaterThan(0);
    const row = runs[k];
    const rule = scales.quick.earlyStopping.rules[Number(row.run.slice(5)) - 1];
    const spec = headlineRun("quick");
    const {X} = await loadData(spec.data.spec, {dataSeed: spec.data.dataSeed});
    const stopped = fit(X, {...spec.fit, earlyStop: rule});
    expect(stopped.stopReason).toBe("plateau");
    expect(stopped.iterations).toBe(row.steps);
    expect(stopped.trajectory.relativeError.at(-1)).toBe(row.relativeError);
    expect(stopped.trajectory.effectiveRank.at(-1)).toBe(row.effectiveRank);
    const H = stopped.factors.at(-1)!;
    const snapshots = rows(table("early-stopping", "snapshots")).filter((s) => s.run === row.run);
    expect(snapshots.length).toBe(H.rows);
    for (const s of snapshots) {
      const values = H.data.subarray(s.component * H.cols, (s.component + 1) * H.cols);
      expect(s.scale).toBe(Math.max(...values));
    }
    const full = runs.find((r) => r.run === "full")!;
    expect(full.steps).toBe(scales.quick.headline.iterations);
    expect(row.steps).toBeLessThan(full.steps);
  });

  it("reconstructs one image of each digit by each model, with |error| maps and generated images", () => {
    const recon = rows(table("reconstructions", "reconstructions"));
    const originals = recon.filter((r) => r.kind === "original");
    expect(originals.map((r) => r.label)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const models = [...new Set(recon.filter((r) => r.kind === "reconstruction").map((r) => r.run))];
    expect(models.sort()).toEqual(["adam-10", "deep-20-10", "hals-10", "mu-10"]);
    // |error| is |original - reconstruction| up to the byte rounding of both.
    const original = originals[3].pixels as Uint8Array;
    const m = recon.find((r) => r.kind === "reconstruction" && r.run === "hals-10" && r.image === originals[3].image)!;
    const e = recon.find((r) => r.kind === "error" && r.run === "hals-10" && r.image === originals[3].image)!;
    for (let j = 0; j < original.length; ++j)
      if ((m.pixels as Uint8Array)[j] < 255)
        expect(
          Math.abs((e.pixels as Uint8Array)[j] - Math.abs(original[j] - (m.pixels as Uint8Array)[j]))
        ).toBeLessThanOrEqual(1);
    const generated = rows(table("reconstructions", "generated"));
    const s = scales.quick.reconstructions;
    expect(generated.length).toBe(4 * (s.samples + s.interpolationSteps));
  });

  describeRealData("Flowers102", "the flowers experiment", () => {
    it("runs MU, HALS, Adam and the Deep NMF plateau run on it, and Deep NMF from a small start", () => {
      const runs = rows(table("flowers", "runs"));
      expect(runs.map((r) => r.run)).toEqual(["mu-10", "hals-10", "adam-10", "deep-20-10", "deep-20-10-small"]);
      expect(rows(table("flowers", "reference")).length).toBe(1020);
      expect(JSON.parse(table("flowers", "snapshots").schema.metadata.get("shape")!)).toEqual([32, 32, 3]);
      expect(meta(table("flowers", "runs")).reason).toBeUndefined();
    });
  });
});

describe("the sweeps' verdicts and findings at the quick profile", () => {
  const claimed: Record<string, string[]> = {
    losses: lossesClaims.map((c) => c.id),
    depth: depthClaims.map((c) => c.id),
    inits: initsClaims.map((c) => c.id)
  };

  it("writes one verdict row per claim and replicate, judging none on a run that has not converged", () => {
    for (const [experiment, ids] of Object.entries(claimed)) {
      const verdicts = rows(table(experiment, "verdicts"));
      expect(verdicts.map((v) => `${v.replicate} ${v.claim}`)).toEqual(
        replicates.flatMap((r) => ids.map((id) => `${r.id} ${id}`))
      );
      for (const v of verdicts) {
        expect(v.experiment).toBe(experiment);
        expect(["agrees", "partly", "disagrees", "untested"]).toContain(v.verdict);
        if (v.verdict !== "untested") expect(v.runsConverged, `${experiment} ${v.claim}`).toBe(v.runsUsed);
        else expect(v.sentence).toMatch(/^(Untested|Not judged): /);
      }
    }
  });

  it("runs the replications the quick profile names, with their data, in a replications table", () => {
    for (const experiment of Object.keys(claimed)) {
      const replicated = rows(table(experiment, "replications"));
      expect(replicated.length, experiment).toBeGreaterThan(0);
      for (const run of replicated) {
        const [replicate] = run.run.split("/");
        expect(["mnist-data-113", "fashion"]).toContain(replicate);
        expect(run.data).toBe(replicate === "fashion" ? scales.quick.fashion : scales.quick.mnist);
        expect(run.dataSeed).toBe(replicate === "mnist-data-113" ? 113 : 112);
      }
    }
    // The losses pairs: each pair of the grid with both losses, on every replicate.
    const pairs = rows(table("losses", "pairs"));
    expect(pairs.length).toBe(replicates.length * scales.quick.losses.pairs.length);
    const runs = rows(table("losses", "runs"));
    const first = pairs.find((p) => p.replicate === "mnist")!;
    const global = runs.find((r) => r.run === `global-${first.r1}-${first.r2}`)!;
    expect(first.globalEffectiveRank).toBe(global.effectiveRank);
    expect(first.globalGap).toBeCloseTo(global.gap, 12);
    expect(first.globalConverged).toBe(global.converged);
  });

  it("states facts and observations as sentences with their numbers, and no verdict", () => {
    for (const experiment of ["losses", "depth", "regularizers", "solvers", "inits"]) {
      const findings = rows(table(experiment, "findings"));
      expect(findings.length, experiment).toBeGreaterThan(0);
      for (const f of findings) {
        expect(["fact", "takeaway"]).toContain(f.kind);
        expect(f.sentence).toMatch(/\.$/);
        expect(f.sentence).not.toMatch(/\b(agrees|disagrees)\b/);
      }
      const convergence = findings.find((f) => f.id === "convergence")!;
      const runs = rows(table(experiment, "runs"));
      expect(convergence.value).toBeCloseTo(runs.filter((r) => r.converged).length / runs.length, 12);
    }
    // MU keeps NNDSVD's zeros, and forgets the scale of its start (algebra: equal up to the epsilon).
    const inits = rows(table("inits", "findings"));
    expect(inits.find((f) => f.id === "mu-keeps-zeros")!.value).toBeGreaterThan(0);
    expect(inits.find((f) => f.id === "mu-scale-free")!.value).toBeLessThan(1e-6);
    // The smallest gap of the Eckart-Young fact is the smallest gap of the runs table.
    const solverGaps = rows(table("solvers", "runs")).map((r) => r.gap);
    expect(rows(table("solvers", "findings")).find((f) => f.id === "eckart-young")!.value).toBe(
      Math.min(...solverGaps)
    );
  });

  describeRealData("Flowers102", "the structure of the flowers signatures", () => {
    it("measures the structure of every flowers snapshot, up to each run's last step", () => {
      const structure = rows(table("flowers", "structure"));
      const runs = rows(table("flowers", "runs"));
      expect(runs.map((r) => r.run)).toContain("deep-20-10-small");
      for (const run of runs) {
        const own = structure.filter((s) => s.run === run.run);
        expect(own.at(-1)!.step, run.run).toBe(run.steps);
        for (const s of own) expect(s.structured).toBeLessThanOrEqual(s.signatures);
      }
      expect(rows(table("flowers", "findings")).map((f) => f.id)).toContain("structure-deep-20-10");
    });
  });
});

describe("determinism and the runner", () => {
  it("gives byte-identical tables (timings aside) on a second run from a fresh cache, with 1 or 2 workers", async () => {
    const cacheB = await tempDir("nmf-experiments-b-");
    for (const [name, workers] of [
      ["plateaus", 1],
      ["solvers", 2]
    ] as const) {
      const again = await runExperiment(name, {...quiet, cacheDir: cacheB, workers});
      for (const [tableName, t] of Object.entries(again.tables)) {
        const before = results.get(name)!.tables[tableName];
        if (tableName === "timings") {
          expect(rows(t).map((r) => [r.run, r.step])).toEqual(rows(before).map((r) => [r.run, r.step]));
          continue;
        }
        expect(Buffer.from(arrowFileBytes(t)).equals(Buffer.from(arrowFileBytes(before))), `${name}-${tableName}`).toBe(
          true
        );
      }
    }
  }, 300_000); // every run of two experiments, recomputed with one worker

  it("serves a rerun from the run cache", async () => {
    const lines: string[] = [];
    const again = await runExperiment("solvers", {...quiet, cacheDir: cacheA, progress: (line) => lines.push(line)});
    expect(lines).toEqual([`[solvers] 12 of 12 runs from the cache (${cacheA})`]);
    expect(
      Buffer.from(arrowFileBytes(again.tables.runs)).equals(Buffer.from(arrowFileBytes(table("solvers", "runs"))))
    ).toBe(true);
  });

  it("empties every flowers table, saying why, when Flowers102 is absent", async () => {
    const empty = await tempDir("nmf-experiments-nodata-");
    delete process.env.NMF_FLOWERS102_DIR;
    process.env.NMF_DATA_DIR = empty;
    try {
      const result = await runExperiment("flowers", {...quiet, cacheDir: cacheA});
      for (const [name, t] of Object.entries(result.tables)) {
        expect(t.numRows, name).toBe(0);
        expect(t.schema.fields.map((f) => f.name)).toEqual(tableSchemas[name].map(([column]) => column));
        expect(meta(t).reason).toMatch(/^Flowers102 was not found: .*NMF_FLOWERS102_DIR/);
      }
    } finally {
      delete process.env.NMF_DATA_DIR;
      if (flowersDir) process.env.NMF_FLOWERS102_DIR = flowersDir;
    }
  });
});

describe("the loader and the CLI", () => {
  const tsx = join(repositoryRoot, "node_modules", ".bin", "tsx");
  const loader = join(repositoryRoot, "src", "data", "[experiment]-[table].arrow.ts");
  // Run from an empty folder: in the repository, a site build's table cache (src/.observablehq/cache) would
  // serve the tables instead of the experiment computing them.
  const runLoader = (experiment: string, tableName: string, env: NodeJS.ProcessEnv) =>
    spawnSync(tsx, [loader, `--experiment=${experiment}`, `--table=${tableName}`], {
      cwd: cacheA,
      env: {...process.env, ...env},
      maxBuffer: 64 * 2 ** 20
    });

  it("writes the same bytes as the engine function", () => {
    const out = runLoader("plateaus", "runs", {NMF_PROFILE: "quick", NMF_CACHE_DIR: cacheA});
    expect(out.status, out.stderr.toString()).toBe(0);
    expect(out.stdout.equals(Buffer.from(arrowFileBytes(table("plateaus", "runs"))))).toBe(true);
    expect(out.stderr.toString()).toContain("data/plateaus-runs.arrow: 4 rows (profile quick)");
  });

  it("fails with exit code 1 and one line on stderr for a bad profile, experiment or table", () => {
    for (const [experiment, tableName, env, message] of [
      ["plateaus", "runs", {NMF_PROFILE: "bogus"}, 'invalid NMF_PROFILE: "bogus" (expected quick, default, full)'],
      ["nope", "runs", {NMF_PROFILE: "quick"}, 'invalid experiment: "nope"'],
      ["plateaus", "nope", {NMF_PROFILE: "quick"}, 'invalid table: "nope" (experiment plateaus has runs,']
    ] as const) {
      const out = runLoader(experiment, tableName, {...env, NMF_CACHE_DIR: cacheA});
      expect(out.status).toBe(1);
      expect(out.stdout.length).toBe(0);
      const stderr = out.stderr.toString();
      expect(stderr.split("\n").filter(Boolean)).toHaveLength(1);
      expect(stderr).toContain(`data/${experiment}-${tableName}.arrow: ${message}`);
    }
  });

  it("fails a Framework build with the loader's one-line message", async () => {
    // A minimal site using the real loader and code (symlinked), so the repository's own build is left alone.
    const site = await tempDir("nmf-experiments-site-");
    for (const name of ["engine", "experiments", "io", "datasets", "node_modules", "package.json"])
      await symlink(join(repositoryRoot, name), join(site, name));
    await mkdir(join(site, "src", "data"), {recursive: true});
    await copyFile(loader, join(site, "src", "data", "[experiment]-[table].arrow.ts"));
    await copyFile(join(dirname(loader), "tableCache.ts"), join(site, "src", "data", "tableCache.ts"));
    await writeFile(
      join(site, "src", "index.md"),
      '# Test\n\n```js\nconst bytes = await FileAttachment("data/plateaus-runs.arrow").arrayBuffer();\n```\n'
    );
    await writeFile(
      join(site, "observablehq.config.js"),
      `export default {root: "src", interpreters: {".ts": [${JSON.stringify(tsx)}]}};\n`
    );
    const build = spawnSync(join(repositoryRoot, "node_modules", ".bin", "observable"), ["build"], {
      cwd: site,
      env: {...process.env, NMF_PROFILE: "bogus", OBSERVABLE_TELEMETRY_DISABLE: "true", NMF_CACHE_DIR: cacheA},
      maxBuffer: 64 * 2 ** 20
    });
    const output = build.stdout.toString() + build.stderr.toString();
    expect(build.status, output).not.toBe(0);
    expect(output).toContain('data/plateaus-runs.arrow: invalid NMF_PROFILE: "bogus"');
    expect(existsSync(join(site, "dist", "index.html"))).toBe(false);
  }, 120_000);

  it("nmf experiment writes every table as DIR/<table>.arrow, and --list names every experiment", async () => {
    const out = await tempDir("nmf-experiments-cli-");
    process.env.NMF_CACHE_DIR = cacheA;
    let stdout = "";
    let stderr = "";
    const context = {stdout: {write: (s: string) => (stdout += s)}, stderr: {write: (s: string) => (stderr += s)}};
    expect(await main(["experiment", "early-stopping", "--profile", "quick", "--out", join(out, "es")], context)).toBe(
      0
    );
    for (const [name, t] of Object.entries(results.get("early-stopping")!.tables)) {
      const bytes = await readFile(join(out, "es", `${name}.arrow`));
      if (name !== "timings") expect(bytes.equals(Buffer.from(arrowFileBytes(t))), name).toBe(true);
    }
    stdout = "";
    expect(await main(["experiment", "--list"], context)).toBe(0);
    expect(
      stdout
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split(/\s+/)[0])
    ).toEqual(experimentNames);
    stderr = "";
    expect(await main(["experiment", "nope", "--out", out], context)).toBe(2);
    expect(stderr).toMatch(/^nmf: invalid experiment: "nope" \(expected one of singular-values, /);
  });
});

describe("the plateau-detector experiment (quick profile, the headline runs from the cache above)", () => {
  let detector: ExperimentResult;
  beforeAll(async () => {
    detector = await runExperiment("plateau-detector", {...quiet, cacheDir: cacheA});
  }, 300_000);

  it("declares the plateaus experiment's headline runs of every seed, so the run cache serves both", () => {
    const plan = experiments.find((e) => e.name === "plateau-detector")!.plan("quick");
    const plateausPlan = experiments.find((e) => e.name === "plateaus")!.plan("quick");
    expect(plan.runs.map((r) => r.fit.seed)).toEqual(scales.quick.plateaus.seeds);
    for (const run of plan.runs) expect(plateausPlan.runs).toContainEqual(run);
  });

  it("writes validation, sensitivity and the examples in their documented schemas, generator settings in the metadata", () => {
    const t = detector.tables;
    expect(Object.keys(t)).toEqual(["validation", "sensitivity", "examples", "examplePlateaus", "verdicts"]);
    const schema = (name: string) => t[name].schema.fields.map((f) => `${f.name}:${String(f.type)}`);
    expect(schema("verdicts").map((f) => f.split(":")[0])).toEqual(tableSchemas.verdicts.map(([column]) => column));
    expect(schema("validation")).toEqual([
      "scope:Utf8",
      "family:Utf8",
      "noise:Float64",
      "trajectories:Int32",
      "truth:Int32",
      "detected:Int32",
      "matched:Int32",
      "precision:Float64",
      "recall:Float64"
    ]);
    expect(schema("sensitivity").map((f) => f.split(":")[0])).toEqual([
      "setting",
      "change",
      "value",
      "run",
      "plateaus",
      "levels",
      "summary",
      "zeroWidthJumps",
      "sameLevelNeighbours",
      "suiteDetected",
      "suiteTruth",
      "suiteMatched",
      "suitePrecision",
      "suiteRecall"
    ]);
    const configuration = meta(t.validation).configuration;
    expect(configuration.suite.noise).toEqual([0, 0.01, 0.03, 0.05]);
    expect(configuration.detector.binWidth).toBe(0.02);
    expect(JSON.parse(t.validation.schema.metadata.get("nmf.generator")!).replicates).toBe(2);
  });

  it("passes its own rule on the suite and finds the plateaus experiment's plateaus with the defaults", () => {
    const validation = rows(detector.tables.validation).filter((r) => r.scope === "suite");
    for (const r of validation) {
      expect(r.precision, r.family).toBeGreaterThanOrEqual(0.95);
      expect(r.recall, r.family).toBeGreaterThanOrEqual(0.95);
    }
    expect(rows(detector.tables.verdicts).map((r) => [r.claim, r.replicate, r.verdict])).toEqual([
      ["suite", "synthetic", "agrees"]
    ]);
    const sensitivity = rows(detector.tables.sensitivity);
    // The defaults and each of the 8 settings at -50% and +50%, for each headline seed.
    expect(sensitivity.length).toBe(17 * scales.quick.plateaus.seeds.length);
    const published = rows(table("plateaus", "plateaus"));
    for (const r of sensitivity.filter((r) => r.setting === "defaults")) {
      const levels = published.filter((p) => p.run === r.run).map((p) => p.level.toFixed(2));
      expect(r.levels, r.run).toBe(levels.join(", "));
    }
    for (const r of sensitivity) expect(r.zeroWidthJumps, `${r.setting} ${r.change} ${r.run}`).toBe(0);
  });
});
