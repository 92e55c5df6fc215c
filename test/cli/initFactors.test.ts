import {mkdir, mkdtemp, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {factorNames} from "../../cli/factorFiles.js";
import {loadData} from "../../datasets/index.js";
import {initialFactors} from "../../engine/init/index.js";
import {formatNpy, readNpy} from "../../io/npy.js";
import {readRunFile} from "../../io/runTable.js";
import {nmf} from "../helpers/cli.js";

/** The recorded columns of a run file, without the measured timeMs. */
async function trajectoryOf(path: string) {
  const {trajectory} = await readRunFile(path);
  const {timeMs, ...rest} = trajectory;
  expect(timeMs.length).toBe(rest.step.length);
  return rest;
}

describe("--save-init and --init-from", () => {
  let folder: string;
  beforeAll(async () => void (folder = await mkdtemp(join(tmpdir(), "nmf-init-"))));
  afterAll(() => rm(folder, {recursive: true, force: true}));

  // The model's flags, then the flags that choose the initialization (which --init-from replaces).
  const cases = [
    {name: "flat (mu, random init)", model: ["--model", "mu", "--rank", "5"], init: ["--seed", "3"], layers: 1},
    {name: "flat (hals, nndsvda)", model: ["--model", "hals", "--rank", "4"], init: ["--init", "nndsvda"], layers: 1},
    {
      name: "deep (adam, global loss, small init)",
      model: ["--model", "deep", "--ranks", "6,3"],
      init: ["--init-scale", "0.01", "--seed", "5"],
      layers: 2
    }
  ];
  for (const {name, model, init, layers} of cases) {
    it(`starts a run from the saved factors that repeats the seeded run bit for bit: ${name}`, async () => {
      const dir = join(folder, name.replace(/\W+/g, "-"));
      const common = ["fit", "--data", "mnist:200", "--iters", "25"];
      await mkdir(dir);
      const seeded = await nmf(
        ...common,
        ...model,
        ...init,
        ...["--save-init", join(dir, "init"), "--out", join(dir, "a.arrow"), "--save-factors", join(dir, "fa")]
      );
      expect([seeded.code, seeded.stderr]).toEqual([0, ""]);
      const restarted = await nmf(
        ...common,
        ...model,
        ...["--init-from", join(dir, "init"), "--out", join(dir, "b.arrow"), "--save-factors", join(dir, "fb")]
      );
      expect([restarted.code, restarted.stderr]).toEqual([0, ""]);

      const [a, b] = await Promise.all([trajectoryOf(join(dir, "a.arrow")), trajectoryOf(join(dir, "b.arrow"))]);
      expect(b).toEqual(a);
      for (const file of factorNames(layers)) {
        const [fa, fb] = await Promise.all([readFile(join(dir, "fa", file)), readFile(join(dir, "fb", file))]);
        expect(Buffer.compare(fa, fb), file).toBe(0);
      }
      const run = await readRunFile(join(dir, "b.arrow"));
      expect(run.metadata.initFrom).toBe(join(dir, "init"));
    });
  }

  it("saves float64 files holding exactly the engine's starting factors", async () => {
    const dir = join(folder, "exact");
    const {code, stderr} = await nmf(
      ...["fit", "--data", "mnist:100", "--model", "deep", "--ranks", "5,2", "--iters", "1", "--seed", "9"],
      ...["--init-scale", "0.3", "--save-init", dir]
    );
    expect([code, stderr]).toEqual([0, ""]);
    const {X} = await loadData("mnist:100");
    const {Ws, H} = initialFactors(X, [5, 2], {init: "random", initScale: 0.3, seed: 9, hidden: false});
    const files = await Promise.all(["W1", "W2", "H"].map((name) => readNpy(join(dir, `${name}.npy`))));
    [...Ws, H].forEach((factor, i) => {
      expect(files[i].dtype).toBe("float64");
      expect(files[i].shape).toEqual([factor.rows, factor.cols]);
      expect(Array.from(files[i].data)).toEqual(Array.from(factor.data));
    });
  });

  it("names the file and the expected shape when a factor does not fit", async () => {
    const dir = join(folder, "saved");
    expect((await nmf("fit", "--data", "mnist:100", "--rank", "5", "--iters", "1", "--save-init", dir)).code).toBe(0);
    const cases: [string[], RegExp][] = [
      [
        ["--rank", "6"],
        /^nmf: invalid --init-from: ".*saved" \(.*saved\/W\.npy is 100 x 5, expected 100 x 6 \(m x r\)\)$/
      ],
      [
        ["--model", "deep", "--ranks", "5,2"],
        /^nmf: invalid --init-from: ".*" \(no W1\.npy, W2\.npy in it: this 2-layer model needs W1\.npy, W2\.npy, H\.npy; it holds H\.npy, W\.npy\)$/
      ],
      [["--rank", "5", "--seed", "1"], /^nmf: --init-from gives the starting factors: drop --seed/],
      [["--rank", "5", "--init", "eye", "--init-scale", "2"], /drop --init, --init-scale/]
    ];
    for (const [args, pattern] of cases) {
      const {code, stdout, stderr} = await nmf(
        "fit",
        "--data",
        "mnist:100",
        "--iters",
        "1",
        ...args,
        "--init-from",
        dir
      );
      expect(code, args.join(" ")).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.split("\n")).toEqual([expect.stringMatching(pattern), ""]);
    }
    const other = await nmf("fit", "--data", "mnist:99", "--rank", "5", "--iters", "1", "--init-from", dir);
    expect(other.stderr).toMatch(/W\.npy is 100 x 5, expected 99 x 5 \(m x r\)/);
  });

  it("refuses missing, stray, negative and non-finite factor files", async () => {
    const dir = join(folder, "bad");
    await mkdir(dir);
    const write = (name: string, data: Float64Array | Float32Array, shape: number[]) =>
      import("node:fs/promises").then(({writeFile}) => writeFile(join(dir, name), formatNpy(data, shape)));
    const run = () => nmf("fit", "--data", "mnist:10", "--rank", "2", "--iters", "1", "--init-from", dir);
    expect((await run()).stderr).toMatch(/\(no W\.npy, H\.npy in it: .*; it holds no factor files\)/);
    await write("W.npy", new Float64Array(20).fill(0.5), [10, 2]);
    await write("H.npy", new Float64Array(2 * 784).fill(0.5), [2, 784]);
    await write("W2.npy", new Float64Array(4), [2, 2]);
    expect((await run()).stderr).toMatch(/holds W2\.npy besides W\.npy, H\.npy/);
    await rm(join(dir, "W2.npy"));
    const negative = new Float64Array(20).fill(0.5);
    negative[7] = -0.25;
    await write("W.npy", negative, [10, 2]);
    const refused = await run();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/W\.npy at row 4, column 2: -0\.25 is negative \(factors must be finite/);
    await write("W.npy", Float64Array.of(...new Array(19).fill(0.5), 1e300), [10, 2]);
    expect((await run()).stderr).toMatch(/at row 10, column 2: 1e\+300 overflows float32/);
    // Float64 values that are not float32 numbers are rounded, with a warning; float32 files are fine.
    await write("W.npy", new Float64Array(20).fill(0.1), [10, 2]);
    const rounded = await run();
    expect(rounded.code).toBe(0);
    expect(rounded.stderr).toMatch(/^nmf: warning: .*W\.npy: 20 value\(s\) rounded to float32/);
    await write("W.npy", new Float32Array(20).fill(0.1), [10, 2]);
    expect(await run()).toMatchObject({code: 0, stderr: ""});
  });

  it("warns that the layer-wise loss's hidden layers are not saved", async () => {
    const {code, stderr} = await nmf(
      ...["fit", "--data", "mnist:50", "--model", "deep", "--ranks", "4,2", "--loss", "layerwise", "--iters", "2"],
      ...["--save-init", join(folder, "layerwise")]
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(/^nmf: warning: --save-init with --loss layerwise: the hidden layers/);
  });
});
