import {mkdir, mkdtemp, readdir, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {writeFileAtomic, writeFilesAtomic} from "../../io/atomicWrite.js";

describe("writeFileAtomic", () => {
  let folder: string;
  beforeAll(async () => void (folder = await mkdtemp(join(tmpdir(), "nmf-atomic-"))));
  afterAll(() => rm(folder, {recursive: true, force: true}));

  it("writes and replaces a file, leaving no temporary file", async () => {
    const path = join(folder, "a.txt");
    await writeFileAtomic(path, "first");
    await writeFileAtomic(path, new Uint8Array([104, 105]));
    expect(await readFile(path, "utf8")).toBe("hi");
    expect(await readdir(folder)).toEqual(["a.txt"]);
  });

  it("fails on a missing folder without leaving anything", async () => {
    await expect(writeFileAtomic(join(folder, "missing", "a.txt"), "x")).rejects.toThrow(/ENOENT/);
  });

  it("writes several files all or nothing", async () => {
    const sub = join(folder, "all");
    await mkdir(sub);
    // The second target's folder is missing: the first temporary file is written, the second
    // fails, and neither target nor temporary file is left.
    await mkdir(join(sub, "b.txt"));
    await expect(
      writeFilesAtomic([
        {path: join(sub, "a.txt"), data: "a"},
        {path: join(sub, "missing", "c.txt"), data: "c"}
      ])
    ).rejects.toThrow(/ENOENT/);
    expect(await readdir(sub)).toEqual(["b.txt"]);
    // Both temporaries are written, then the first rename fails (a folder is in the way).
    await expect(
      writeFilesAtomic([
        {path: join(sub, "b.txt"), data: "b"},
        {path: join(sub, "a.txt"), data: "a"}
      ])
    ).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(await readdir(sub)).toEqual(["b.txt"]);
    await writeFilesAtomic([
      {path: join(sub, "a.txt"), data: "a"},
      {path: join(sub, "c.txt"), data: "c"}
    ]);
    expect((await readdir(sub)).sort()).toEqual(["a.txt", "b.txt", "c.txt"]);
  });
});
