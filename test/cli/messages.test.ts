import {mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {nmf} from "../helpers/cli.js";

/** Exit 2, one line on stderr matching `pattern`, nothing on stdout. */
async function expectRefused(args: string[], pattern: RegExp) {
  const {code, stdout, stderr} = await nmf(...args);
  expect(code, args.join(" ")).toBe(2);
  expect(stdout).toBe("");
  expect(stderr.split("\n")).toEqual([expect.stringMatching(pattern), ""]);
}

describe("messages name the flags the user typed", () => {
  let folder: string;
  beforeAll(async () => void (folder = await mkdtemp(join(tmpdir(), "nmf-messages-"))));
  afterAll(() => rm(folder, {recursive: true, force: true}));

  const fit = (...args: string[]) => ["fit", "--data", "mnist:30", "--iters", "2", ...args];

  it("bounds --top-k by min(m, n), the singular pairs of X there are to align with", async () => {
    await expectRefused(
      fit("--rank", "5", "--top-k", "20000"),
      /^nmf: invalid --top-k: 20000 \(must be <= min\(m, n\) = 30: X has no more singular pairs\)$/
    );
    const {code, stdout} = await nmf(...fit("--rank", "4", "--top-k", "30", "--json"));
    expect(code).toBe(0);
    const {final} = JSON.parse(stdout);
    expect([final.singularValues.length, final.modeAlignment.length]).toEqual([30, 30]);
  });

  it("refuses flags that the model or the init would ignore", async () => {
    await expectRefused(
      fit("--model", "mu", "--rank", "2", "--lr", "0.1"),
      /^nmf: invalid --lr: 0\.1 \(mu has no learning rate \(--lr is for adam, gd and deep\)\)$/
    );
    await expectRefused(
      fit("--model", "hals", "--rank", "2", "--lr", "1"),
      /invalid --lr: 1 \(hals has no learning rate/
    );
    await expectRefused(
      fit("--model", "mu", "--rank", "2", "--optimizer", "gd"),
      /^nmf: invalid --optimizer: "gd" \(only --model deep takes an optimizer \(mu has none\)\)$/
    );
    await expectRefused(
      fit("--model", "adam", "--rank", "2", "--optimizer", "gd"),
      /invalid --optimizer: "gd" \(only --model deep takes an optimizer \(--model adam is its own\)\)/
    );
    await expectRefused(
      fit("--model", "gd", "--rank", "2", "--loss", "global"),
      /^nmf: invalid --loss: "global" \(only --model deep has a choice of loss\)$/
    );
    await expectRefused(
      fit("--rank", "2", "--init", "nndsvda", "--init-scale", "2"),
      /^nmf: invalid --init-scale: 2 \(scales the random and eye initializations, not nndsvda\)$/
    );
  });

  it("names the flag when the engine refuses a value after the data is loaded", async () => {
    await expectRefused(
      fit("--model", "adam", "--rank", "2", "--lr", "0"),
      /^nmf: invalid --lr: 0 \(must be a finite number > 0\)$/
    );
    await expectRefused(
      fit("--model", "deep", "--ranks", "3,5"),
      /^nmf: invalid --ranks: \[3, 5\] \(deep ranks must not increase/
    );
    await expectRefused(
      fit("--model", "mu", "--ranks", "3,2"),
      /^nmf: invalid --ranks: \[3, 2\] \(model mu takes one rank\)$/
    );
    await expectRefused(
      fit("--model", "mu", "--rank", "2", "--l1", "0.5"),
      /^nmf: invalid --l1: 0\.5 \(penalties need a gradient model/
    );
    await expectRefused(
      fit("--model", "deep", "--ranks", "31,2"),
      /^nmf: invalid --ranks: 31 \(must be <= min\(m, n\) = 30\)$/
    );
  });

  it("refuses --size for a matrix file, and says when a data folder is a file", async () => {
    const csv = join(folder, "x.csv");
    await writeFile(csv, "1,2\n3,4\n");
    await expectRefused(
      ["describe", "--data", csv, "--size", "8"],
      /^nmf: invalid --size: 8 \(only images are decoded at a size: a matrix file's rows are used as they are\)$/
    );
    const file = join(folder, "plain-file");
    await writeFile(file, "not a folder");
    await expectRefused(
      ["describe", "--data", `images:${file}`],
      /^nmf: invalid data folder: ".*plain-file" \(is a file, not a folder\)$/
    );
  });

  it("names a negative value with the file, row and column as in the file", async () => {
    const csv = join(folder, "neg.csv");
    await writeFile(csv, "1,2,3\n4,-5,6\n");
    await expectRefused(
      ["fit", "--data", csv, "--rank", "1"],
      /^nmf: invalid file: ".*neg\.csv" \(negative value -5 at row 2, column 2: NMF needs non-negative data\)$/
    );
  });

  it("lists every flag of fetch on its usage line", async () => {
    const {stdout} = await nmf("fetch", "--help");
    expect(stdout.split("\n")[0]).toBe(
      "Usage: nmf fetch mnist|fashion-mnist|flowers102 [--dir DIR] [--force] [--base-url URL] [--json]"
    );
  });
});
