// The tables of one experiment, shared by its loaders within a build.
//
// Framework runs one loader per table (`data/plateaus-seeds.arrow`, `data/plateaus-verdicts.arrow`, ...),
// one after another; each would read every run of the experiment from the run cache and rebuild every
// table. The first loader of an experiment writes all its tables here, the next ones read theirs. The
// folder is keyed by the hash the prebuild step stores (scripts/loaderCache.ts: the loaders' code, the
// lockfile and the loader environment), and the prebuild removes it whenever that hash changes.
import {existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";

/**
 * The folder of `experiment`'s tables for the current build, or null outside a build (no stored hash).
 * `root`: the project root (loaders run there). The loader's own NMF_PROFILE is part of the key: the stored
 * hash holds the profile of the last prebuild, and a loader run by hand at another profile (or a bad one, which
 * must fail) must not be served that build's tables.
 */
function folderOf(experiment: string, root: string): string | null {
  const cacheRoot = join(root, "src", ".observablehq", "cache");
  const hashFile = join(cacheRoot, ".code-hash");
  const profile = process.env.NMF_PROFILE || "default";
  if (!existsSync(hashFile) || !/^(quick|default|full)$/.test(profile)) return null;
  const hash = readFileSync(hashFile, "utf8").trim();
  return /^[0-9a-f]{64}$/.test(hash) ? join(cacheRoot, ".tables", hash.slice(0, 16), profile, experiment) : null;
}

/** The Arrow bytes of a table written by an earlier loader of this build, or null. */
export function readCachedTable(experiment: string, table: string, root = process.cwd()): Uint8Array | null {
  // Only names an experiment could have written (never a path).
  if (!/^[a-z][a-z0-9-]*$/.test(experiment) || !/^[a-zA-Z][a-zA-Z0-9]*$/.test(table)) return null;
  const folder = folderOf(experiment, root);
  const file = folder && join(folder, `${table}.arrow`);
  return file && existsSync(file) ? readFileSync(file) : null;
}

/** Stores every table of an experiment at once (a folder renamed into place, so a reader sees all or none). */
export function writeCachedTables(experiment: string, tables: Record<string, Uint8Array>, root = process.cwd()): void {
  const folder = folderOf(experiment, root);
  if (!folder || existsSync(folder)) return;
  const temp = `${folder}.${process.pid}.tmp`;
  rmSync(temp, {recursive: true, force: true});
  mkdirSync(temp, {recursive: true});
  for (const [table, bytes] of Object.entries(tables)) writeFileSync(join(temp, `${table}.arrow`), bytes);
  renameSync(temp, folder);
}
