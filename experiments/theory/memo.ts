import {createHash, randomBytes} from "node:crypto";
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync} from "node:fs";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";
import {deserialize, serialize} from "node:v8";
import {canonicalJson} from "../../io/canonicalJson.js";
import {cacheDir, codeFolder, runCodeHash} from "../runCache.js";
import type {CompletedRun} from "../types.js";

/**
 * A disk memo for the theory experiments' build-time analyses (truncated SVDs, NNLS projections,
 * centered spectra). Framework runs the loader once per table, so without it every table of an
 * experiment would redo them; `build` is synchronous, hence synchronous file access here.
 *
 * The key holds everything the result depends on: the analysis's name and inputs (the runs' specs
 * and data hashes), the run code's hash (runCache.ts: engine/, executeRun.ts) and a hash of this
 * folder's code, so a change anywhere in either can never be served a stale result. Entries live
 * beside the run cache (`<cache dir>/theory/`) and are written atomically (temp file, rename).
 */
const theoryDir = dirname(fileURLToPath(import.meta.url));

let memoizedTheoryHash: string | undefined;

function theoryCodeHash(): string {
  if (memoizedTheoryHash) return memoizedTheoryHash;
  const hash = createHash("sha256");
  for (const name of readdirSync(theoryDir).sort()) {
    if (!name.endsWith(".ts")) continue;
    hash
      .update(name + "\0")
      .update(readFileSync(join(theoryDir, name)))
      .update("\0");
  }
  return (memoizedTheoryHash = hash.digest("hex"));
}

/** The folder of the analyses of this version of the run and theory code, under `<cache>/theory`. */
export function theoryFolder(): string {
  return codeFolder(createHash("sha256").update(runCodeHash()).update(theoryCodeHash()).digest("hex"));
}

/** What identifies the runs an analysis reads: their specs and their data's content hashes. */
export function runsKey(runs: readonly CompletedRun[]): unknown {
  return runs.map((run) => ({spec: run.spec, data: run.data.provenance.hash}));
}

export function memo<T>(name: string, inputs: unknown, compute: () => T, dir = cacheDir()): T {
  const key = createHash("sha256")
    .update(canonicalJson({name, inputs, code: runCodeHash(), theory: theoryCodeHash(), v8: process.versions.v8}))
    .digest("hex");
  const path = join(dir, "theory", theoryFolder(), `${name}-${key}.v8`);
  if (existsSync(path)) {
    try {
      return deserialize(readFileSync(path)) as T;
    } catch {
      // A truncated or foreign file: recompute and replace it.
    }
  }
  const value = compute();
  mkdirSync(dirname(path), {recursive: true});
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    writeFileSync(temporary, serialize(value));
    renameSync(temporary, path);
  } catch (error) {
    if (existsSync(temporary)) unlinkSync(temporary);
    throw error;
  }
  return value;
}
