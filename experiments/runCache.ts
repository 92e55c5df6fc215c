import {createHash} from "node:crypto";
import {existsSync, readdirSync, readFileSync, statSync} from "node:fs";
import {mkdir, readFile} from "node:fs/promises";
import {dirname, join, resolve, sep} from "node:path";
import {fileURLToPath} from "node:url";
import {deserialize, serialize} from "node:v8";
import {canonicalJson} from "../io/canonicalJson.js";
import {writeFileAtomic} from "../io/atomicWrite.js";

/**
 * A disk cache of run results (and of data references), one file per entry, keyed by a SHA-256 of
 * everything that determines the result:
 * - the run's full configuration (its RunSpec as canonical JSON: data spec, fit options, captures),
 * - the content hash of its data matrix (so a different MNIST subset or Flowers folder misses),
 * - a hash of the code that computes it: every file under engine/ and experiments/executeRun.ts,
 * - the Node/V8 version (entries are V8-serialized).
 * So a changed engine or configuration can never be served a stale result, and the `full` profile
 * resumes run by run after an interruption. Entries are written atomically (temp file + rename).
 *
 * Where: `NMF_CACHE_DIR` if set, else `data/.cache/runs` (git-ignored) under the working directory,
 * in a subfolder named after the run code's hash (`<dir>/<code hash>/<key>.v8`; the theory
 * experiments' analyses in `<dir>/theory/<code hash>/`). pruneCache.ts removes the subfolders of
 * older code (`nmf experiment --prune-cache`).
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.NMF_CACHE_DIR;
  return resolve(fromEnv && fromEnv.trim() !== "" ? fromEnv : join("data", ".cache", "runs"));
}

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The code a run's result depends on, relative to the repository root. */
export const runCodeInputs = ["engine", "experiments/executeRun.ts"];

let memoizedCodeHash: string | undefined;

/** SHA-256 of the run code (sorted paths and contents), computed once per process. */
export function runCodeHash(): string {
  if (memoizedCodeHash) return memoizedCodeHash;
  const hash = createHash("sha256");
  for (const input of runCodeInputs) {
    for (const file of listFiles(input)) {
      hash.update(file + "\0");
      hash.update(readFileSync(join(repositoryRoot, file)));
      hash.update("\0");
    }
  }
  return (memoizedCodeHash = hash.digest("hex"));
}

/** The cache key of an entry: kind (run, reference), its configuration, the data hash, the code hash. */
export function cacheKey(kind: string, configuration: unknown, dataHash: string): string {
  return createHash("sha256")
    .update(canonicalJson({kind, configuration, dataHash, code: runCodeHash(), v8: process.versions.v8}))
    .digest("hex");
}

/** The folder of one version of the code: the first 16 hex digits of its hash. */
export function codeFolder(codeHash: string): string {
  return codeHash.slice(0, 16);
}

/** Entries live under a folder per version of the run code, so the folders of older code can simply be deleted. */
function entryPath(dir: string, key: string): string {
  return join(dir, codeFolder(runCodeHash()), `${key}.v8`);
}

/** The cached value, or undefined when absent or unreadable (a truncated or foreign file is ignored). */
export async function readCache<T>(key: string, dir = cacheDir()): Promise<T | undefined> {
  const path = entryPath(dir, key);
  if (!existsSync(path)) return undefined;
  try {
    return deserialize(await readFile(path)) as T;
  } catch {
    return undefined;
  }
}

export async function writeCache(key: string, value: unknown, dir = cacheDir()): Promise<void> {
  const path = entryPath(dir, key);
  await mkdir(dirname(path), {recursive: true});
  await writeFileAtomic(path, serialize(value));
}

function listFiles(path: string): string[] {
  const absolute = join(repositoryRoot, path);
  if (!existsSync(absolute)) return [];
  if (!statSync(absolute).isDirectory()) return [path];
  const files: string[] = [];
  for (const name of readdirSync(absolute).sort()) {
    if (name.startsWith(".")) continue;
    files.push(...listFiles(join(path, name)));
  }
  return files.map((file) => file.split(sep).join("/"));
}
