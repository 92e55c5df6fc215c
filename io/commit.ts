import {randomBytes} from "node:crypto";
import {lstatSync, readdirSync, readFileSync, statSync} from "node:fs";
import {basename, dirname, join, relative} from "node:path";
import {describeFsError, fsErrorHint, realFileOps, type FileOps} from "./fileOps.js";

/**
 * Writing several files all or nothing, and surviving failures, signals and kill -9.
 *
 * 1. Stage: every file is written and flushed under a temporary name in its own folder
 *    (`.NAME.nmf-PID-HEX.tmp`); a folder that does not exist yet is built whole under a temporary
 *    name beside it (`.DIR.nmf-PID-HEX.tmp/`).
 * 2. Journal: `.nmf-write-PID-HEX.journal` (in the first target's folder, with a `.pointer` to it in
 *    every other folder involved) lists what the commit will do.
 * 3. Commit: each existing target gets a second name (`.NAME.nmf-PID-HEX.bak`, a hard link), then
 *    the temporary is renamed over it; staged folders are renamed into place; files to remove are
 *    renamed to their backup name. Deleting the journal is the commit point; backups and pointers go
 *    after it.
 *
 * On an error or a signal (SIGINT, SIGTERM, SIGHUP) before the commit point, every step is undone:
 * backups are renamed back, new files and folders removed, temporaries deleted. After kill -9, the
 * next write into any of these folders finds the journal of a dead process and undoes it the same
 * way (`recoverFolder`), then removes every temporary and backup that dead processes left.
 */

/** One file to write: absolute path, bytes, and how to name it to the user (`--out "run.arrow"`). */
export interface FileToCommit {
  path: string;
  data: Uint8Array | string;
  label: string;
}

export interface CommitRequest {
  files: readonly FileToCommit[];
  /** Files to delete with the write (stale files of a folder written whole). */
  remove?: readonly {path: string; label: string}[];
}

export interface CommitOptions {
  ops?: FileOps;
  /** Undo and stop on SIGINT, SIGTERM and SIGHUP while writing (default true). */
  handleSignals?: boolean;
}

/** A write that failed; nothing was changed. The message names the user's path. */
export class WriteError extends Error {
  constructor(
    message: string,
    /** What the user can do about it. */
    readonly hint?: string
  ) {
    super(message);
    this.name = "WriteError";
  }
}

/** A signal stopped the write; nothing was changed. */
export class InterruptedError extends Error {
  constructor(
    readonly signal: NodeJS.Signals,
    /** True when the signal came during the last step: the files were complete and are kept. */
    readonly written = false
  ) {
    super(
      written
        ? `interrupted by ${signal} as the last file was written; the outputs are complete and kept`
        : `interrupted by ${signal} while writing; nothing was written, every earlier file is as it was`
    );
    this.name = "InterruptedError";
  }
}

type Entry =
  | {kind: "file"; target: string; temp: string; backup: string; existed: boolean; ino?: number; label: string}
  | {kind: "folder"; target: string; temp: string; ino?: number; label: string}
  | {kind: "remove"; target: string; backup: string; label: string};

interface Journal {
  pid: number;
  entries: Entry[];
  pointers: string[];
}

