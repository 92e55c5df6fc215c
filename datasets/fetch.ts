import {createHash, randomBytes} from "node:crypto";
import {createWriteStream, existsSync} from "node:fs";
import {mkdir, readdir, rename, rm, stat} from "node:fs/promises";
import {join} from "node:path";
import {Readable, Transform} from "node:stream";
import {pipeline} from "node:stream/promises";
import type {ReadableStream as WebReadableStream} from "node:stream/web";
import {x as extractTar} from "tar";
import {InputError} from "../engine/errors.js";
import {datasetNames, isDirectory, type DatasetName} from "./locations.js";
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
}

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
  const folder = join(options.dir, name);
  if (existsSync(folder) && !options.force) return {name: name as DatasetName, folder, fetched: false, files: []};
  await mkdir(options.dir, {recursive: true});
  await removeStaleStaging(options.dir, name);
  const staging = join(options.dir, `.${name}.partial-${process.pid}-${randomBytes(4).toString("hex")}`);
  await mkdir(staging);
  const baseUrl = options.baseUrl ?? (process.env.NMF_FETCH_BASE_URL || undefined);
  const mirrors = baseUrl ? [baseUrl.endsWith("/") ? baseUrl : baseUrl + "/"] : remote.mirrors;
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
    if (options.force) await rm(folder, {recursive: true, force: true});
    await rename(staging, folder);
    return {name: name as DatasetName, folder, fetched: true, files};
  } catch (error) {
    await rm(staging, {recursive: true, force: true});
    throw error;
  }
}

/** Staging folders of earlier fetches whose process is gone (killed mid-download) are deleted. */
async function removeStaleStaging(dir: string, name: string): Promise<void> {
  for (const entry of await readdir(dir)) {
    const match = new RegExp(`^\\.${name}\\.partial-(\\d+)-[0-9a-f]+$`).exec(entry);
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

/** Stream one URL to a file while hashing it; check status, length and md5. */
async function download(file: RemoteFile, url: string, path: string, options: FetchOptions) {
  let response: Response;
  try {
    response = await fetch(url, {signal: options.signal, redirect: "follow"});
  } catch (error) {
    throw new FetchError(`cannot reach ${url}: ${oneLine(error)}`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => {});
    throw new FetchError(`server answered ${response.status} ${response.statusText} for ${url}`.trimEnd());
  }
  const announced = Number(response.headers.get("content-length") ?? NaN);
  const total = Number.isFinite(announced) ? announced : file.size;
  const md5 = createHash("md5");
  let received = 0;
  let lastReport = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      md5.update(chunk);
      received += chunk.length;
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
}

function oneLine(error: unknown): string {
  const e = error as Error & {cause?: Error};
  const text = e instanceof Error ? e.message + (e.cause?.message ? ` (${e.cause.message})` : "") : String(error);
  return text.split("\n")[0];
}
