import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {codeHash, invalidateLoaderCache} from "../../scripts/loaderCache.js";

let root: string;
let cache: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), {recursive: true});
  writeFileSync(join(root, path), text);
}

/** A fake repository with one engine file, one loader, a cached loader output and a Framework package cache. */
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "loader-cache-"));
  cache = join(root, "src", ".observablehq", "cache");
  write("engine/fit.ts", "export const version = 1;");
  write("src/data/digits.arrow.ts", "// loader");
  write("package-lock.json", "{}");
  write("src/.observablehq/cache/data/digits.arrow", "cached output");
  write("src/.observablehq/cache/_node/apache-arrow@21.2.0/index.js", "bundled package");
});

afterEach(() => rmSync(root, {recursive: true, force: true}));

const cachedOutput = () => existsSync(join(cache, "data", "digits.arrow"));
const packageCache = () => existsSync(join(cache, "_node", "apache-arrow@21.2.0", "index.js"));

describe("invalidateLoaderCache", () => {
  it("removes cached loader outputs on the first build, keeps them while nothing changes", () => {
    expect(invalidateLoaderCache(root, cache, {})).toBe(true);
    expect(cachedOutput()).toBe(false);
    write("src/.observablehq/cache/data/digits.arrow", "fresh output");
    expect(invalidateLoaderCache(root, cache, {})).toBe(false);
    expect(cachedOutput()).toBe(true);
  });

  it("removes them when engine code imported by a loader changes, keeping Framework's package cache", () => {
    invalidateLoaderCache(root, cache, {});
    write("src/.observablehq/cache/data/digits.arrow", "output of version 1");
    write("engine/fit.ts", "export const version = 2;");
    expect(invalidateLoaderCache(root, cache, {})).toBe(true);
    expect(cachedOutput()).toBe(false);
    expect(packageCache()).toBe(true);
  });

  it("removes them when NMF_PROFILE changes", () => {
    invalidateLoaderCache(root, cache, {NMF_PROFILE: "quick"});
    write("src/.observablehq/cache/data/digits.arrow", "quick output");
    expect(invalidateLoaderCache(root, cache, {NMF_PROFILE: "quick"})).toBe(false);
    expect(invalidateLoaderCache(root, cache, {NMF_PROFILE: "full"})).toBe(true);
    expect(cachedOutput()).toBe(false);
  });

  it("hashes file names too: a new file in datasets/ changes the hash", () => {
    const before = codeHash(root, {});
    write("datasets/extra.ts", "");
    expect(codeHash(root, {})).not.toBe(before);
  });

  it("ignores files outside the loaders' inputs", () => {
    const before = codeHash(root, {});
    write("src/index.md", "# a page");
    write("test/site/x.test.ts", "");
    expect(codeHash(root, {})).toBe(before);
  });
});
