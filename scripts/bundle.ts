// The site's prebuild step (`npm run build` and `npm run dev` run it first).
//
// 1. Clears the cached loader outputs when the code the loaders run, or NMF_PROFILE, changed since the
//    last build (scripts/loaderCache.ts): Framework would otherwise serve stale results.
// 2. Bundles the browser-side code with esbuild into src/vendor/ (git-ignored): the engine, the lab's
//    tfjs models (lab/, without tfjs), tfjs and its WebGPU backend (loaded on demand). Pages and components import them as local modules
//    (`import * as engine from "./vendor/engine.js"`): Framework cannot import
//    TypeScript from outside the source root, and tfjs bundled by Framework breaks in the browser
//    (seeded random ops throw, the wasm backend keeps bare `fs` imports). See
//    docs/site.md, "Building without a network".
// 3. Copies the wasm binaries of @tensorflow/tfjs-backend-wasm into src/vendor/; pages reach them
//    through FileAttachment (src/components/tfBackend.ts), so Framework copies them into dist/.
import {copyFileSync, mkdirSync, readdirSync, renameSync, statSync, utimesSync} from "node:fs";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";
import * as esbuild from "esbuild";
import type {BuildOptions} from "esbuild";
import {invalidateLoaderCache} from "./loaderCache.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "src", "vendor");

/** Bundles into a temporary file and renames it, so that a running preview never sees half a file. */
async function bundle(options: BuildOptions, outfile: string): Promise<void> {
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
const cleared = invalidateLoaderCache(root, join(root, "src", ".observablehq", "cache"));
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

// tfjs's WebGPU backend, loaded by a page only when a run asks for it (src/components/tfBackend.ts): its imports of
// tfjs-core point to tf.js, so it registers the backend and its kernels in the page's one tfjs instance.
const webgpu = bundle(
  {
    stdin: {
      contents: `export * from "@tensorflow/tfjs-backend-webgpu";\n`,
      resolveDir: root,
      sourcefile: "tf-webgpu-entry.js",
      loader: "js"
    },
    plugins: [
      {
        name: "tfjs-core-from-tf-js",
        setup(build) {
          build.onResolve({filter: /^@tensorflow\/tfjs-core$/}, () => ({path: "./tf.js", external: true}));
        }
      }
    ],
    minify: true
  },
  join(vendor, "tf-webgpu.js")
);

// The lab's tfjs models (lab/index.ts) without tfjs: they take the page's tfjs as a parameter, so the
// page holds one tfjs instance, the one in tf.js. A value import of tfjs under lab/ fails the build.
const lab = bundle(
  {
    entryPoints: ["lab/index.ts"],
    plugins: [
      {
        name: "no-tfjs-in-lab",
        setup(build) {
          build.onResolve({filter: /^@tensorflow\//}, ({path, importer}) => ({
            errors: [{text: `${importer} imports ${path}: the lab takes tfjs as a parameter (import type only)`}]
          }));
        }
      }
    ]
  },
  join(vendor, "lab.js")
);

// The engine's fit in a Web Worker (a module worker), for pages that rerun a stored run (src/components/verifyRun.ts).
const fitWorker = bundle({entryPoints: ["lab/fitWorker.ts"]}, join(vendor, "fit-worker.js"));

await Promise.all([engine, tf, webgpu, lab, fitWorker]);

const wasmDir = join(root, "node_modules", "@tensorflow", "tfjs-backend-wasm", "dist");
for (const name of readdirSync(wasmDir).filter((name) => name.endsWith(".wasm"))) {
  // Keep the source's modification time: Framework embeds it in the pages that reference the file.
  copyFileSync(join(wasmDir, name), join(vendor, name));
  const {atime, mtime} = statSync(join(wasmDir, name));
  utimesSync(join(vendor, name), atime, mtime);
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `bundle: src/vendor/engine.js, lab.js, fit-worker.js, tf.js, tf-webgpu.js and the tfjs wasm binaries in ${seconds} s` +
    (cleared ? "; the loaders' code or NMF_PROFILE changed: cached loader outputs removed" : "")
);
