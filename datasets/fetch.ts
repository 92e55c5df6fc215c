import {createHash, randomBytes} from "node:crypto";
import {accessSync, constants, createWriteStream, lstatSync, statSync} from "node:fs";
import {mkdir, readdir, rename, rm, stat} from "node:fs/promises";
import {dirname, join, resolve} from "node:path";
import {Readable, Transform} from "node:stream";
import {pipeline} from "node:stream/promises";
import type {ReadableStream as WebReadableStream} from "node:stream/web";
import {x as extractTar} from "tar";
import {InputError} from "../engine/index.js";
import {describeFsError} from "../io/fileOps.js";
import {datasetNames, isDirectory, looksComplete, type DatasetName} from "./locations.js";
import {remoteDatasets, type RemoteDataset, type RemoteFile} from "./sources.js";

export interface FetchProgress {
  file: string;
  /** Bytes received so far, and the total when the server or the table says it. */
  received: number;
  total?: number;
  phase: "download" | "verified" | "extract";
}

export interface FetchOptions {
  /** The data dir; the dataset lands in `<dir>/<name>` (e.g. data/flowers102). */
  dir: string;
  /** Fetch every file from `baseUrl + file name` instead of the official mirrors (also env NMF_FETCH_BASE_URL). */
  baseUrl?: string;
  /** Replace a dataset folder that is already there. */
  force?: boolean;
  onProgress?: (progress: FetchProgress) => void;
  signal?: AbortSignal;
  /** Another file list with its checksums (tests, private mirrors); default: the official table in sources.ts. */
  source?: RemoteDataset;
  /** Give up on a server that sends nothing for this long, in ms (default 60 s; also env NMF_FETCH_STALL_SECONDS). */
  stallMs?: number;
}

/** The most bytes accepted for a file whose size the table does not give. */
const unknownSizeCap = 2 ** 30;

export interface FetchResult {
  name: DatasetName;
  folder: string;
  /** False when the folder was already there and nothing was fetched. */
  fetched: boolean;
  files: {name: string; bytes: number; md5: string; url: string}[];
}

/** A download or verification failure: the message names the file or URL and what went wrong. */
export class FetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FetchError";
  }
}

/**
 * Download a dataset's official files, check each against its published md5, extract archives,
 * and move the finished folder into `<dir>/<name>` with one rename. Everything happens in a hidden
 * staging folder beside it (`<dir>/.<name>.partial-*`), removed on any failure, so `<dir>/<name>`
 * either does not exist or is complete: a half-written dataset is never left behind.
 */
export async function fetchDataset(name: string, options: FetchOptions): Promise<FetchResult> {
  if (!datasetNames.includes(name as DatasetName))
    throw new InputError("dataset", name, `can fetch ${datasetNames.join(", ")}`);
  const remote = options.source ?? remoteDatasets[name as DatasetName];
  const mirrors = mirrorsOf(remote, options.baseUrl);
  const folder = join(options.dir, name);
  checkDataDir(options.dir);
  const existing = existingDataset(name as DatasetName, folder, options.force === true);
  if (existing) return {name: name as DatasetName, folder, fetched: false, files: []};
  await mkdir(options.dir, {recursive: true}).catch((error) => {
    throw new InputError("dir", options.dir, `cannot create it: ${describeFsError(error)}`);
  });
  await removeStaleStaging(options.dir, name);
  const staging = join(options.dir, `.${name}.partial-${process.pid}-${randomBytes(4).toString("hex")}`);
  await mkdir(staging).catch((error) => {
    throw new InputError("dir", options.dir, `cannot write into it: ${describeFsError(error)}`);
  });
  try {
    const files: FetchResult["files"] = [];
    for (const file of remote.files) {
      const downloaded = await downloadFromMirrors(file, mirrors, staging, options);
      files.push(downloaded);
      if (file.extract) {
        options.onProgress?.({file: file.name, received: downloaded.bytes, phase: "extract"});
        const archive = join(staging, file.name);
        try {
          await extractTar({file: archive, cwd: staging, strict: true});
        } catch (error) {
          throw new FetchError(`cannot extract ${file.name}: ${oneLine(error)}`);
        }
        await rm(archive);
      }
    }
    if (name === "flowers102" && !isDirectory(join(staging, "jpg")))
      throw new FetchError("102flowers.tgz held no jpg/ folder");
    await install(staging, folder);
    return {name: name as DatasetName, folder, fetched: true, files};
  } catch (error) {
    await rm(staging, {recursive: true, force: true});
    throw error;
  }
}

/** Every file is fetched from `baseUrl + name` when a base URL is given (http or https only), else from the mirrors. */
function mirrorsOf(remote: RemoteDataset, baseUrl: string | undefined): string[] {
  const fromEnv = process.env.NMF_FETCH_BASE_URL || undefined;
  const [parameter, base] = baseUrl !== undefined ? ["base-url", baseUrl] : ["NMF_FETCH_BASE_URL", fromEnv];
  if (base === undefined) return remote.mirrors;
  let url: URL | undefined;
  try {
    url = new URL(base);
  } catch {
    // Reported below.
  }
  if (url?.protocol !== "http:" && url?.protocol !== "https:")
    throw new InputError(parameter, base, "must be an http:// or https:// URL");
  return [base.endsWith("/") ? base : base + "/"];
}

/** The data dir must be a folder (or be creatable as one) that can be written. */
function checkDataDir(dir: string): void {
  let at = resolve(dir);
  for (;;) {
    let info;
    try {
      info = statSync(at);
    } catch {
      if (dirname(at) === at) return;
      at = dirname(at);
      continue;
    }
    if (!info.isDirectory())
      throw new InputError(
        "dir",
        dir,
        at === resolve(dir) ? "is a file, not a folder" : `${at} is a file, not a folder`
      );
    try {
      accessSync(at, constants.W_OK);
    } catch (error) {
      throw new InputError("dir", dir, `folder ${at} is not writable: ${describeFsError(error)}`);
    }
    return;
  }
}

