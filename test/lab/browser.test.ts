// The lab page in headless Chromium: inputs, live curves, the engine's value, no tensor growth over
// 20 runs, the timing target on the wasm backend, refused inputs, stop and restart, and the compact panel.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import * as Arrow from "apache-arrow";
import type {Page} from "playwright-core";
import {describe, expect, it} from "vitest";
import {launchChromium} from "../helpers/browser.js";
import {servedSite} from "../helpers/servedSite.js";
import {describeRealData, realDataDir} from "../helpers/realData.js";
import {builtFile, distRoot, listFiles} from "../helpers/site.js";

const site = await servedSite();

/** The engine's recorded relative errors of a precomputed configuration, from the built reference file. */
function engineRun(id: string): {relativeError: number[]; effectiveRank: number[]} {
  const path = builtFile("data/lab-presets-curves.arrow");
  expect(path, "the lab's reference file in dist/").toBeDefined();
  const table = Arrow.tableFromIPC(readFileSync(join(distRoot, path!)));
  const ids = table.getChild("preset")!.toArray() as string[];
  const relativeError = table.getChild("relativeError")!.toArray() as Float64Array;
  const effectiveRank = table.getChild("effectiveRank")!.toArray() as Float64Array;
  const rows = ids.flatMap((value, i) => (value === id ? [i] : []));
  return {relativeError: rows.map((i) => relativeError[i]), effectiveRank: rows.map((i) => effectiveRank[i])};
}

interface Result {
  relativeError: number;
  effectiveRank: number;
  iterations: number;
  backend: string;
  backendWhy: string;
  ms: number;
  trainMs: number;
  stopReason: string;
  run: number;
  tensors: number;
  tensorsBefore: number;
  text: string;
}

/** Opens the lab page with problems recorded; waits for the panel. */
async function openLab(target = site.browser): Promise<{page: Page; problems: string[]; close: () => Promise<void>}> {
  const context = await target.newContext({viewport: {width: 1280, height: 900}});
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  await page.goto(site.server.url + "lab.html");
  await page.waitForSelector("[data-testid=lab-run]", {timeout: 60_000});
  // Long tasks from here on (the page's load is not the lab's doing).
  await page.evaluate(() => {
    const tasks: number[] = ((window as unknown as {longTasks: number[]}).longTasks = []);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(Math.round(entry.duration));
    }).observe({type: "longtask"});
  });
  return {page, problems, close: () => context.close()};
}

/** Clicks Run and waits for the result of that run (the n-th of the page). */
async function run(page: Page, n: number, timeout = 60_000): Promise<Result> {
  await page.click(".lab-panel >> nth=0 >> [data-testid=lab-run]");
  return result(page, n, timeout);
}

async function result(page: Page, n: number, timeout = 60_000): Promise<Result> {
  const element = await page.waitForSelector(`[data-testid=lab-result][data-run="${n}"]`, {timeout});
  return element.evaluate((e) => {
    const d = (e as HTMLElement).dataset;
    return {
      relativeError: Number(d.relativeError),
      effectiveRank: Number(d.effectiveRank),
      iterations: Number(d.iterations),
      backend: d.backend!,
      backendWhy: d.backendWhy!,
      ms: Number(d.ms),
      trainMs: Number(d.trainMs),
      stopReason: d.stopReason!,
      run: Number(d.run),
      tensors: Number(d.tensors),
      tensorsBefore: Number(d.tensorsBefore),
      text: e.textContent ?? ""
    };
  });
}

const longTasks = (page: Page) => page.evaluate(() => (window as unknown as {longTasks: number[]}).longTasks.splice(0));

/** The test id of an input (src/components/labForm.ts): `lab-seed` and `lab-iterations`, else `lab-input-NAME`. */
const inputId = (name: string) => (name === "seed" || name === "iterations" ? `lab-${name}` : `lab-input-${name}`);

/** Sets one input of the (first) panel the way a reader does. */
async function set(page: Page, name: string, value: string): Promise<void> {
  const selector = `.lab-panel >> nth=0 >> [data-testid=${inputId(name)}]`;
  const tag = await page.$eval(selector, (e) => e.tagName);
  if (tag === "SELECT") await page.selectOption(selector, value);
  else await page.fill(selector, value);
}

