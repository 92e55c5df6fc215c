// The site's prebuild step (`npm run build` and `npm run dev` run it first).
//
// 1. Clears the loader cache when the code the loaders run has changed. Framework reuses a cached
//    loader output (src/.observablehq/cache/...) even when a module the loader imports changed, so
//    we key the cache on a hash of that code and of NMF_PROFILE, stored beside the outputs.
// 2. Bundles the browser-side code with esbuild into src/vendor/ (git-ignored), which pages import
//    as local modules (`import * as engine from "./vendor/engine.js"`): Framework cannot import
//    TypeScript from outside the source root, and tfjs bundled by Framework breaks in the browser
//    (seeded random ops throw, the wasm backend keeps bare `fs` imports). See
//    ../shared/notes/offline-build.md.
// 3. Copies the wasm binaries of @tensorflow/tfjs-backend-wasm into src/vendor/; pages reach them
//    through FileAttachment (see src/components/tfBackend.ts), so Framework copies them into dist/.
import {createHash} from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync
} from "node:fs";
import {dirname, join, sep} from "node:path";
import {fileURLToPath} from "node:url";
import * as esbuild from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "src", "vendor");
const cache = join(root, "src", ".observablehq", "cache");
const hashFile = join(cache, ".code-hash");

/** What the loaders depend on: their own code, the code they import, the lockfile. */
const loaderInputs = ["engine", "datasets", "experiments", "io", "src/data", "package-lock.json"];

/**
 * Framework's own caches (`_node`, `_npm`, `_observablehq`, ...: bundled packages, keyed by package
 * version) start with an underscore and are kept; loader outputs mirror source paths (`data/...`).
 */
const isFrameworkCache = (name) => name.startsWith("_");

/** Every file under `path` (a file or a folder), sorted, as paths relative to the repository root. */
function listFiles(path) {
  const absolute = join(root, path);
  if (!existsSync(absolute)) return [];
  if (!statSync(absolute).isDirectory()) return [path];
  const files = [];
  for (const name of readdirSync(absolute).sort()) {
    if (name.startsWith(".") || name === "node_modules") continue;
    files.push(...listFiles(join(path, name)));
  }
  return files;
}

/** SHA-256 of the loaders' inputs (paths and contents) and of the NMF_PROFILE environment variable. */
export function codeHash() {
  const hash = createHash("sha256");
  hash.update(`NMF_PROFILE=${process.env.NMF_PROFILE ?? ""}\0`);
  for (const path of loaderInputs) {
    for (const file of listFiles(path)) {
      hash.update(file.split(sep).join("/") + "\0");
      hash.update(readFileSync(join(root, file)));
      hash.update("\0");
    }
  }
  return hash.digest("hex");
}

/** Removes cached loader outputs when the hash differs from the last build's; returns whether it did. */
function invalidateLoaderCache() {
  const hash = codeHash();
  const previous = existsSync(hashFile) ? readFileSync(hashFile, "utf8").trim() : null;
  if (previous === hash) return false;
  mkdirSync(cache, {recursive: true});
  for (const entry of readdirSync(cache)) {
    if (isFrameworkCache(entry) || entry === ".code-hash") continue;
    rmSync(join(cache, entry), {recursive: true, force: true});
  }
  writeAtomic(hashFile, hash + "\n");
  return previous !== null;
}

function writeAtomic(path, contents) {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, path);
}

/** Bundles into a temporary file and renames it, so that a running preview never sees half a file. */
async function bundle(options, outfile) {
  const temp = `${outfile}.${process.pid}.tmp`;
  await esbuild.build({
    absWorkingDir: root,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "warning",
    legalComments: "none",
    outfile: temp,
    ...options
  });
  renameSync(temp, outfile);
}

const started = performance.now();
const cleared = invalidateLoaderCache();
mkdirSync(vendor, {recursive: true});

// The engine's browser-safe barrel; readable output, the engine is small.
const engine = bundle({entryPoints: ["engine/index.ts"]}, join(vendor, "engine.js"));

// tfjs with its cpu, webgl and wasm backends. The wasm backend's package.json maps fs, path, os,
// worker_threads and perf_hooks to `false` under its "browser" field, which esbuild honours with
// platform "browser" (empty modules); seedrandom is bundled as CommonJS with all its exports.
const tf = bundle(
  {
    stdin: {
      contents: `export * from "@tensorflow/tfjs";\nexport * from "@tensorflow/tfjs-backend-wasm";\n`,
      resolveDir: root,
      sourcefile: "tf-entry.js",
      loader: "js"
    },
    minify: true
  },
  join(vendor, "tf.js")
);

await Promise.all([engine, tf]);

const wasmDir = join(root, "node_modules", "@tensorflow", "tfjs-backend-wasm", "dist");
for (const name of readdirSync(wasmDir).filter((name) => name.endsWith(".wasm"))) {
  // Keep the source's modification time: Framework embeds it in the pages that reference the file.
  copyFileSync(join(wasmDir, name), join(vendor, name));
  const {atime, mtime} = statSync(join(wasmDir, name));
  utimesSync(join(vendor, name), atime, mtime);
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `bundle: src/vendor/engine.js, src/vendor/tf.js and the tfjs wasm binaries in ${seconds} s` +
    (cleared ? "; loader code changed, loader cache cleared" : "")
);
