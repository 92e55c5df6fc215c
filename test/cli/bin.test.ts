import {spawnSync} from "node:child_process";
import {mkdtemp, readdir, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {afterAll, beforeAll, describe, expect, it} from "vitest";

const bin = fileURLToPath(new URL("../../bin/nmf.js", import.meta.url));

/** Runs `node bin/nmf.js ...args` from another folder, as `npx nmf` would. */
function nmf(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {cwd, encoding: "utf8", timeout: 60_000});
  return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

/** Exactly one line on stderr, and no stack trace. */
function expectOneLine(stderr: string, pattern: RegExp) {
  const lines = stderr.split("\n");
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/^\s+at /m);
}

// Each spawn costs about 0.2-0.5 s: a few cases, the rest is tested in-process in main.test.ts.
describe("bin/nmf.js", () => {
  let folder: string;
  beforeAll(async () => void (folder = await mkdtemp(join(tmpdir(), "nmf-bin-"))));
  afterAll(() => rm(folder, {recursive: true, force: true}));

  it("prints the help with exit code 0", () => {
    const {code, stdout, stderr} = nmf(folder, "--help");
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toMatch(/^nmf: .*\n\nUsage: nmf <command> \[options\]/);
    const fit = nmf(folder, "fit", "--help");
    expect(fit.code).toBe(0);
    expect(fit.stdout).toMatch(/^Usage: nmf fit/);
    expect(fit.stdout).toContain("--save-factors DIR");
  });

  it("exits with code 2 and one line for bad flags, values, commands and files", () => {
    const cases: [string[], RegExp][] = [
      [["fit", "--bogus"], /^nmf: unknown option --bogus for nmf fit/],
      [["fit", "--rank"], /^nmf: missing value for --rank$/],
      [["fit", "--rank", "abc"], /^nmf: invalid --rank: "abc" \(must be an integer\)$/],
      [["fit", "--data", "mnist:10", "--model", "svd"], /^nmf: invalid --model: "svd"/],
      [["frobnicate"], /^nmf: unknown command "frobnicate"/],
      [["fit", "--data", "missing.npy", "--rank", "2"], /^nmf: invalid file: ".*missing\.npy" \(no such file\)$/]
    ];
    for (const [args, pattern] of cases) {
      const {code, stdout, stderr} = nmf(folder, ...args);
      expect(code, args.join(" ")).toBe(2);
      expect(stdout).toBe("");
      expectOneLine(stderr, pattern);
    }
  });

  it("leaves nothing in the folder it ran in", async () => {
    expect(await readdir(folder)).toEqual([]);
  });
});
