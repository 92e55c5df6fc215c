// The lab's WebGPU backend in headless Chromium (src/components/webgpuBackend.ts, backendChoice.ts). This machine
// has no GPU: with `--enable-unsafe-webgpu` Chromium offers SwiftShader's fallback adapter (WebGPU on the CPU, about
// 0.6 s a step here, so the runs are short), on which an explicit webgpu run must complete and agree with the engine
// within float32 tolerance, while the
// automatic choice, seeing no hardware GPU, stays the engine without measuring; without the flag there is no
// adapter, and choosing webgpu must say so and fall back.
import type {Browser, Page} from "playwright-core";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {launchChromium} from "../helpers/browser.js";
import {serveDirectory, type StaticServer} from "../helpers/serve.js";
import {distRoot, ensureSiteBuilt, listFiles} from "../helpers/site.js";

const build = await ensureSiteBuilt();
if (build.exitCode !== 0) throw new Error(`npm run build failed; see test/output/site-build.log\n${build.tail}`);

let server: StaticServer;
let withWebgpu: Browser;
let withoutAdapter: Browser;

beforeAll(async () => {
  [server, withWebgpu, withoutAdapter] = await Promise.all([
    serveDirectory(distRoot),
    launchChromium({webgpu: true}),
    launchChromium()
  ]);
});

afterAll(async () => {
  await Promise.all([withWebgpu?.close(), withoutAdapter?.close(), server?.close()]);
});

/**
 * Opens the lab, sets the backend, runs the default configuration (MU, rank 10, on 500 digits) for `iterations`
 * steps and returns its result and what the page did.
 */
async function runLab(browser: Browser, backend: string, iterations = 20) {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  const page: Page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => void (message.type() === "error" && problems.push(message.text())));
  page.on("request", (request) => requests.push(new URL(request.url()).pathname));
  try {
    await page.goto(server.url + "lab.html");
    await page.waitForSelector("[data-testid=lab-run]", {timeout: 60_000});
    const adapter = await page.evaluate(async () => {
      const gpu = (navigator as unknown as {gpu?: {requestAdapter(): Promise<unknown>}}).gpu;
      return gpu ? (await gpu.requestAdapter()) !== null : false;
    });
    const loadedBefore = requests.filter((path) => path.includes("tf-webgpu"));
    await page.fill(".lab-panel >> nth=0 >> [data-testid=lab-iterations]", String(iterations));
    await page.selectOption(".lab-panel >> nth=0 >> [data-testid=lab-input-backend]", backend);
    await page.click(".lab-panel >> nth=0 >> [data-testid=lab-run]");
    const element = await page.waitForSelector('[data-testid=lab-result][data-run="1"]', {timeout: 120_000});
    const result: Record<string, string | undefined> = await element.evaluate((e) => ({
      ...(e as HTMLElement).dataset,
      text: e.textContent ?? ""
    }));
    return {adapter, result, problems, loadedBefore, loaded: requests.filter((path) => path.includes("tf-webgpu"))};
  } finally {
    await context.close();
  }
}

describe("the lab's WebGPU backend", () => {
  it("runs on SwiftShader's WebGPU adapter when asked, close to the engine (float32)", {timeout: 240_000}, async () => {
    const {adapter, result, problems, loadedBefore, loaded} = await runLab(withWebgpu, "webgpu");
    expect(adapter).toBe(true);
    expect(result).toMatchObject({
      backend: "webgpu",
      iterations: "20",
      stopReason: "iterations",
      backendWhy: "chosen"
    });
    // The engine's value at the same step, which the lab shows beside it (its precomputed curve of this configuration).
    expect(Number(result.engineRelativeError)).toBeGreaterThan(0);
    expect(Math.abs(Number(result.relativeError) / Number(result.engineRelativeError) - 1)).toBeLessThan(1e-3);
    expect(result.text).toContain("on tfjs webgpu");
    // The backend's bundle comes with the run, not with the page.
    expect(loadedBefore).toEqual([]);
    expect(loaded.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it(
    "stays on the engine without measuring when the only WebGPU adapter is a software one",
    {timeout: 120_000},
    async () => {
      const {adapter, result, problems, loaded} = await runLab(withWebgpu, "auto");
      expect(adapter).toBe(true);
      expect(result.backend).toMatch(/^engine/);
      expect(result.backendWhy).toMatch(
        /^auto: no hardware GPU \(WebGPU only on a software adapter \(.*swiftshader.*\)/
      );
      expect(loaded).toEqual([]);
      expect(problems).toEqual([]);
    }
  );

  it("says so and falls back when the browser offers no WebGPU adapter", {timeout: 120_000}, async () => {
    const {adapter, result, problems, loaded} = await runLab(withoutAdapter, "webgpu");
    expect(adapter).toBe(false);
    expect(["wasm", "cpu"]).toContain(result.backend);
    expect(result.backendWhy).toBe(`webgpu: this browser offers no WebGPU adapter, so ${result.backend}`);
    expect(result.text).toContain("this browser offers no WebGPU adapter");
    expect(loaded).toEqual([]);
    expect(problems).toEqual([]);
  });

  it(
    "measures a few steps on the engine and on WebGPU, as the automatic choice does on a GPU",
    {timeout: 240_000},
    async () => {
      const built = (folder: string, name: string) => {
        const file = listFiles(join(distRoot, folder)).find((path) =>
          new RegExp(`^${name}\\.[0-9a-f]{8}\\.js$`).test(path)
        );
        expect(file, `${folder}/${name}`).toBeDefined();
        return new URL(`${folder}/${file}`, server.url).href;
      };
      const urls = {
        choice: built("_import", "components/backendChoice"),
        tf: built("_import", "vendor/tf"),
        lab: built("_import", "vendor/lab"),
        worker: built("_file", "vendor/fit-worker")
      };
      const context = await withWebgpu.newContext();
      const page = await context.newPage();
      try {
        await page.goto(server.url + "lab.html");
        const measured = await page.evaluate(async (urls) => {
          // Dynamic imports that vitest's transform cannot rewrite (this function runs in the page).
          const load = (url: string) => new Function("url", "return import(url)")(url);
          const [{measureBackends, fastest}, tf, lab] = await Promise.all([
            load(urls.choice),
            load(urls.tf),
            load(urls.lab)
          ]);
          const X = lab.matrix(
            200,
            100,
            Float32Array.from({length: 200 * 100}, (_, i) => ((i * 7919) % 101) / 101)
          );
          const config = {model: "mu", ranks: [5], iterations: 300, seed: 112};
          const times = await measureBackends(tf, X, config, urls.worker, ["webgpu"]);
          return {times, choice: fastest(times)};
        }, urls);
        expect(measured.times.map((t: {name: string}) => t.name)).toEqual(["engine", "webgpu"]);
        for (const {ms} of measured.times) expect(ms).toBeGreaterThan(0);
        expect(measured.choice.why).toMatch(/^auto: (engine|webgpu) [0-9.]+ ms\/step vs (engine|webgpu) [0-9.]+$/);
        const best = measured.times.reduce((a: {ms: number}, b: {ms: number}) => (b.ms < a.ms ? b : a));
        expect(measured.choice.name).toBe(best.name);
      } finally {
        await context.close();
      }
    }
  );
});
