import {mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {commands} from "../../cli/commands/index.js";
import {main} from "../../cli/main.js";
import {readNpy} from "../../io/npy.js";

/** Runs `nmf ...args` in this process with captured streams. */
async function nmf(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: {write: (s: string) => (stdout += s)},
    stderr: {write: (s: string) => (stderr += s)}
  });
  return {code, stdout, stderr};
}

describe("main", () => {
  let folder: string;
  beforeAll(async () => void (folder = await mkdtemp(join(tmpdir(), "nmf-cli-"))));
  afterAll(() => rm(folder, {recursive: true, force: true}));

  it("prints the global help with every command, and each command's help", async () => {
    for (const args of [[], ["--help"], ["-h"], ["help"]]) {
      const {code, stdout, stderr} = await nmf(...args);
      expect([code, stderr]).toEqual([0, ""]);
      for (const command of commands) expect(stdout).toContain(`  ${command.name} `);
    }
    for (const command of commands) {
      for (const args of [
        [command.name, "--help"],
        ["help", command.name],
        [command.name, "--bogus", "-h"]
      ]) {
        const {code, stdout} = await nmf(...args);
        expect(code).toBe(0);
        expect(stdout).toMatch(new RegExp(`^Usage: nmf ${command.name}`));
      }
    }
  });

  it("turns every bad command line into one line on stderr and exit code 2", async () => {
    const cases: [string[], RegExp][] = [
      [["frobnicate"], /^nmf: unknown command "frobnicate" \(commands: fit, describe/],
      [["fit", "--bogus"], /^nmf: unknown option --bogus for nmf fit/],
      [["fit", "--data"], /^nmf: missing value for --data$/],
      [["fit", "--data", "mnist:10", "--rank", "abc"], /^nmf: invalid --rank: "abc" \(must be an integer\)$/],
      [["fit", "--data", "mnist:10", "--rank", "2", "--iters", "1.5"], /^nmf: invalid --iters: "1\.5"/],
      [
        ["fit", "--data", "mnist:10", "--rank", "2", "--model", "svd"],
        /^nmf: invalid --model: "svd" \(must be one of mu, adam/
      ],
      [["fit", "--rank", "2"], /^nmf: missing --data/],
      [["fit", "--data", "mnist:10"], /^nmf: missing --rank/],
      [["fit", "--data", "mnist:10", "--rank", "2", "--ranks", "2"], /^nmf: give either --rank or --ranks/],
      [["describe", "--data", join(folder, "missing.npy")], /^nmf: invalid file: ".*missing\.npy" \(no such file\)$/],
      [["describe", "--data", "nonsense:"], /^nmf: invalid --data: "nonsense:"/]
    ];
    for (const [args, pattern] of cases) {
      const {code, stdout, stderr} = await nmf(...args);
      expect(code, args.join(" ")).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.split("\n")).toEqual([expect.stringMatching(pattern), ""]);
    }
  });

  it("reports a bad output path before loading the data", async () => {
    const {code, stderr} = await nmf(
      "fit",
      "--data",
      "mnist:10",
      "--rank",
      "2",
      "--out",
      join(folder, "no", "run.arrow")
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/^nmf: invalid --out: ".*run\.arrow" \(folder .* does not exist\)\n$/);
  });

  it("saves a deep model's factors as W1.npy, W2.npy and H.npy, and prints a text summary", async () => {
    const factors = join(folder, "deep");
    const {code, stdout, stderr} = await nmf(
      ...["fit", "--data", "mnist:50", "--model", "deep", "--ranks", "4,2", "--iters", "3", "--save-factors", factors]
    );
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toMatch(/^deep ranks 4,2 on 50 x 784 .*: 3 iterations/);
    expect(stdout).toContain("W1.npy");
    const shapes = await Promise.all(
      ["W1", "W2", "H"].map(async (name) => (await readNpy(join(factors, `${name}.npy`))).shape)
    );
    expect(shapes).toEqual([
      [50, 4],
      [4, 2],
      [2, 784]
    ]);
  });

  it("gives the same run on two threads as on one", async () => {
    const run = async (threads: string) => {
      const {code, stdout, stderr} = await nmf(
        ...[
          "fit",
          "--data",
          "mnist:300",
          "--model",
          "hals",
          "--rank",
          "6",
          "--iters",
          "5",
          "--json",
          "--threads",
          threads
        ]
      );
      expect([code, stderr]).toEqual([0, ""]);
      const summary = JSON.parse(stdout);
      delete summary.wallMs;
      return summary;
    };
    const one = await run("1");
    expect(await run("2")).toEqual(one);
    expect(one.final.relativeError).toBeGreaterThan(0);
  });

  it("names the flag when the engine rejects a value", async () => {
    const {code, stderr} = await nmf("fit", "--data", "mnist:20", "--rank", "21", "--iters", "1");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^nmf: invalid --rank: 21 \(must be <= min\(m, n\) = 20\)\n$/);
  });

  it("describes a CSV matrix: shape, hash, spectrum and Eckart-Young bounds", async () => {
    // Orthogonal columns of norms sqrt(2) and 2: singular values 2 and sqrt(2), ||X||_F^2 = 6.
    const path = join(folder, "x.csv");
    await writeFile(path, "a,b,c\n1,0,0\n0,2,0\n1,0,0\n");
    const {code, stdout, stderr} = await nmf("describe", "--data", path, "--ranks", "1,2", "--json");
    expect([code, stderr]).toEqual([0, ""]);
    const facts = JSON.parse(stdout);
    expect(facts).toMatchObject({m: 3, n: 3, valueRange: [0, 2], density: 3 / 9});
    expect(facts.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(facts.singularValues[0]).toBeCloseTo(2, 6);
    expect(facts.singularValues[1]).toBeCloseTo(Math.SQRT2, 6);
    expect(facts.eckartYoung[0].rank).toBe(1);
    expect(facts.eckartYoung[0].relativeError).toBeCloseTo(2 / 6, 6);
    expect(facts.eckartYoung[1].relativeError).toBeCloseTo(0, 6);
    const text = await nmf("describe", "--data", path);
    expect(text.stdout).toMatch(/shape +3 x 3/);
  });
});
