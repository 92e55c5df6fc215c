/**
 * tfjs's WebGPU backend (@tensorflow/tfjs-backend-webgpu, bundled by scripts/bundle.ts into src/vendor/tf-webgpu.js
 * against the page's tf.js), loaded only when a run asks for it. Whether the browser offers WebGPU is asked first:
 * `navigator.gpu` exists in Chromium even where `requestAdapter()` finds no adapter (headless without
 * `--enable-unsafe-webgpu`), and a fallback adapter (SwiftShader, on the CPU) is not a GPU.
 */

/** What `navigator.gpu.requestAdapter()` gave: no adapter (and why), or the adapter's name and whether it is a GPU. */
export type WebgpuAdapter = {found: false; why: string} | {found: true; name: string; hardware: boolean};

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: {vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean};
}

const softwareAdapter = /swiftshader|llvmpipe|softpipe|software/i;

let adapter: Promise<WebgpuAdapter> | undefined;

/** The browser's WebGPU adapter, asked once per page. */
export function webgpuAdapter(): Promise<WebgpuAdapter> {
  adapter ??= findAdapter();
  return adapter;
}

async function findAdapter(): Promise<WebgpuAdapter> {
  const gpu = (navigator as {gpu?: {requestAdapter(): Promise<GpuAdapterLike | null>}}).gpu;
  if (!gpu) return {found: false, why: "this browser has no WebGPU (no navigator.gpu)"};
  const found = await gpu.requestAdapter().catch(() => null);
  if (!found) return {found: false, why: "this browser offers no WebGPU adapter"};
  const info = found.info ?? {};
  const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(" ") || "unnamed adapter";
  const fallback = found.isFallbackAdapter ?? info.isFallbackAdapter ?? false;
  return {found: true, name, hardware: !fallback && !softwareAdapter.test(name)};
}

/** Registers the WebGPU backend in the page's tfjs (once); resolves to why it cannot start, or undefined. */
export async function loadWebgpu(): Promise<string | undefined> {
  const found = await webgpuAdapter();
  if (!found.found) return found.why;
  // @ts-expect-error The bundle (scripts/bundle.ts) has no declarations; importing it registers the backend.
  await import("../vendor/tf-webgpu.js");
  return undefined;
}
