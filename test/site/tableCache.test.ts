import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {invalidateLoaderCache} from "../../scripts/loaderCache.js";
import {readCachedTable, writeCachedTables} from "../../src/data/tableCache.js";

let root: string;
const cache = () => join(root, "src", ".observablehq", "cache");
const bytes = (text: string) => new TextEncoder().encode(text);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "table-cache-"));
  mkdirSync(join(root, "engine"), {recursive: true});
  writeFileSync(join(root, "engine", "fit.ts"), "export const version = 1;");
});

afterEach(() => rmSync(root, {recursive: true, force: true}));

describe("an experiment's tables shared by its loaders", () => {
  it("is off outside a build: nothing is written or read without the prebuild's hash", () => {
    writeCachedTables("plateaus", {seeds: bytes("a")}, root);
    expect(readCachedTable("plateaus", "seeds", root)).toBeNull();
    expect(existsSync(join(cache(), ".tables"))).toBe(false);
  });

  it("serves every table the first loader wrote, and only names an experiment could write", () => {
    invalidateLoaderCache(root, cache(), {});
    writeCachedTables("plateaus", {seeds: bytes("seeds"), verdicts: bytes("verdicts")}, root);
    expect(new TextDecoder().decode(readCachedTable("plateaus", "verdicts", root)!)).toBe("verdicts");
    expect(readCachedTable("plateaus", "runs", root)).toBeNull();
    expect(readCachedTable("losses", "seeds", root)).toBeNull();
    expect(readCachedTable("../plateaus", "seeds", root)).toBeNull();
    expect(readCachedTable("plateaus", "../seeds", root)).toBeNull();
  });

  it("is gone once the code changes (a new hash, and the prebuild removes the old folder)", () => {
    invalidateLoaderCache(root, cache(), {});
    writeCachedTables("plateaus", {seeds: bytes("old")}, root);
    writeFileSync(join(root, "engine", "fit.ts"), "export const version = 2;");
    expect(invalidateLoaderCache(root, cache(), {})).toBe(true);
    expect(readCachedTable("plateaus", "seeds", root)).toBeNull();
    expect(existsSync(join(cache(), ".tables"))).toBe(false);
  });

  it("serves a loader only the tables of its own profile, and none to a bad profile", () => {
    const saved = process.env.NMF_PROFILE;
    try {
      invalidateLoaderCache(root, cache(), {});
      process.env.NMF_PROFILE = "quick";
      writeCachedTables("plateaus", {seeds: bytes("quick")}, root);
      expect(new TextDecoder().decode(readCachedTable("plateaus", "seeds", root)!)).toBe("quick");
      process.env.NMF_PROFILE = "default";
      expect(readCachedTable("plateaus", "seeds", root)).toBeNull();
      process.env.NMF_PROFILE = "bogus";
      expect(readCachedTable("plateaus", "seeds", root)).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.NMF_PROFILE;
      else process.env.NMF_PROFILE = saved;
    }
  });
});