/**
 * True when the dataset is already in place (nothing to do). Without `force`, a file at its path or
 * a folder without the dataset's files is an error: it is not the dataset, and it is in the way.
 */
function existingDataset(name: DatasetName, folder: string, force: boolean): boolean {
  let info;
  try {
    info = lstatSync(folder);
  } catch {
    return false;
  }
  if (force) return false;
  if (!info.isDirectory())
    throw new InputError(
      "dir",
      dirname(folder),
      `${folder} is a file, not a dataset folder: remove it, or add --force to replace it`
    );
  if (!looksComplete(name, folder))
    throw new InputError(
      "dir",
      dirname(folder),
      `${folder} is there but holds no ${name === "flowers102" ? "jpg/ folder" : "train-images-idx3-ubyte[.gz]"}: remove it, or add --force to download again`
    );
  return true;
}

/** Moves the finished staging folder into place; an earlier folder (with --force) goes only once the new one is in. */
async function install(staging: string, folder: string): Promise<void> {
  const previous = `${staging}.previous`;
  const hadPrevious = await rename(folder, previous).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return false;
      throw error;
    }
  );
  try {
    await rename(staging, folder);
  } catch (error) {
    if (hadPrevious) await rename(previous, folder);
    throw error;
  }
  if (hadPrevious) await rm(previous, {recursive: true, force: true});
}

/** Staging folders of earlier fetches whose process is gone (killed mid-download) are deleted. */
async function removeStaleStaging(dir: string, name: string): Promise<void> {
  for (const entry of await readdir(dir)) {
    const match = new RegExp(`^\\.${name}\\.partial-(\\d+)-[0-9a-f]+(\\.previous)?$`).exec(entry);
    if (match && !processIsAlive(Number(match[1]))) await rm(join(dir, entry), {recursive: true, force: true});
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Try each mirror in turn; the error of the last one is thrown (a checksum mismatch is not retried). */
async function downloadFromMirrors(
  file: RemoteFile,
  mirrors: string[],
  staging: string,
  options: FetchOptions
): Promise<FetchResult["files"][number]> {
  let lastError: unknown;
  for (const mirror of mirrors) {
    const url = mirror + file.name;
    try {
      return await download(file, url, join(staging, file.name), options);
    } catch (error) {
      if (options.signal?.aborted || (error instanceof FetchError && error.message.includes("checksum"))) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

/** Stream one URL to a file while hashing it; check status, length, size and md5; give up on a stalled server. */
async function download(file: RemoteFile, url: string, path: string, options: FetchOptions) {
  const stallMs = options.stallMs ?? (Number(process.env.NMF_FETCH_STALL_SECONDS) * 1000 || 60_000);
  const stall = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const waitForData = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stall.abort(), stallMs);
  };
  const signal = options.signal ? AbortSignal.any([options.signal, stall.signal]) : stall.signal;
  const stalled = () => new FetchError(`no data from ${url} for ${stallMs / 1000} s: the server stopped answering`);
  waitForData();
  try {
    let response: Response;
    try {
      response = await fetch(url, {signal, redirect: "follow"});
    } catch (error) {
      if (stall.signal.aborted) throw stalled();
      throw new FetchError(`cannot reach ${url}: ${oneLine(error)}`);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => {});
      throw new FetchError(`server answered ${response.status} ${response.statusText} for ${url}`.trimEnd());
    }
    const announced = Number(response.headers.get("content-length") ?? NaN);
    const limit = file.size ?? unknownSizeCap;
    if (Number.isFinite(announced) && announced > limit) {
      await response.body.cancel().catch(() => {});
      throw new FetchError(`${url} announces ${announced} bytes, more than the ${limit} of ${file.name}`);
    }
    const total = Number.isFinite(announced) ? announced : file.size;
    const md5 = createHash("md5");
    let received = 0;
    let lastReport = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        waitForData();
        received += chunk.length;
        if (received > limit) return done(new FetchError(`${url} sent more than the ${limit} bytes of ${file.name}`));
        md5.update(chunk);
        if (options.onProgress && (received - lastReport > 1 << 20 || received === total)) {
          lastReport = received;
          options.onProgress({file: file.name, received, total, phase: "download"});
        }
        done(null, chunk);
      }
    });
    try {
      await pipeline(
        Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>),
        meter,
        createWriteStream(path)
      );
    } catch (error) {
      if (error instanceof FetchError) throw error;
      if (stall.signal.aborted) throw stalled();
      throw new FetchError(
        `transfer of ${url} broke off after ${received} bytes${Number.isFinite(announced) ? ` of ${announced}` : ""}: ${oneLine(error)}`
      );
    }
    if (Number.isFinite(announced) && received !== announced)
      throw new FetchError(`transfer of ${url} is truncated: ${received} bytes of ${announced}`);
    const digest = md5.digest("hex");
    if (digest !== file.md5)
      throw new FetchError(
        `checksum mismatch for ${file.name} from ${url}: md5 ${digest}, expected ${file.md5} (${received} bytes)`
      );
    const bytes = (await stat(path)).size;
    options.onProgress?.({file: file.name, received, total, phase: "verified"});
    return {name: file.name, bytes, md5: digest, url};
  } finally {
    clearTimeout(timer);
  }
}

function oneLine(error: unknown): string {
  const e = error as Error & {cause?: Error};
  const text = e instanceof Error ? e.message + (e.cause?.message ? ` (${e.cause.message})` : "") : String(error);
  return text.split("\n")[0];
}