describe("the lab in headless Chromium", () => {
  it(
    "runs the default configuration on wasm: live curves, the engine's value, the timing target, short tasks",
    {timeout: 180_000},
    async () => {
      const {page, problems, close} = await openLab();
      try {
        await set(page, "backend", "wasm");
        // Count the error chart's redraws and the points of its live line while the run goes.
        await page.evaluate(() => {
          const w = window as unknown as {redraws: number[]};
          w.redraws = [];
          new MutationObserver(() => {
            const lines = document.querySelectorAll(".lab-error svg g[aria-label=line] path");
            const live = lines[lines.length - 1]?.getAttribute("d") ?? "";
            w.redraws.push(live.split(/[ML]/).length - 1);
          }).observe(document.querySelector(".lab-error")!, {childList: true});
        });
        const first = await run(page, 1);
        const redraws = await page.evaluate(() => (window as unknown as {redraws: number[]}).redraws);
        expect(first).toMatchObject({backend: "wasm", iterations: 300, stopReason: "iterations"});
        // Several redraws during the run, each with more points than the one before.
        expect(redraws.length).toBeGreaterThanOrEqual(3);
        expect(redraws.slice(0, -1).some((points) => points > 1 && points < 301)).toBe(true);
        expect(redraws[redraws.length - 1]).toBe(301);
        // The engine's run of the same configuration (float64), from the built reference file.
        const engine = engineRun("mu");
        expect(engine.relativeError).toHaveLength(301);
        expect(Math.abs(first.relativeError / engine.relativeError[300] - 1)).toBeLessThan(1e-4);
        expect(Math.abs(first.effectiveRank - engine.effectiveRank[300])).toBeLessThan(1e-3);
        expect(first.text).toContain("The engine (float64) at the same step: ");
        expect(await page.textContent(".lab-legend")).toContain("precomputed run of the same configuration");
        await longTasks(page); // the first run starts the wasm backend
        // The timing target (300 MU iterations on 500 x 784, rank 10, live updates, under 2 s) and short
        // tasks. Both are wall-clock times: on a machine shared with other jobs a burst of load stretches
        // them, so up to three rounds of three runs are measured and the best round counts.
        const rounds: {ms: number[]; tasks: number[]}[] = [];
        let n = 1;
        for (let round = 0; round < 3; ++round) {
          const timed: Result[] = [];
          for (let k = 0; k < 3; ++k) timed.push(await run(page, ++n));
          for (const r of timed) expect(r.relativeError).toBe(first.relativeError);
          const ms = timed.map((r) => r.ms).sort((a, b) => a - b);
          rounds.push({ms, tasks: await longTasks(page)});
          console.log(
            `lab, default configuration on wasm: first run ${first.ms} ms; round ${round + 1}: ${ms.join(", ")} ms, ` +
              `long tasks (> 50 ms) ${rounds[round].tasks.join(", ") || "none"}`
          );
          if (ms[1] < 2000 && Math.max(0, ...rounds[round].tasks) <= 100) break;
        }
        const best = rounds.reduce((a, b) => (Math.max(0, ...b.tasks) < Math.max(0, ...a.tasks) ? b : a));
        expect(Math.min(...rounds.map((r) => r.ms[1])), "median of three runs, best round").toBeLessThan(2000);
        expect(Math.max(0, ...best.tasks), "no task over 100 ms in the best round").toBeLessThanOrEqual(100);
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    }
  );

  it("runs 20 times in a row, every model, without tensor growth", {timeout: 300_000}, async () => {
    const {page, problems, close} = await openLab();
    try {
      await set(page, "backend", "wasm");
      await set(page, "iterations", "30");
      await set(page, "rows", "200");
      const models: [string, string][] = [
        ["mu", "10"],
        ["hals", "10"],
        ["adam", "10"],
        ["gd", "10"],
        ["deep", "12, 6"],
        ["deep", "12, 8, 4"]
      ];
      const results: Result[] = [];
      for (let n = 1; n <= 20; ++n) {
        const [model, ranks] = models[n % models.length];
        await set(page, "model", model);
        await set(page, "ranks", ranks);
        if (model === "gd") await set(page, "lr", "0.001");
        if (model === "deep") await set(page, "loss", n % 2 === 0 ? "layerwise" : "global");
        results.push(await run(page, n));
      }
      const baseline = results[0].tensorsBefore;
      expect(results.map((r) => r.tensors)).toEqual(results.map(() => baseline));
      expect(results.map((r) => r.tensorsBefore)).toEqual(results.map(() => baseline));
      expect(results.every((r) => r.iterations === 30 && r.stopReason === "iterations")).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it(
    "runs on the automatic backend (the faster of tfjs and the engine on a GPU, else the engine) without tensor growth",
    {timeout: 180_000},
    async () => {
      const {page, problems, close} = await openLab();
      try {
        // The automatic choice counts software WebGL (SwiftShader here) as no GPU, as src/components/backendChoice.ts says.
        const webgl = await page.evaluate(() => {
          const gl = document.createElement("canvas").getContext("webgl2");
          if (!gl) return false;
          const info = gl.getExtension("WEBGL_debug_renderer_info");
          const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
          return !/swiftshader|llvmpipe|softpipe|software/i.test(renderer);
        });
        await set(page, "model", "deep");
        await set(page, "ranks", "12, 6");
        await set(page, "loss", "layerwise");
        await set(page, "iterations", "20");
        const results: Result[] = [];
        for (let n = 1; n <= 3; ++n) results.push(await run(page, n));
        // On a GPU, the faster per step of the GPU backends and the engine, measured; else the engine, unmeasured.
        if (webgl) expect(results[0].backendWhy).toMatch(/^auto: \S+ [0-9.]+ ms\/step vs /);
        else {
          expect(results[0].backend).toMatch(/^engine \(WebAssembly, float64\)$/);
          expect(results[0].backendWhy).toMatch(/^auto: no hardware GPU \(/);
        }
        expect(results.map((r) => r.tensors)).toEqual(results.map(() => results[0].tensorsBefore));
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    }
  );

  it(
    "runs a precomputed configuration on the engine and gets the stored numbers exactly",
    {timeout: 120_000},
    async () => {
      const {page, problems, close} = await openLab();
      try {
        await set(page, "backend", "engine");
        const r = await run(page, 1);
        const engine = engineRun("mu");
        expect(r).toMatchObject({iterations: 300, stopReason: "iterations", backend: "engine (WebAssembly, float64)"});
        // The build's engine and the browser's, same data and seed: identical floats, not merely close ones.
        expect(r.relativeError).toBe(engine.relativeError[300]);
        expect(r.effectiveRank).toBe(engine.effectiveRank[300]);
        expect(r.text).toContain("on engine (WebAssembly, float64)");
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    }
  );

  it("still runs tfjs on WebGL when asked (software WebGL here), close to the engine", {timeout: 120_000}, async () => {
    const {page, problems, close} = await openLab();
    try {
      await set(page, "backend", "webgl");
      const r = await run(page, 1);
      expect(r).toMatchObject({backend: "webgl", iterations: 300, stopReason: "iterations"});
      expect(Math.abs(r.relativeError / engineRun("mu").relativeError[300] - 1)).toBeLessThan(1e-3);
      expect(r.text).toContain("on tfjs webgl");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it(
    "runs the study's headline configuration at full scale on the engine in under two minutes",
    {timeout: 240_000},
    async () => {
      const {page, problems, close} = await openLab();
      try {
        const settings: [string, string][] = [
          ["backend", "engine"],
          ["data", "mnist-exact"],
          ["rows", "2000"],
          ["model", "deep"],
          ["ranks", "20, 10"],
          ["loss", "global"],
          ["optimizer", "adam"],
          ["lr", "0.01"],
          ["init", "random"],
          ["initScale", "1"],
          ["seed", "112"],
          ["iterations", "20000"]
        ];
        for (const [name, value] of settings) await set(page, name, value);
        const r = await run(page, 1, 200_000);
        console.log(`lab, the headline at full scale (2,000 digits, 20,000 epochs) on the engine: ${r.ms} ms`);
        expect(r).toMatchObject({
          iterations: 20000,
          stopReason: "iterations",
          backend: "engine (WebAssembly, float64)"
        });
        expect(r.ms).toBeLessThan(120_000);
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    }
  );

  it("keeps the page responsive during a long engine run, and Stop stops it", {timeout: 120_000}, async () => {
    const {page, problems, close} = await openLab();
    try {
      await set(page, "backend", "engine");
      await set(page, "model", "deep");
      await set(page, "ranks", "20, 10");
      await set(page, "iterations", "20000");
      await page.click(".lab-panel >> nth=0 >> [data-testid=lab-run]");
      await page.waitForFunction(() => /Step [1-9]/.test(document.querySelector(".lab-panel")?.textContent ?? ""));
      // The main thread answers at once while the worker computes.
      const latency = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const start = performance.now();
            setTimeout(() => resolve(performance.now() - start), 0);
          })
      );
      expect(latency).toBeLessThan(100);
      await page.click(".lab-panel >> nth=0 >> [data-testid=lab-stop]");
      const r = await result(page, 1, 30_000);
      expect(r.stopReason).toBe("aborted");
      expect(r.iterations).toBeGreaterThan(0);
      expect(r.iterations).toBeLessThan(20000);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("offers Flowers102 exactly when the site was built where it is found", async () => {
    const {page, close} = await openLab();
    try {
      const sources = await page.$$eval("[data-testid=lab-input-data] option", (options) =>
        options.map((o) => (o as HTMLOptionElement).value)
      );
      expect(sources).toEqual(
        realDataDir("Flowers102") === undefined ? ["mnist", "mnist-exact"] : ["mnist", "mnist-exact", "flowers"]
      );
    } finally {
      await close();
    }
  });

  describeRealData("Flowers102", "the lab", () => {
    it("trains on Flowers102", {timeout: 120_000}, async () => {
      const {page, problems, close} = await openLab();
      try {
        await set(page, "backend", "wasm");
        await set(page, "data", "flowers");
        // The number of images follows the source's range (500 digits, 100 flowers).
        expect(await page.inputValue("[data-testid=lab-input-rows]")).toBe("100");
        await set(page, "iterations", "50");
        const r = await run(page, 1);
        expect(r).toMatchObject({iterations: 50, stopReason: "iterations"});
        expect(r.relativeError).toBeLessThan(1);
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    });
  });

  it("refuses out-of-range inputs with a message and does not run", async () => {
    const {page, problems, close} = await openLab();
    try {
      const cases: [string, string, RegExp][] = [
        ["iterations", "0", /invalid iterations: 0 \(must be an integer from 1 to 20000\)/],
        ["iterations", "50000", /invalid iterations: 50000/],
        ["rows", "5000", /invalid images: 5000 \(must be an integer from 100 to 1000\)/],
        ["ranks", "ten", /invalid ranks: "ten"/],
        ["ranks", "0", /invalid rank: 0/],
        ["initScale", "100", /invalid initScale: 100/]
      ];
      for (const [name, value, message] of cases) {
        await set(page, name, value);
        expect(await page.textContent("[data-testid=lab-message]")).toMatch(message);
        await page.click("[data-testid=lab-run]");
        expect(await page.textContent("[data-testid=lab-status]")).toContain("Not run");
        expect(await page.$("[data-testid=lab-result]")).toBeNull();
        await page.reload();
        await page.waitForSelector("[data-testid=lab-run]");
      }
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it(
    "stops on Stop and when an input changes; Reset clears; the next run starts afresh",
    {timeout: 120_000},
    async () => {
      const {page, problems, close} = await openLab();
      try {
        await set(page, "backend", "wasm");
        await set(page, "iterations", "20000");
        await page.click("[data-testid=lab-run]");
        await page.waitForFunction(() =>
          /Step [1-9]/.test(document.querySelector("[data-testid=lab-status]")!.textContent!)
        );
        await page.click("[data-testid=lab-stop]");
        const stopped = await result(page, 1);
        expect(stopped.stopReason).toBe("aborted");
        expect(stopped.iterations).toBeGreaterThan(0);
        expect(stopped.iterations).toBeLessThan(20_000);
        expect(stopped.tensors).toBe(stopped.tensorsBefore);

        await page.click("[data-testid=lab-run]");
        await page.waitForFunction(() =>
          /Step [1-9]/.test(document.querySelector("[data-testid=lab-status]")!.textContent!)
        );
        await set(page, "seed", "3");
        const changed = await result(page, 2);
        expect(changed.stopReason).toBe("aborted");
        expect(changed.text).toContain("an input changed");

        await page.click("[data-testid=lab-reset]");
        expect(await page.$("[data-testid=lab-result]")).toBeNull();
        await set(page, "iterations", "50");
        const next = await run(page, 3);
        expect(next).toMatchObject({iterations: 50, stopReason: "iterations"});
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    }
  );

  it("stops early on a plateau when asked", {timeout: 120_000}, async () => {
    const {page, close} = await openLab();
    try {
      await set(page, "backend", "wasm");
      await set(page, "iterations", "3000");
      await page.check("[data-testid=lab-input-earlyStop]");
      await set(page, "patience", "100");
      const stopped = await run(page, 1);
      expect(stopped.stopReason).toBe("plateau");
      expect(stopped.iterations).toBeLessThan(3000);
    } finally {
      await close();
    }
  });

  it(
    "draws a precomputed configuration picked from the menu against the engine's run",
    {timeout: 120_000},
    async () => {
      const {page, close} = await openLab();
      try {
        await set(page, "backend", "wasm");
        await page.selectOption("[data-testid=lab-preset]", "adam-small-init");
        expect(await page.inputValue("[data-testid=lab-input-model]")).toBe("adam");
        expect(await page.inputValue("[data-testid=lab-input-initScale]")).toBe("0.001");
        const adam = await run(page, 1);
        const engine = engineRun("adam-small-init");
        expect(adam.iterations).toBe(500);
        expect(adam.backend, "a preset keeps the reader's backend").toBe("wasm");
        expect(Math.abs(adam.relativeError / engine.relativeError[500] - 1)).toBeLessThan(1e-3);
        expect(Math.abs(adam.effectiveRank - engine.effectiveRank[500])).toBeLessThan(1e-2);
        // A configuration the engine did not run has no reference.
        await set(page, "seed", "5");
        expect(await page.inputValue("[data-testid=lab-preset]")).toBe("");
        expect(await page.textContent(".lab-legend")).toContain("No precomputed run");
      } finally {
        await close();
      }
    }
  );

  it("runs tfjs without WebGL when asked, and says which backend ran", {timeout: 120_000}, async () => {
    const noWebgl = await launchChromium({webgl: false});
    try {
      const {page, problems, close} = await openLab(noWebgl);
      await set(page, "iterations", "20");
      await set(page, "backend", "webgl");
      const r = await run(page, 1);
      expect(["wasm", "cpu"]).toContain(r.backend);
      expect(r.text).toContain(`on tfjs ${r.backend}`);
      expect(problems).toEqual([]);
      await close();
    } finally {
      await noWebgl.close();
    }
  });

  it(
    "builds a compact panel with other defaults in one call, as the write-up pages do",
    {timeout: 120_000},
    async () => {
      const {page, problems, close} = await openLab();
      const module = (name: string) =>
        listFiles(distRoot).find((path) => new RegExp(`^_import/${name}\\.[0-9a-f]{8}\\.js$`).test(path));
      const labModule = module("components/lab");
      expect(labModule).toBeDefined();
      try {
        const shown = await page.evaluate(async (labUrl) => {
          // A dynamic import that vitest's transform cannot rewrite (this function runs in the page).
          const load = new Function("url", "return import(url)") as (url: string) => Promise<any>;
          const {labPanel, loadLabCatalog} = await load(labUrl);
          const panel = labPanel(await loadLabCatalog(), {
            compact: true,
            defaults: {model: "adam", initScale: 1e-3, iterations: 40, backend: "wasm"}
          });
          document.querySelector("main")!.append(panel);
          return {
            inputs: Array.from(
              panel.querySelectorAll(".lab-inputs [data-testid]"),
              (e: Element) => (e as HTMLElement).dataset.testid
            ),
            initScale: (panel.querySelector("[data-testid=lab-input-initScale]") as HTMLInputElement).value,
            charts: panel.querySelectorAll(".lab-figure svg").length
          };
        }, new URL(labModule!, site.server.url).href);
        expect(shown.inputs).toEqual(["model", "ranks", "initScale", "lr", "iterations", "seed"].map(inputId));
        expect(shown.initScale).toBe("0.001");
        expect(shown.charts).toBe(2);
        await page.click(".lab-compact [data-testid=lab-run]");
        const r = await result(page, 1);
        expect(r).toMatchObject({iterations: 40, backend: "wasm"});
        expect(await page.$$eval(".lab-compact .lab-signatures canvas", (c) => c.length)).toBe(1);
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    }
  );
});
