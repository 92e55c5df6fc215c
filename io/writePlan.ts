import {accessSync, constants, lstatSync, readdirSync, realpathSync, statSync} from "node:fs";
import {basename, dirname, extname, join, resolve, sep} from "node:path";
import {InputError} from "../engine/index.js";
import {commitFiles, recoverFolder, type CommitOptions, type FileToCommit} from "./commit.js";

/**
 * The outputs of a command, checked before any work and written all or nothing after it.
 *
 * `planWrites` resolves every destination (symbolic links and `..` included) and refuses, with an
 * InputError naming the flag and the path (exit code 2, nothing touched):
 * - a file output with the wrong extension for its format, a folder output named like a file;
 * - a missing parent folder (file outputs), a file where a folder is needed, a folder where a file
 *   goes (also inside a folder output), a folder that is not writable;
 * - two outputs that are the same file, or one inside another's folder;
 * - an output that is an input, holds an input or lies inside an input folder;
 * - a folder output holding files of its kind that this run would not replace (they would be left
 *   beside the new ones, e.g. W1.npy of a deep run next to a flat run's W.npy), unless `force`.
 * It also cleans every folder it will write into of what killed runs left (see io/commit.ts).
 * `plan.write` then stages and commits every file at once (io/commit.ts).
 */
export interface PlannedOutput {
  /** The flag, for messages: `--out`. */
  flag: string;
  /** The path as the user wrote it. */
  path: string;
  kind: "file" | "folder";
  /** File outputs: the extensions of the format, e.g. [".arrow"]. */
  extensions?: readonly string[];
  /** Folder outputs: the names written into it. */
  files?: readonly string[];
  /** Folder outputs: whether a name belongs to this kind of folder (then it must be one of `files`, or go). */
  owns?: (name: string) => boolean;
  /** What the folder holds, for the message about stale files: "factor files". */
  ownedWhat?: string;
}

/** A file or folder the command reads. */
export interface PlannedInput {
  flag: string;
  path: string;
}

export interface WritePlan {
  /** Every file the plan writes, in order, as the user would write its path. */
  readonly paths: readonly string[];
  /**
   * Writes the outputs all or nothing: `contents[flag]` is the bytes of a file output, or a record
   * name -> bytes holding exactly the planned names of a folder output. Files of a folder output
   * that `owns` claims and `files` does not list are removed with the write (only with `force`).
   */
  write(
    contents: Record<string, Uint8Array | string | Record<string, Uint8Array | string>>,
    options?: CommitOptions
  ): Promise<void>;
}

const fileLikeExtensions = new Set([".npy", ".csv", ".arrow", ".feather", ".json", ".txt", ".png", ".jpg"]);

export async function planWrites(
  outputs: readonly PlannedOutput[],
  inputs: readonly PlannedInput[],
  {force = false}: {force?: boolean} = {}
): Promise<WritePlan> {
  const resolved = outputs.map((output) => ({output, at: locate(output.path)}));
  for (let i = 0; i < resolved.length; ++i)
    for (let j = 0; j < resolved.length; ++j) {
      if (i === j) continue;
      const [a, b] = [resolved[i], resolved[j]];
      const fail = (reason: string) => new InputError(a.output.flag, a.output.path, reason);
      if (a.at.path === b.at.path && i < j) throw fail(`is also ${b.output.flag}: give each output its own path`);
      if (b.output.kind === "folder" && a.at.path !== b.at.path && within(a.at.path, b.at.path))
        throw fail(`is inside ${b.output.flag} ${b.output.path}, a folder written whole: put it elsewhere`);
    }
  const folders = new Set<string>();
  for (const {output, at} of resolved) {
    folders.add(existingAncestor(output.kind === "file" ? dirname(at.path) : at.path));
    if (output.kind === "folder") folders.add(existingAncestor(dirname(at.path)));
  }
  // What killed runs left goes first, so that the checks below see the files as they were.
  for (const folder of folders) await recoverFolder(folder);

  const stale = new Map<string, string[]>();
  for (const {output, at} of resolved) {
    const fail = (reason: string) => new InputError(output.flag, output.path, reason);
    if (output.kind === "file") checkFile(output, at, fail);
    else stale.set(output.flag, checkFolder(output, at, force, fail));
  }
  for (const input of inputs) {
    const inputPath = locate(input.path);
    const inputIds = [inputPath.path, inputPath.real].filter((p): p is string => p !== undefined);
    for (const {output, at} of resolved) {
      const fail = (reason: string) => new InputError(output.flag, output.path, reason);
      const outputIds = [at.path, at.real].filter((p): p is string => p !== undefined);
      const destinations = output.kind === "folder" ? (output.files ?? []).map((name) => join(at.path, name)) : [];
      for (const o of outputIds)
        for (const p of inputIds) {
          if (o === p) throw fail(`is the input ${input.flag} ${input.path}: it would be overwritten`);
          if (within(p, o)) throw fail(`holds the input ${input.flag} ${input.path}: write the output elsewhere`);
          if (within(o, p)) throw fail(`is inside the input ${input.flag} ${input.path}: write the output elsewhere`);
        }
      if (inputPath.ino !== undefined && [at, ...destinations.map(locate)].some((d) => sameFile(d, inputPath)))
        throw fail(`is the input ${input.flag} ${input.path} under another name: it would be overwritten`);
    }
  }

  const paths = outputs.flatMap((o) =>
    o.kind === "file" ? [o.path] : (o.files ?? []).map((name) => join(o.path, name))
  );
  return {
    paths,
    async write(contents, options) {
      const files: FileToCommit[] = [];
      const remove: {path: string; label: string}[] = [];
      for (const {output, at} of resolved) {
        const content = contents[output.flag];
        const label = `${output.flag} ${JSON.stringify(output.path)}`;
        if (output.kind === "file") {
          if (!(typeof content === "string" || content instanceof Uint8Array))
            throw new TypeError(`write plan: no bytes for ${output.flag}`);
          files.push({path: at.path, data: content, label});
          continue;
        }
        const named = content as Record<string, Uint8Array | string>;
        const names = Object.keys(named ?? {}).sort();
        if (names.join("/") !== [...(output.files ?? [])].sort().join("/"))
          throw new TypeError(
            `write plan: ${output.flag} expects ${output.files?.join(", ")}, got ${names.join(", ")}`
          );
        for (const name of output.files ?? [])
          files.push({path: join(at.path, name), data: named[name], label: `${label} (${name})`});
        for (const name of stale.get(output.flag) ?? [])
          remove.push({path: join(at.path, name), label: `${label} (${name})`});
      }
      await commitFiles({files, remove}, options);
    }
  };
}