const debrisPattern = /^\.(.+)\.nmf-(\d+)-[0-9a-f]{8}\.(tmp|bak)$/;
const journalPattern = /^\.nmf-write-(\d+)-[0-9a-f]{8}\.(journal|pointer)$/;
/** Temporaries of the earlier single-file writer: `.NAME.PID.HEX.tmp`. */
const olderDebrisPattern = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Writes every file and removes every file of the request, all or nothing (see above). */
export async function commitFiles(request: CommitRequest, options: CommitOptions = {}): Promise<void> {
  if (request.files.length === 0 && !request.remove?.length) return;
  const ops = options.ops ?? realFileOps;
  const tag = `nmf-${process.pid}-${randomBytes(4).toString("hex")}`;
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => void (interrupted ??= signal);
  const signals: NodeJS.Signals[] = options.handleSignals === false ? [] : ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const signal of signals) process.on(signal, onSignal);
  // Every change goes through `run`, which stops at a signal and names the user's path on failure.
  const run = async <T>(label: string, action: () => Promise<T>): Promise<T> => {
    if (interrupted) throw new InterruptedError(interrupted);
    try {
      return await action();
    } catch (error) {
      if (error instanceof WriteError || error instanceof InterruptedError) throw error;
      throw new WriteError(`cannot write ${label}: ${describeFsError(error)}`, fsErrorHint(error));
    }
  };

  const entries: Entry[] = [];
  const written: string[] = [];
  try {
    await stage(request, tag, entries, ops, run);
    const journal = await writeJournal(entries, tag, ops, run, written);
    for (const entry of entries) await commitEntry(entry, ops, run);
    await run(entries[0]?.label ?? "the journal", () => ops.unlink(journal));
    written.length = 0;
  } catch (error) {
    const problems = await rollBack(entries, ops);
    for (const path of written) await ops.unlink(path).catch(() => {});
    for (const signal of signals) process.off(signal, onSignal);
    if (problems.length > 0 && error instanceof Error)
      error.message += `; could not undo everything: ${problems.join("; ")}`;
    else if (error instanceof WriteError)
      error.message += `; nothing was written, every earlier file is as it was${error.hint ? `: ${error.hint}` : ""}`;
    throw error;
  }
  for (const signal of signals) process.off(signal, onSignal);
  // After the commit point: the backups and pointers are leftovers, removed now or by the next write.
  for (const entry of entries) if (entry.kind !== "folder") await ops.unlink(entry.backup).catch(() => {});
  for (const folder of journalFolders(entries).slice(1))
    await ops.unlink(join(folder, `.nmf-write-${tag.slice(4)}.pointer`)).catch(() => {});
  if (interrupted) throw new InterruptedError(interrupted, true);
}

type Runner = <T>(label: string, action: () => Promise<T>) => Promise<T>;

async function stage(request: CommitRequest, tag: string, entries: Entry[], ops: FileOps, run: Runner) {
  const staged = new Map<string, Entry & {kind: "folder"}>();
  for (const file of request.files) {
    const folder = dirname(file.path);
    if (isFolder(folder)) {
      const temp = join(folder, `.${basename(file.path)}.${tag}.tmp`);
      const entry: Entry = {
        kind: "file",
        target: file.path,
        temp,
        backup: join(folder, `.${basename(file.path)}.${tag}.bak`),
        existed: exists(file.path) && !isFolder(file.path),
        label: file.label
      };
      entries.push(entry);
      entry.ino = await run(file.label, () => ops.writeNew(temp, file.data));
      continue;
    }
    // The folder is missing: build its topmost missing ancestor under a temporary name beside it.
    let anchor = folder;
    while (!exists(dirname(anchor))) anchor = dirname(anchor);
    let entry = staged.get(anchor);
    if (!entry) {
      entry = {
        kind: "folder",
        target: anchor,
        temp: join(dirname(anchor), `.${basename(anchor)}.${tag}.tmp`),
        label: file.label
      };
      staged.set(anchor, entry);
      entries.push(entry);
      const temp = entry.temp;
      entry.ino = await run(file.label, () => ops.mkdir(temp));
    }
    const inside = join(entry.temp, relative(anchor, folder));
    const parts = relative(entry.temp, inside).split(/[\\/]/).filter(Boolean);
    for (let i = 1, at = entry.temp; i <= parts.length; ++i) {
      at = join(at, parts[i - 1]);
      if (!exists(at)) await run(file.label, () => ops.mkdir(at));
    }
    await run(file.label, () => ops.writeNew(join(inside, basename(file.path)), file.data));
  }
  for (const {path, label} of request.remove ?? [])
    entries.push({kind: "remove", target: path, backup: join(dirname(path), `.${basename(path)}.${tag}.bak`), label});
}

/** The folders the commit changes, the journal's first. */
function journalFolders(entries: readonly Entry[]): string[] {
  return [...new Set(entries.map((e) => dirname(e.target)))];
}

async function writeJournal(entries: Entry[], tag: string, ops: FileOps, run: Runner, written: string[]) {
  const [first, ...others] = journalFolders(entries);
  const name = `.nmf-write-${tag.slice(4)}`;
  const journal = join(first, `${name}.journal`);
  const pointers = others.map((folder) => join(folder, `${name}.pointer`));
  const content: Journal = {pid: process.pid, entries, pointers};
  await run(entries[0].label, () => ops.writeNew(journal, JSON.stringify(content)));
  written.push(journal);
  for (const pointer of pointers) {
    await run(entries[0].label, () => ops.writeNew(pointer, journal));
    written.push(pointer);
  }
  return journal;
}

