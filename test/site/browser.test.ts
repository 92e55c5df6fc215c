import {existsSync, readdirSync, rmSync} from "node:fs";
import {join} from "node:path";
import type {Browser, Page} from "playwright-core";
import {describe, expect, it} from "vitest";
import {launchChromium, visitPage, type PageVisit} from "../helpers/browser.js";
import {servedSite} from "../helpers/servedSite.js";
import {serveDirectory} from "../helpers/serve.js";
import {builtPages, distRoot, listFiles, testOutput} from "../helpers/site.js";

const screenshots = join(testOutput, "screenshots");
const backends = ["webgl", "wasm", "cpu"];

// Built before collecting tests: there is one test per page of dist/.
const site = await servedSite(() => {
  // No screenshot of a page that no longer exists (subfolders belong to other test files, e.g. pages.test.ts).
  for (const file of existsSync(screenshots) ? readdirSync(screenshots) : [])
    if (file.endsWith(".png")) rmSync(join(screenshots, file), {force: true});
});

/**
 * In the lab page (which loads tfjs only on a run): imports the site's tfjs bundle and backend chooser as a
 * run does, picks the automatic backend and draws `tf.randomUniform([2, 2], 0, 1, "float32", 0)` twice.
 */
async function tfjsCheck(target: Browser): Promise<{backend: string; draws: number[][][]}> {
  const module = (name: string) =>
    listFiles(distRoot).find((path) => new RegExp(`^_import/${name}\\.[0-9a-f]{8}\\.js$`).test(path));
  const [tfModule, backendModule] = [module("vendor/tf"), module("components/tfBackend")];
  expect(tfModule, "the tfjs bundle in dist/").toBeDefined();
  expect(backendModule, "the backend chooser in dist/").toBeDefined();
  const context = await target.newContext();
  try {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    await page.goto(site.server.url + "lab.html");
    await page.waitForSelector("[data-testid=lab-run]");
    const result = await page.evaluate(
      async ([tfUrl, backendUrl]) => {
        // A dynamic import that vitest's transform cannot rewrite (this function runs in the page).
        const load = new Function("url", "return import(url)") as (url: string) => Promise<any>;
        const [tf, {selectBackend}] = await Promise.all([load(tfUrl), load(backendUrl)]);
        const backend: string = await selectBackend(tf);
        const draws = [0, 1].map(() => tf.tidy(() => tf.randomUniform([2, 2], 0, 1, "float32", 0).arraySync()));
        return {backend, draws: draws as number[][][]};
      },
      [new URL(tfModule!, site.server.url).href, new URL(backendModule!, site.server.url).href]
    );
    expect(problems).toEqual([]);
    return result;
  } finally {
    await context.close();
  }
}

/** The checks every page must pass; returns the visit for page-specific ones. */
function expectHealthy(visit: PageVisit): void {
  expect(visit.problems, `${visit.url}: errors or requests that failed`).toEqual([]);
  expect(visit.cellErrors, `${visit.url}: cells that threw`).toEqual([]);
  expect(visit.canvases.drawn, `${visit.url}: blank canvases`).toBe(visit.canvases.total);
  // A page may draw nothing when it says why (data-no-figure, e.g. a dataset absent from this machine).
  if (visit.noFigure === undefined)
    expect(visit.canvases.drawn + visit.svgs.drawn, `${visit.url}: no figure drawn`).toBeGreaterThan(0);
}

