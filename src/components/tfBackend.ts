/**
 * Choosing the tfjs backend in a page: webgl when the browser offers WebGL on a GPU, else wasm,
 * else cpu; webgpu only when asked for (the lab). Software WebGL (SwiftShader, llvmpipe) is skipped by the
 * automatic order: measured in headless Chromium on 2 cores, it runs the lab 5-8 times slower than wasm; asking for
 * `["webgl", ...]` explicitly still uses it. Pages pass the tfjs they import (`import * as tf from "./vendor/tf.js"`, the
 * bundle made by scripts/bundle.js) and show the returned name, since results and speed depend on it.
 *
 * The wasm binaries are site files: FileAttachment makes Framework copy them into dist/ and gives
 * their content-hashed URLs, which `setWasmPaths` needs before the wasm backend starts.
 */
import type * as Tf from "@tensorflow/tfjs";
import type {setWasmPaths} from "@tensorflow/tfjs-backend-wasm";
import {FileAttachment} from "observablehq:stdlib";
import {loadWebgpu} from "./webgpuBackend.js";

export type BackendName = "webgpu" | "webgl" | "wasm" | "cpu";
/** The automatic order; webgpu starts only when asked for (its bundle is loaded then, src/components/webgpuBackend.ts). */
export const backendNames: readonly BackendName[] = ["webgl", "wasm", "cpu"];
const knownBackends: readonly BackendName[] = ["webgpu", ...backendNames];

type TfWithWasm = typeof Tf & {setWasmPaths: typeof setWasmPaths};
/** The page's tfjs (src/vendor/tf.js). */
export type PageTf = TfWithWasm;

const wasmPathsSet = new WeakSet<object>();

const softwareRenderer = /swiftshader|llvmpipe|softpipe|software/i;

/** The WebGL2 renderer's name, or undefined when the browser has no WebGL2. */
export function webglRenderer(): string | undefined {
  const gl = document.createElement("canvas").getContext("webgl2");
  if (!gl) return undefined;
  const info = gl.getExtension("WEBGL_debug_renderer_info");
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension("WEBGL_lose_context")?.loseContext();
  return renderer;
}

/** True when WebGL2 runs on a GPU rather than in software. */
export function hasHardwareWebgl(): boolean {
  const renderer = webglRenderer();
  return renderer !== undefined && !softwareRenderer.test(renderer);
}

/**
 * Sets the first backend of `preferred` that starts and returns its name; throws if none does. Each one
 * passed over adds why to `skipped` ("webgpu: this browser offers no WebGPU adapter").
 * Without `preferred`, the automatic order: webgl (on a GPU only), wasm, cpu.
 */
export async function selectBackend(
  tf: TfWithWasm,
  preferred?: readonly BackendName[],
  skipped: string[] = []
): Promise<BackendName> {
  preferred ??= hasHardwareWebgl() ? backendNames : backendNames.filter((name) => name !== "webgl");
  for (const name of preferred) {
    if (!knownBackends.includes(name)) throw new RangeError(`invalid backend: ${JSON.stringify(name)}`);
  }
  if (!wasmPathsSet.has(tf)) {
    tf.setWasmPaths({
      "tfjs-backend-wasm.wasm": FileAttachment("../vendor/tfjs-backend-wasm.wasm").href,
      "tfjs-backend-wasm-simd.wasm": FileAttachment("../vendor/tfjs-backend-wasm-simd.wasm").href,
      "tfjs-backend-wasm-threaded-simd.wasm": FileAttachment("../vendor/tfjs-backend-wasm-threaded-simd.wasm").href
    });
    wasmPathsSet.add(tf);
  }
  for (const name of preferred) {
    const missing = name === "webgpu" ? await loadWebgpu() : undefined;
    if (missing) {
      skipped.push(`${name}: ${missing}`);
      continue;
    }
    // setBackend resolves false (and logs a warning) when the backend cannot start: try the next one.
    if (await tf.setBackend(name).catch(() => false)) {
      await tf.ready();
      return name;
    }
    skipped.push(`${name}: could not start here`);
  }
  throw new Error(`no tfjs backend could start (tried ${preferred.join(", ")})`);
}
