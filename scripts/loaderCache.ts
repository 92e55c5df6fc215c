// Keying Framework's loader cache on the code the loaders run.
//
// A build reuses a cached loader output (src/.observablehq/cache/data/x.arrow) even when a module the
// loader imports changed, and preview reruns a loader only when the loader file itself is newer (see
// docs/site.md, "Building without a network"). So the prebuild step hashes the loaders' inputs and, when the hash
// differs from the one stored in the cache folder by the previous build, removes the cached outputs.
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from "node:fs";
import {join, sep} from "node:path";

/** What the loaders depend on, relative to the repository root: their code, what it imports, the lockfile. */
export const loaderInputs = ["engine", "datasets", "experiments", "io", "src/data", "package-lock.json"];

/** Environment variables that change what the loaders compute (the profile, where Flowers102 and the data dir are). */
export const loaderEnv = ["NMF_PROFILE", "NMF_FLOWERS102_DIR", "NMF_DATA_DIR"];

/** The file, inside the cache folder, holding the hash of the last build's inputs. */
export const hashFileName = ".code-hash";

/**
 * Framework's own caches (`_node`, `_npm`, `_observablehq`, ...: bundled packages, keyed by package
 * version) start with an underscore and are kept; loader outputs mirror source paths (`data/...`).
 */
const isFrameworkCache = (name: string) => name.startsWith("_");

/** SHA-256 of the loaders' inputs under `root` (sorted paths and contents) and of the loader environment. */
export function codeHash(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash("sha256");
  for (const name of loaderEnv) hash.update(`${name}=${env[name] ?? ""}\0`);
  for (const input of loaderInputs) {
    for (const file of listFiles(root, input)) {
      hash.update(file.split(sep).join("/") + "\0");
      hash.update(readFileSync(join(root, file)));
      hash.update("\0");
    }
  }
  return hash.digest("hex");
}

/**
 * Removes the cached loader outputs in `cache` unless the stored hash equals the current one, then
 * stores the current hash. Returns whether outputs were removed.
 */
export function invalidateLoaderCache(root: string, cache: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const hash = codeHash(root, env);
  const hashFile = join(cache, hashFileName);
  const previous = existsSync(hashFile) ? readFileSync(hashFile, "utf8").trim() : null;
  if (previous === hash) return false;
  mkdirSync(cache, {recursive: true});
  let removed = false;
  for (const entry of readdirSync(cache)) {
    if (isFrameworkCache(entry) || entry === hashFileName) continue;
    rmSync(join(cache, entry), {recursive: true, force: true});
    removed = true;
  }
  const temp = `${hashFile}.${process.pid}.tmp`;
  writeFileSync(temp, hash + "\n");
  renameSync(temp, hashFile);
  return removed;
}

/** Every file under `path` (a file or a folder, relative to `root`), sorted; dot files and node_modules skipped. */
function listFiles(root: string, path: string): string[] {
  const absolute = join(root, path);
  if (!existsSync(absolute)) return [];
  if (!statSync(absolute).isDirectory()) return [path];
  const files: string[] = [];
  for (const name of readdirSync(absolute).sort()) {
    if (name.startsWith(".") || name === "node_modules") continue;
    files.push(...listFiles(root, join(path, name)));
  }
  return files;
}