describe("the built site in headless Chromium", () => {
  it("finds pages to open", () => {
    expect(builtPages()).toContain("index.html");
  });

  for (const page of builtPages()) {
    it(`renders ${page} without errors, requesting only 127.0.0.1`, {timeout: 180_000}, async () => {
      const visit = await visitPage(site.browser, site.server.url + page, {
        screenshot: join(screenshots, page.replace(/\.html$/, ".png").replaceAll("/", "-"))
      });
      expectHealthy(visit);
    });
  }

  it("draws the digits and the chart on the home page; the Inputs toggle redraws", async () => {
    /** RGBA of a background pixel of the digits' grid (top-left corner of the first tile). */
    const corner = (page: Page) =>
      page.evaluate(() => {
        const canvas = (document.querySelector("#digits canvas.image-grid") ??
          document.querySelector("canvas.image-grid")) as HTMLCanvasElement;
        return Array.from(canvas.getContext("2d")!.getImageData(1, 1, 1, 1).data);
      });
    const visit = await visitPage(site.browser, site.server.url + "index.html", {
      actions: async (page) => {
        const before = await corner(page);
        await page.getByLabel("Ink on paper").check();
        await page.waitForFunction(() =>
          (document.querySelector("#digits figcaption") ?? document.querySelector("figcaption"))?.textContent?.includes(
            "is white"
          )
        );
        return {before, after: await corner(page)};
      }
    });
    expectHealthy(visit);
    expect(visit.actionResult).toEqual({before: [0, 0, 0, 255], after: [255, 255, 255, 255]});
    expect(visit.canvases.drawn).toBeGreaterThanOrEqual(2); // the digits and their mean
    expect(visit.svgs.drawn).toBeGreaterThanOrEqual(1); // the histogram
  });

  it("works under a base path (relative links)", async () => {
    const nested = await serveDirectory(distRoot, {base: "/some/base/"});
    try {
      const visit = await visitPage(site.browser, nested.url, {screenshot: join(screenshots, "base-path-index.png")});
      expectHealthy(visit);
      expect(nested.log.every(({path}) => path.startsWith("/some/base/"))).toBe(true);
    } finally {
      await nested.close();
    }
  });

  it("starts a tfjs backend in the site's bundle and draws the same seeded tensor twice", async () => {
    const result = await tfjsCheck(site.browser);
    expect(backends).toContain(result.backend);
    expect(result.draws[0]).toEqual(result.draws[1]);
    expect(result.draws[0].flat().every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it("falls back to another tfjs backend without WebGL", async () => {
    const noWebgl = await launchChromium({webgl: false});
    try {
      const result = await tfjsCheck(noWebgl);
      expect(["wasm", "cpu"]).toContain(result.backend);
      expect(result.draws[0]).toEqual(result.draws[1]);
    } finally {
      await noWebgl.close();
    }
  });
});

describe("imageGrid in Chromium", () => {
  it("draws grey and RGB (height x width x channels) images, tile by tile", async () => {
    const module = listFiles(join(distRoot, "_import", "components")).find((path) =>
      /^imageGrid\.[0-9a-f]{8}\.js$/.test(path)
    );
    expect(module).toBeDefined();
    const context = await site.browser.newContext({deviceScaleFactor: 1});
    const page = await context.newPage();
    try {
      await page.goto(site.server.url + "index.html");
      const pixels = await page.evaluate(
        async (url) => {
          // A dynamic import that vitest's transform cannot rewrite (this function runs in the page).
          const {imageGrid} = await new Function("url", "return import(url)")(url);
          const read = (figure: HTMLElement, x: number, y: number) =>
            Array.from(figure.querySelector("canvas")!.getContext("2d")!.getImageData(x, y, 1, 1).data);
          // One 2 x 2 RGB image, HWC: red, green / blue, white; tiles of 20 px, so each pixel covers 10 x 10.
          const rgb = imageGrid([[1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1]], {shape: [2, 2, 3], width: 20, domain: [0, 1]});
          // Two 1 x 2 grey images side by side (gap 0): [0, 0.5] and [1, 0.25] over the domain [0, 1].
          const grey = imageGrid(
            {rows: 2, cols: 2, data: new Float32Array([0, 0.5, 1, 0.25])},
            {shape: [1, 2], width: 40, columns: 2, gap: 0}
          );
          return {
            rgb: [read(rgb, 5, 5), read(rgb, 15, 5), read(rgb, 5, 15), read(rgb, 15, 15)],
            grey: [read(grey, 5, 5), read(grey, 15, 5), read(grey, 25, 5), read(grey, 35, 5)]
          };
        },
        new URL(`_import/components/${module}`, site.server.url).href
      );
      expect(pixels.rgb).toEqual([
        [255, 0, 0, 255],
        [0, 255, 0, 255],
        [0, 0, 255, 255],
        [255, 255, 255, 255]
      ]);
      expect(pixels.grey).toEqual([
        [0, 0, 0, 255],
        [128, 128, 128, 255],
        [255, 255, 255, 255],
        [64, 64, 64, 255]
      ]);
    } finally {
      await context.close();
    }
  });
});