async function commitEntry(entry: Entry, ops: FileOps, run: Runner): Promise<void> {
  if (entry.kind === "file") {
    if (entry.existed) await run(entry.label, () => ops.link(entry.target, entry.backup));
    await run(entry.label, () => ops.rename(entry.temp, entry.target));
  } else if (entry.kind === "folder") {
    await run(entry.label, () => ops.rename(entry.temp, entry.target));
  } else if (exists(entry.target)) {
    await run(entry.label, () => ops.rename(entry.target, entry.backup));
  }
}

/**
 * Undoes the entries from what is on disk, last first: a backup goes back to its name, a file or
 * folder that the write created is removed (recognized by its inode), temporaries are deleted.
 * Returns what could not be undone.
 */
async function rollBack(entries: readonly Entry[], ops: FileOps): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (what: string, action: () => Promise<void>) =>
    action().catch((error) => void problems.push(`${what}: ${describeFsError(error)}`));
  for (const entry of [...entries].reverse()) {
    if (entry.kind === "file") {
      // rename() between two names of one file does nothing (POSIX): then the backup name just goes.
      if (exists(entry.backup) && inode(entry.backup) === inode(entry.target))
        await attempt(`remove ${entry.backup}`, () => ops.unlink(entry.backup));
      else if (exists(entry.backup))
        await attempt(`restore ${entry.target}`, () => ops.rename(entry.backup, entry.target));
      else if (!entry.existed && entry.ino !== undefined && !exists(entry.temp) && inode(entry.target) === entry.ino)
        await attempt(`remove ${entry.target}`, () => ops.unlink(entry.target));
      if (exists(entry.temp)) await attempt(`remove ${entry.temp}`, () => ops.unlink(entry.temp));
    } else if (entry.kind === "folder") {
      if (exists(entry.temp)) await attempt(`remove ${entry.temp}`, () => ops.removeTree(entry.temp));
      else if (entry.ino !== undefined && inode(entry.target) === entry.ino)
        await attempt(`remove ${entry.target}`, () => ops.removeTree(entry.target));
    } else if (exists(entry.backup)) {
      await attempt(`restore ${entry.target}`, () => ops.rename(entry.backup, entry.target));
    }
  }
  return problems;
}

/**
 * Cleans a folder before writing into it: undoes the unfinished writes of processes that are gone
 * (their journals), then deletes the temporaries and backups they left. Returns the names removed.
 */
export async function recoverFolder(folder: string, ops: FileOps = realFileOps): Promise<string[]> {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = journalPattern.exec(name);
    if (!match || processIsAlive(Number(match[1]))) continue;
    const path = join(folder, name);
    const journalPath = match[2] === "journal" ? path : readText(path);
    const journal = journalPath ? readJournal(journalPath) : undefined;
    if (journal) {
      await rollBack(journal.entries, ops);
      for (const pointer of journal.pointers) await ops.unlink(pointer).catch(() => {});
    }
    if (journalPath && exists(journalPath)) await ops.unlink(journalPath).catch(() => {});
    if (exists(path)) await ops.unlink(path).catch(() => {});
    removed.push(name);
  }
  for (const name of readdirSync(folder)) {
    const match = debrisPattern.exec(name) ?? olderDebrisPattern.exec(name);
    const pid = match && Number(match[2] ?? match[1]);
    if (!match || processIsAlive(pid!)) continue;
    await ops.removeTree(join(folder, name));
    removed.push(name);
  }
  return removed;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** A journal torn by a kill while it was written means no commit step ran: nothing to undo. */
function readJournal(path: string): Journal | undefined {
  const text = readText(path);
  try {
    const journal = text === undefined ? undefined : (JSON.parse(text) as Journal);
    return Array.isArray(journal?.entries) && Array.isArray(journal?.pointers) ? journal : undefined;
  } catch {
    return undefined;
  }
}

export function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function inode(path: string): number | undefined {
  try {
    return lstatSync(path).ino;
  } catch {
    return undefined;
  }
}
