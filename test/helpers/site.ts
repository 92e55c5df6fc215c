/**
 * The built site for tests: one `npm run build` per test run, shared by every test file.
 *
 * vitest.config.ts sets NMF_TEST_RUN once per `vitest` invocation; the first test file that needs
 * the site builds it and records the result in test/output/site-build.json, later files of the same
 * run reuse that record (files run one at a time). Run alone, a file builds the site itself.
 */
import {spawn} from "node:child_process";
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync} from "node:fs";
import {dirname, join, relative} from "node:path";
import {fileURLToPath} from "node:url";
import config from "../../observablehq.config.js";

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const distRoot = join(repositoryRoot, "dist");
export const sourceRoot = join(repositoryRoot, "src");
export const testOutput = join(repositoryRoot, "test", "output");
const recordPath = join(testOutput, "site-build.json");
const logPath = join(testOutput, "site-build.log");

export interface SiteBuild {
  runId: string;
  exitCode: number;
  seconds: number;
  profile: string;
  /** The last lines of the build's output, for failure messages; the whole log is in test/output/site-build.log. */
  tail: string;
}

/** Builds the site once per test run (NMF_PROFILE=quick unless set) and returns how it went. */
export async function ensureSiteBuilt(): Promise<SiteBuild> {
  const runId = process.env.NMF_TEST_RUN;
  if (runId && existsSync(recordPath)) {
    const record = JSON.parse(readFileSync(recordPath, "utf8")) as SiteBuild;
    if (record.runId === runId) return record;
  }
  const profile = process.env.NMF_PROFILE ?? "quick";
  const started = performance.now();
  const {exitCode, output} = await run("npm", ["run", "build"], {
    ...process.env,
    NMF_PROFILE: profile,
    ...flowersEnv()
  });
  const record: SiteBuild = {
    runId: runId ?? `standalone-${process.pid}`,
    exitCode,
    seconds: (performance.now() - started) / 1000,
    profile,
    tail: output.split("\n").slice(-40).join("\n")
  };
  mkdirSync(testOutput, {recursive: true});
  writeFileSync(logPath, output);
  writeFileSync(`${recordPath}.tmp`, JSON.stringify(record, null, 2));
  renameSync(`${recordPath}.tmp`, recordPath);
  return record;
}

/** The shared Flowers102 copy beside the repository, used by the flowers experiment when NMF_FLOWERS102_DIR is unset. */
export const sharedFlowersDir = join(repositoryRoot, "..", "shared", "data", "flowers102");

function flowersEnv(): NodeJS.ProcessEnv {
  if (process.env.NMF_FLOWERS102_DIR || !existsSync(sharedFlowersDir)) return {};
  return {NMF_FLOWERS102_DIR: sharedFlowersDir};
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{exitCode: number; output: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {cwd: repositoryRoot, env, stdio: ["ignore", "pipe", "pipe"]});
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({exitCode: code ?? (signal ? 128 : 1), output}));
  });
}

/** The pages of the config's sidebar, home first, as paths such as `/index` and `/solvers`. */
export function configPages(): string[] {
  return ["/index", ...(config.pages as {path: string}[]).map((page) => page.path)];
}

/** Every HTML page in dist/, as paths relative to dist/ (`index.html`, `solvers.html`, ...). */
export function builtPages(): string[] {
  return listFiles(distRoot).filter((path) => path.endsWith(".html") && !path.startsWith("_"));
}

/**
 * The data loaders under src/ (`data/digits.arrow.ts`) with the file each one generates
 * (`data/digits.arrow`). Modules with a single extension (shared loader code) are not loaders.
 */
export function loaders(): {loader: string; output: string}[] {
  const interpreters = Object.keys(config.interpreters).concat([
    ".js",
    ".py",
    ".sh",
    ".R",
    ".rs",
    ".go",
    ".java",
    ".jl"
  ]);
  return listFiles(sourceRoot)
    .filter((path) => !path.startsWith("vendor/") && !path.startsWith(".") && !path.endsWith(".d.ts"))
    .filter((path) => interpreters.some((ext) => path.endsWith(ext)) && /\.[^./]+\.[^./]+$/.test(path))
    .filter((path) => !/\.(md|d)\.[^.]+$/.test(path))
    .map((loader) => ({loader, output: loader.replace(/\.[^./]+$/, "")}));
}

/**
 * The content-hashed copy of a source-root file in dist/ (`_file/data/digits.2a81b9b2.arrow`), if any.
 * For the output of a parameterized loader (`data/[experiment]-[table].arrow`), any one file it made.
 */
export function builtFile(path: string): string | undefined {
  const folder = join(distRoot, "_file", dirname(path));
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  const stem = escape(name.slice(0, dot)).replace(/\\\[[A-Za-z_]\w*\\\]/g, ".+");
  const pattern = new RegExp(`^${stem}\\.[0-9a-f]{8}${escape(name.slice(dot))}$`);
  if (!existsSync(folder)) return undefined;
  const found = readdirSync(folder).find((file) => pattern.test(file));
  return found && relative(distRoot, join(folder, found));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function listFiles(root: string, folder = root): string[] {
  if (!existsSync(folder)) return [];
  const files: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) files.push(...listFiles(root, path));
    else files.push(relative(root, path).split("\\").join("/"));
  }
  return files;
}