interface Location {
  /** Absolute, with the folders' symbolic links resolved (the last component kept as it is). */
  path: string;
  /** The last component resolved too, when it exists. */
  real?: string;
  /** Identity of what is there, when something is. */
  dev?: number;
  ino?: number;
}

function locate(path: string): Location {
  const absolute = resolve(path);
  const parent = dirname(absolute);
  const located: Location = {path: absolute === parent ? absolute : join(realOrSelf(parent), basename(absolute))};
  try {
    const info = statSync(absolute);
    ((located.real = realpathSync(absolute)), (located.dev = info.dev), (located.ino = info.ino));
  } catch {
    // Nothing there yet.
  }
  return located;
}

/** The real path of the deepest existing ancestor, with the missing rest appended. */
function realOrSelf(path: string): string {
  const rest: string[] = [];
  for (let at = path; ; at = dirname(at)) {
    try {
      return join(realpathSync(at), ...rest.reverse());
    } catch {
      if (dirname(at) === at) return path;
      rest.push(basename(at));
    }
  }
}

function sameFile(a: Location, b: Location): boolean {
  return a.ino !== undefined && a.ino === b.ino && a.dev === b.dev;
}

function within(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

function existingAncestor(path: string): string {
  let at = path;
  while (!isDirectory(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

function checkFile(output: PlannedOutput, at: Location, fail: (reason: string) => Error): void {
  const extension = extname(at.path).toLowerCase();
  if (output.extensions && !output.extensions.includes(extension))
    throw fail(`must end in ${output.extensions.join(" or ")} (the file's format)`);
  const folder = dirname(at.path);
  checkAncestors(folder, fail);
  if (!isDirectory(folder)) throw fail(`folder ${dirname(resolve(output.path))} does not exist`);
  checkWritable(folder, fail);
  checkTarget(at.path, `${output.path}`, fail);
}

function checkFolder(output: PlannedOutput, at: Location, force: boolean, fail: (reason: string) => Error): string[] {
  if (fileLikeExtensions.has(extname(at.path).toLowerCase()))
    throw fail(`looks like a file name: ${output.flag} takes a folder (its files are ${output.files?.join(", ")})`);
  checkAncestors(at.path, fail);
  checkWritable(existingAncestor(at.path), fail);
  if (!isDirectory(at.path)) return [];
  for (const name of output.files ?? []) checkTarget(join(at.path, name), join(output.path, name), fail);
  const present = readdirSync(at.path).filter((name) => output.owns?.(name));
  const stale = present.filter((name) => !(output.files ?? []).includes(name)).sort();
  if (stale.length > 0 && !force)
    throw fail(
      `holds ${stale.join(", ")} beside the ${(output.files ?? []).join(", ")} this run writes (${output.ownedWhat ?? "files"} of another run, which would be left stale): remove them, choose another folder, or add --force to delete them with the write`
    );
  return stale;
}

/** The nearest existing ancestor of `path` must be a folder: `a/b/c` cannot be made when `a/b` is a file. */
function checkAncestors(path: string, fail: (reason: string) => Error): void {
  for (let at = path; ; at = dirname(at)) {
    let info;
    try {
      info = statSync(at);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOTDIR") continue;
      if (code !== "ENOENT") throw fail(`cannot look at ${at}: ${code}`);
      if (dirname(at) === at) return;
      continue;
    }
    if (!info.isDirectory()) throw fail(`${at} is a file, not a folder`);
    return;
  }
}

function checkWritable(folder: string, fail: (reason: string) => Error): void {
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw fail(`folder ${folder} is not writable`);
  }
}

/** What is at a destination must be a regular file (or nothing); a folder or a device is in the way. */
function checkTarget(path: string, shown: string, fail: (reason: string) => Error): void {
  let info;
  try {
    info = statSync(path);
  } catch {
    if (isSymlink(path)) throw fail(`${shown} is a broken symbolic link`);
    return;
  }
  if (info.isDirectory()) throw fail(`${shown} is a folder, in the way of the file`);
  if (!info.isFile()) throw fail(`${shown} is not a regular file`);
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
