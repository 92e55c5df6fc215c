/**
 * The report's pages in headless Chromium, at a laptop's and a phone's width: no error, no request
 * to another host, every Plot figure drawn with data, no sideways scrolling on a phone, the step
 * slider moving the marker on every curve (by mouse-like input events and by the keyboard), each
 * page at most 2.5 MB transferred at load with nothing of the lab (tfjs, its WebAssembly, the engine's
 * worker, the lab's data) before a Run, and the first figure on screen within 2 s. Screenshots go to
 * test/output/screenshots/pages/.
 */
import {mkdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {afterAll, describe, expect, it} from "vitest";
import {visitPage} from "../helpers/browser.js";
import {servedSite} from "../helpers/servedSite.js";
import {builtPages, distRoot, testOutput} from "../helpers/site.js";

const screenshots = join(testOutput, "screenshots", "pages");
const viewports = {laptop: {width: 1280, height: 900}, phone: {width: 390, height: 844}};
/** Bytes one page may transfer at load: every response body until the network is idle, its figures' data included. */
const loadBudget = 2.5e6;
/** What a page fetches only once the reader presses Run on a lab panel: tfjs, its WebAssembly, the engine's worker, the lab's data. */
const fetchedOnRun =
  /\/vendor\/tf\.[0-9a-f]{8}\.js|tfjs-backend-wasm|fit-worker|\/data\/lab-(mnist|flowers|presets-curves)\.|\/data\/matrices\//;
/** Milliseconds from navigation to the first figure on screen, served from 127.0.0.1. */
const firstFigureBudget = 2000;

const site = await servedSite(() => {
  rmSync(screenshots, {recursive: true, force: true});
  mkdirSync(screenshots, {recursive: true});
});
const pages = builtPages();

/**
 * Runs in the page: Plot figures without a data mark, and how far the page scrolls sideways. A lab panel's
 * charts are left out: they draw a run, and before the reader's first Run there is none (and the engine's
 * curves they compare with are fetched on that Run); the panels are counted instead.
 */
function inspectPage() {
  const dataMarks = ["line", "dot", "cell", "area", "bar", "rect", "image", "raster", "tick", "link"];
  const plots = Array.from(document.querySelectorAll("main svg")).filter(
    (svg) =>
      Array.from(svg.classList).some((c) => /^plot-[0-9a-f]{6}$/.test(c)) &&
      !svg.closest("svg svg") &&
      !svg.closest(".lab-panel")
  );
  const drawn = (svg: Element) =>
    Array.from(svg.children).some(
      (g) =>
        g.tagName === "g" &&
        dataMarks.includes(g.getAttribute("aria-label") ?? "") &&
        Array.from(g.querySelectorAll("path, rect, circle, line, image")).some(
          (shape) => shape.tagName !== "path" || (shape.getAttribute("d") ?? "").length > 2
        )
    );
  return {
    plots: plots.length,
    labPanels: document.querySelectorAll("main .lab-panel").length,
    empty: plots.filter((svg) => !drawn(svg)).map((svg) => svg.getAttribute("aria-label") ?? "(no label)"),
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    // The outermost elements that stick out on the right, to say what to fix.
    wide: Array.from(document.querySelectorAll("main *"))
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((e) => !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth + 1))
      .filter((e) => !e.closest(".nmf-figure, [style*=overflow]"))
      .slice(0, 5)
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}${e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : ""} (${Math.round(e.getBoundingClientRect().right)} px)`
      )
  };
}

/** Runs in the page: the marker's x in every figure that follows the step slider (`data-marker`). */
function markerPositions() {
  return Array.from(document.querySelectorAll("main figure[data-marker]"), (figure) => {
    const lines = Array.from(figure.querySelectorAll("g.marker line"));
    return lines.length === 0 ? null : lines.map((line) => Number(line.getAttribute("x1"))).join(",");
  });
}

/** Waits until the marker positions differ from `before`. */
async function markersMoved(page: Page, before: (string | null)[]): Promise<(string | null)[]> {
  await page.waitForFunction(
    ([fn, previous]) => JSON.stringify(new Function(`return (${fn})()`)()) !== previous,
    [markerPositions.toString(), JSON.stringify(before)] as const,
    {timeout: 10_000}
  );
  return page.evaluate(markerPositions);
}

/** A response the page received: its path and body size. */
interface Transfer {
  path: string;
  bytes: number;
}

/** Records the size of every response `tab` receives from now on. */
function recordTransfers(tab: Page): Transfer[] {
  const transfers: Transfer[] = [];
  tab.on("requestfinished", (request) => {
    const transfer = {path: new URL(request.url()).pathname, bytes: 0};
    transfers.push(transfer);
    void request
      .sizes()
      .then((sizes) => (transfer.bytes = sizes.responseBodySize))
      .catch(() => {});
  });
  return transfers;
}

/** Opens `page` in a fresh context (nothing cached) and waits until the network is idle. */
async function openIdle(page: string): Promise<{tab: Page; transfers: Transfer[]; close: () => Promise<void>}> {
  const context = await site.browser.newContext({viewport: viewports.laptop});
  const tab = await context.newPage();
  const transfers = recordTransfers(tab);
  await tab.goto(site.server.url + page, {waitUntil: "networkidle", timeout: 120_000});
  // Cells that start fetching late (after a first idle moment) get the chance to.
  await tab.waitForTimeout(1000);
  await tab.waitForLoadState("networkidle");
  return {tab, transfers, close: () => context.close()};
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

describe("every page at a laptop's and a phone's width", () => {
  for (const page of pages) {
    for (const [device, viewport] of Object.entries(viewports)) {
      it(
        `${page} on a ${device}: no error, every figure drawn with data, nothing wider than the screen`,
        {timeout: 180_000},
        async () => {
          const visit = await visitPage(site.browser, site.server.url + page, {
            viewport,
            screenshot: join(screenshots, `${page.replace(/\.html$/, "").replaceAll("/", "-")}-${device}.png`),
            actions: (p) => p.evaluate(inspectPage)
          });
          expect(visit.problems, "errors or requests that failed").toEqual([]);
          expect(visit.cellErrors, "cells that threw").toEqual([]);
          expect(visit.canvases.drawn, "blank canvases").toBe(visit.canvases.total);
          const report = visit.actionResult as ReturnType<typeof inspectPage>;
          expect(report.empty, "Plot figures without data").toEqual([]);
          if (visit.noFigure === undefined)
            expect(report.plots + visit.canvases.drawn + report.labPanels, "no figure").toBeGreaterThan(0);
          else expect(visit.noFigure, "a page without figures says how to get its data").toMatch(/npx nmf/);
          expect(report.overflow, `the page scrolls sideways: ${report.wide.join(", ")}`).toBeLessThanOrEqual(1);
        }
      );
    }
  }
});

describe("the step sliders", () => {
  it("finds a page with a step slider once the write-up exists", () => {
    if (pages.includes("low-rank-bias.html")) {
      const html = readFileSync(join(distRoot, "low-rank-bias.html"), "utf8");
      expect(html).toContain("step-slider");
    }
  });

  for (const page of pages.filter((p) => readFileSync(join(distRoot, p), "utf8").includes("step-slider"))) {
    it(
      `${page}: moving the slider moves the marker on every figure that follows it, also from the keyboard`,
      {timeout: 180_000},
      async () => {
        const visit = await visitPage(site.browser, site.server.url + page, {
          actions: async (p) => {
            const slider = p.locator(".step-slider input[type=range]").first();
            await slider.scrollIntoViewIfNeeded();
            const start = await p.evaluate(markerPositions);
            // Input events, as a pointer drag sends them: to the slider's maximum.
            const max = await slider.evaluate((input: HTMLInputElement) => {
              input.value = input.max;
              input.dispatchEvent(new Event("input", {bubbles: true}));
              return input.max;
            });
            const afterInput = await markersMoved(p, start);
            // The keyboard: Home sends the slider to its minimum.
            await slider.focus();
            await p.keyboard.press("Home");
            const afterKeys = await markersMoved(p, afterInput);
            return {start, max, afterInput, afterKeys, value: await slider.inputValue()};
          }
        });
        expect(visit.problems).toEqual([]);
        const {start, afterInput, afterKeys, value, max} = visit.actionResult as {
          start: (string | null)[];
          afterInput: (string | null)[];
          afterKeys: (string | null)[];
          value: string;
          max: string;
        };
        expect(start.length, "figures that follow the slider").toBeGreaterThanOrEqual(3);
        expect(
          start.every((x) => x !== null),
          `a figure that follows the slider draws no marker: ${JSON.stringify(start)}`
        ).toBe(true);
        for (let k = 0; k < start.length; ++k) {
          expect(afterInput[k], `figure ${k + 1}: marker did not move on input`).not.toBe(start[k]);
          expect(afterKeys[k], `figure ${k + 1}: marker did not move on Home`).not.toBe(afterInput[k]);
        }
        expect(Number(value)).toBeLessThan(Number(max));
      }
    );
  }
});

describe("page weight and speed", () => {
  const weights: Record<string, number> = {};
  for (const page of pages) {
    it(
      `${page} transfers at most 2.5 MB at load, and nothing of the lab before a Run`,
      {timeout: 180_000},
      async () => {
        const {transfers, close} = await openIdle(page);
        await close();
        const total = transfers.reduce((sum, t) => sum + t.bytes, 0);
        weights[page] = total;
        const heaviest = [...transfers].sort((a, b) => b.bytes - a.bytes).slice(0, 8);
        expect(total, heaviest.map((t) => `${t.path} ${megabytes(t.bytes)}`).join(", ")).toBeLessThanOrEqual(
          loadBudget
        );
        expect(transfers.map((t) => t.path).filter((path) => fetchedOnRun.test(path))).toEqual([]);
      }
    );
  }

  it(
    "fetches the lab's data and engine on a Run of an embedded panel, and tfjs with its WebAssembly on a tfjs run",
    {timeout: 180_000},
    async () => {
      const embedded = pages.find(
        (p) => p !== "lab.html" && readFileSync(join(distRoot, p), "utf8").includes("components/lab.")
      );
      expect(embedded, "a page with an embedded lab panel").toBeDefined();
      for (const [page, backend] of [
        [embedded!, undefined],
        ["lab.html", "wasm"]
      ] as const) {
        const {tab, transfers, close} = await openIdle(page);
        try {
          const before = transfers.length;
          const panel = tab.locator(".lab-panel").first();
          if (backend) await panel.locator("[data-testid=lab-input-backend]").selectOption(backend);
          await panel.locator("[data-testid=lab-run]").click();
          await tab.waitForSelector("[data-testid=lab-result]", {timeout: 120_000});
          const fetched = transfers.slice(before).map((t) => t.path);
          expect(
            fetched.some((path) => /\/data\/lab-mnist\./.test(path)),
            `${page}: ${fetched.join(", ")}`
          ).toBe(true);
          expect(fetched.some((path) => /\/data\/lab-presets-curves\./.test(path))).toBe(true);
          if (backend === "wasm") {
            expect(
              fetched.some((path) => /\/vendor\/tf\.[0-9a-f]{8}\.js/.test(path)),
              fetched.join(", ")
            ).toBe(true);
            expect(
              fetched.some((path) => /tfjs-backend-wasm/.test(path)),
              fetched.join(", ")
            ).toBe(true);
          } else expect(fetched.some((path) => fetchedOnRun.test(path) && !/\/data\//.test(path))).toBe(true);
        } finally {
          await close();
        }
      }
    }
  );

  afterAll(() => writeFileSync(join(testOutput, "page-weights.json"), JSON.stringify(weights, null, 2)));

  it("shows the first figure of every page within 2 s", {timeout: 300_000}, async () => {
    const timings: Record<string, number> = {};
    for (const page of pages) {
      const context = await site.browser.newContext({viewport: viewports.laptop});
      try {
        const tab = await context.newPage();
        const started = performance.now();
        await tab.goto(site.server.url + page, {waitUntil: "commit"});
        // A drawn figure: a Plot SVG with a data mark, or a canvas; or the notice of a page whose data is
        // not on this machine (Flowers102), which says why it draws none. The lab page's figures draw the
        // reader's runs: there, its panel ready to run.
        const figure =
          "main svg g[aria-label=line], main svg g[aria-label=cell], main svg g[aria-label=dot], main canvas, main [data-no-figure]";
        await tab.waitForSelector(page === "lab.html" ? "main .lab-panel [data-testid=lab-run]" : figure, {
          timeout: 20_000
        });
        timings[page] = Math.round(performance.now() - started);
      } finally {
        await context.close();
      }
    }
    writeFileSync(join(testOutput, "page-timings.json"), JSON.stringify(timings, null, 2));
    for (const [page, ms] of Object.entries(timings))
      expect(ms, `${page}: first figure after ${ms} ms`).toBeLessThanOrEqual(firstFigureBudget);
  });
});
