import {mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {WriteError} from "../../io/commit.js";
import {planWrites, type PlannedOutput} from "../../io/writePlan.js";
import {instrumentedOps} from "./commitScenario.js";

const factorFolder = (flag: string, path: string, files = ["W.npy", "H.npy"]): PlannedOutput => ({
  flag,
  path,
  kind: "folder",
  files,
  owns: (name) => /^(W\d*|H)\.npy$/.test(name),
  ownedWhat: "factor files"
});
const runFile = (path: string): PlannedOutput => ({flag: "--out", path, kind: "file", extensions: [".arrow"]});

describe("planWrites", () => {
  let root: string;
  beforeAll(async () => void (root = await mkdtemp(join(tmpdir(), "nmf-plan-"))));
  afterAll(() => rm(root, {recursive: true, force: true}));

  it("refuses outputs that clash with each other or with an input, touching nothing", async () => {
    const at = (...parts: string[]) => join(root, "clash", ...parts);
    await mkdir(at("f", "W.npy"), {recursive: true});
    await mkdir(at("in"), {recursive: true});
    await writeFile(at("X.npy"), "input");
    await writeFile(at("in", "X.npy"), "input");
    await writeFile(at("afile"), "a file");
    await symlink(at("X.npy"), at("alias.arrow"));
    await symlink(at("in"), at("link-to-in"));
    const cases: [PlannedOutput[], {flag: string; path: string}[], RegExp][] = [
      [[runFile(at("X.npy"))], [], /invalid --out: ".*X\.npy" \(must end in \.arrow \(the file's format\)\)/],
      [[runFile(at("run.arrow")), runFile(at("run.arrow"))], [], /is also --out: give each output its own path/],
      [
        [runFile(at("g", "run.arrow")), factorFolder("--save-factors", at("g"))],
        [],
        /is inside --save-factors .*g, a folder written whole/
      ],
      [
        [factorFolder("--save-init", at("g", "init")), factorFolder("--save-factors", at("g"))],
        [],
        /invalid --save-init: .* \(is inside --save-factors/
      ],
      [[factorFolder("--save-factors", at("f"))], [], /f\/W\.npy is a folder, in the way of the file/],
      [[factorFolder("--save-factors", at("h.npy"))], [], /looks like a file name: --save-factors takes a folder/],
      [[factorFolder("--save-factors", at("afile", "f"))], [], /afile is a file, not a folder/],
      [[runFile(at("afile", "run.arrow"))], [], /afile is a file, not a folder/],
      [[runFile(at("missing", "run.arrow"))], [], /folder .*missing does not exist/],
      [
        [factorFolder("--save-factors", at("in"))],
        [{flag: "--data", path: at("in", "X.npy")}],
        /holds the input --data .*X\.npy/
      ],
      [
        [runFile(at("in", "run.arrow"))],
        [{flag: "--data", path: at("in")}],
        /is inside the input --data .*in: write the output elsewhere/
      ],
      [
        [factorFolder("--save-factors", at("link-to-in", "f"))],
        [{flag: "--data", path: at("in")}],
        /is inside the input --data/
      ],
      [
        [factorFolder("--save-factors", at("d"))],
        [{flag: "--init-from", path: at("d")}],
        /is the input --init-from .*d: it would be overwritten/
      ],
      [[runFile(at("alias.arrow"))], [{flag: "--data", path: at("X.npy")}], /is the input --data .*X\.npy/]
    ];
    for (const [outputs, inputs, pattern] of cases) {
      const before = await readdir(at());
      await expect(planWrites(outputs, inputs), pattern.source).rejects.toThrow(pattern);
      expect(await readdir(at())).toEqual(before);
    }
    expect(await readFile(at("X.npy"), "utf8")).toBe("input");
  });

  it("refuses a factors folder holding factor files of another layout, and deletes them with --force", async () => {
    const folder = join(root, "stale");
    await mkdir(folder);
    for (const name of ["W1.npy", "W2.npy", "H.npy", "notes.txt"]) await writeFile(join(folder, name), `old ${name}`);
    await expect(planWrites([factorFolder("--save-factors", folder)], [])).rejects.toThrow(
      /holds W1\.npy, W2\.npy beside the W\.npy, H\.npy this run writes \(factor files of another run, which would be left stale\): remove them, choose another folder, or add --force/
    );
    const plan = await planWrites([factorFolder("--save-factors", folder)], [], {force: true});
    await plan.write({"--save-factors": {"W.npy": "new W", "H.npy": "new H"}});
    expect((await readdir(folder)).sort()).toEqual(["H.npy", "W.npy", "notes.txt"]);
    expect(await readFile(join(folder, "notes.txt"), "utf8")).toBe("old notes.txt");
  });

  it("writes into a folder removed during the run; names the user's path when the disk is full, and writes nothing", async () => {
    // A folder removed during the run is made again: the result is not lost.
    const folder = join(root, "vanish");
    await mkdir(folder);
    const plan = await planWrites(
      [runFile(join(folder, "run.arrow")), factorFolder("--save-factors", join(folder, "f"))],
      []
    );
    await rm(folder, {recursive: true});
    await plan.write({"--out": "bytes", "--save-factors": {"W.npy": "W", "H.npy": "H"}});
    expect((await readdir(folder)).sort()).toEqual(["f", "run.arrow"]);
    const full = join(root, "full");
    await mkdir(full);
    await writeFile(join(full, "run.arrow"), "earlier run");
    const second = await planWrites(
      [runFile(join(full, "run.arrow")), factorFolder("--save-factors", join(full, "f"))],
      []
    );
    const ops = instrumentedOps((_, name) => {
      if (name === "writeNew") throw Object.assign(new Error("write failed"), {code: "ENOSPC"});
    });
    const error = await second
      .write({"--out": "new run", "--save-factors": {"W.npy": "W", "H.npy": "H"}}, {ops})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as Error).message).toMatch(
      /^cannot write --out ".*full\/run\.arrow": no space left on the device \(ENOSPC\); nothing was written, every earlier file is as it was: free some space or write elsewhere$/
    );
    expect(await readdir(full)).toEqual(["run.arrow"]);
    expect(await readFile(join(full, "run.arrow"), "utf8")).toBe("earlier run");
  });
});
