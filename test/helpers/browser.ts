/**
 * Headless Chromium for the site's browser tests, through playwright-core (which downloads nothing).
 * The browser comes from, in order: `CHROMIUM_PATH`; the system's /usr/bin/chromium (Debian's); the
 * npm package @sparticuz/chromium, a Chromium build shipped inside the package (a devDependency, so
 * `npm ci` brings it on any machine), unpacked once into node_modules/.cache. `NMF_TEST_BROWSER=npm`
 * skips the first two, to check a machine without a system browser. The flags keep the browser off
 * the network (no background requests) and let it run as root (no sandbox).
 */
import {existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {chromium, type Browser, type Page} from "playwright-core";
import {repositoryRoot, testOutput} from "./site.js";

export const systemChromium = "/usr/bin/chromium";

export interface ChromiumExecutable {
  path: string;
  source: "CHROMIUM_PATH" | "system" | "npm";
  /** Extra environment for the browser process (the npm build's own libraries). */
  env?: Record<string, string>;
}

let found: Promise<ChromiumExecutable> | undefined;

/** The browser to launch, found once per test file (see above). */
export function chromiumExecutable(): Promise<ChromiumExecutable> {
  found ??= findChromium();
  return found;
}

async function findChromium(): Promise<ChromiumExecutable> {
  const forceNpm = process.env.NMF_TEST_BROWSER === "npm";
  if (!forceNpm && process.env.CHROMIUM_PATH) return {path: process.env.CHROMIUM_PATH, source: "CHROMIUM_PATH"};
  if (!forceNpm && existsSync(systemChromium)) return {path: systemChromium, source: "system"};
  return npmChromium();
}

/**
 * Unpacks @sparticuz/chromium (the browser, its SwiftShader WebGL libraries, and the NSS libraries
 * it links to, so that it needs none from the system) into node_modules/.cache/sparticuz-chromium-<version>.
 * The package unpacks into os.tmpdir(): it is pointed at a fresh folder that is renamed into place when
 * complete, so that a half-unpacked browser is never used and other users of /tmp are not disturbed.
 */
async function npmChromium(): Promise<ChromiumExecutable> {
  const {default: sparticuz, inflate} = await import("@sparticuz/chromium");
  const packageRoot = join(repositoryRoot, "node_modules", "@sparticuz", "chromium");
  const manifest = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as {version: string};
  const folder = join(repositoryRoot, "node_modules", ".cache", `sparticuz-chromium-${manifest.version}`);
  const env = {LD_LIBRARY_PATH: [join(folder, "al2023", "lib"), process.env.LD_LIBRARY_PATH].filter(Boolean).join(":")};
  if (existsSync(join(folder, "chromium"))) return {path: join(folder, "chromium"), source: "npm", env};
  const staging = `${folder}.partial-${process.pid}`;
  rmSync(staging, {recursive: true, force: true});
  mkdirSync(staging, {recursive: true});
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = staging;
  try {
    const bin = join(packageRoot, "bin");
    await sparticuz.executablePath(bin);
    await inflate(join(bin, "al2023.tar.br"));
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  }
  try {
    renameSync(staging, folder);
  } catch (error) {
    // Another test process unpacked it first: use theirs.
    rmSync(staging, {recursive: true, force: true});
    if (!existsSync(join(folder, "chromium"))) throw error;
  }
  return {path: join(folder, "chromium"), source: "npm", env};
}

/**
 * `webgl: false` removes software WebGL (SwiftShader), as on a machine without a GPU driver, so that
 * pages must fall back to another tfjs backend. `webgpu: true` turns WebGPU on (`--enable-unsafe-webgpu`):
 * headless Chromium then offers SwiftShader's fallback adapter (on the CPU); without it `navigator.gpu`
 * exists but finds no adapter. playwright-core gives every launch a fresh profile.
 */
export async function launchChromium({
  webgl = true,
  webgpu = false
}: {webgl?: boolean; webgpu?: boolean} = {}): Promise<Browser> {
  const executable = await chromiumExecutable();
  const browser = await chromium.launch({
    executablePath: executable.path,
    headless: true,
    chromiumSandbox: false, // tests run as root
    ...(executable.env ? {env: {...process.env, ...executable.env}} : {}),
    args: [
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-default-apps",
      "--disable-domain-reliability",
      ...(webgl ? [] : ["--disable-gpu", "--disable-software-rasterizer"]),
      ...(webgpu ? ["--enable-unsafe-webgpu"] : [])
    ]
  });
  recordBrowser(executable, browser.version());
  return browser;
}

/** test/output/browser.json: which browser the run used, for the summary line (test/helpers/summaryReporter.ts). */
function recordBrowser(executable: ChromiumExecutable, version: string): void {
  mkdirSync(testOutput, {recursive: true});
  writeFileSync(
    join(testOutput, "browser.json"),
    JSON.stringify({source: executable.source, path: executable.path, version}, null, 2)
  );
}

export interface PageVisit {
  url: string;
  /** Page errors, console errors, failed or non-2xx requests, requests to hosts other than 127.0.0.1. */
  problems: string[];
  /** Every request URL the page made. */
  requests: string[];
  /** Cells that rendered an error (`.observablehq--error`). */
  cellErrors: string[];
  /** Canvases with at least one non-transparent pixel, and all canvases. */
  canvases: {drawn: number; total: number};
  /** SVG figures (Plot's and others) with at least one drawn shape, and all such SVGs. */
  svgs: {drawn: number; total: number};
  title: string;
  /**
   * The text of an element marked `data-no-figure` (a notice such as "Flowers102 is not on this
   * machine"): the page says why it draws no figure, and tests accept a page without one.
   */
  noFigure?: string;
  /** What `actions` returned: they run after the checks, before the page closes. */
  actionResult?: unknown;
}

/** Opens a page, waits until every cell has run and the network is quiet, checks what it drew. */
export async function visitPage(
  browser: Browser,
  url: string,
  {
    screenshot,
    timeout = 60_000,
    actions,
    viewport = {width: 1280, height: 900}
  }: {
    screenshot?: string;
    timeout?: number;
    actions?: (page: Page) => Promise<unknown>;
    /** The window's size in CSS pixels (default a laptop's 1280 x 900; 390 x 844 is a phone's). */
    viewport?: {width: number; height: number};
  } = {}
): Promise<PageVisit> {
  const context = await browser.newContext({viewport});
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("request", (request) => {
    requests.push(request.url());
    const {protocol, hostname} = new URL(request.url());
    if (!(protocol === "data:" || protocol === "blob:" || hostname === "127.0.0.1"))
      problems.push(`request to another host: ${request.url()}`);
  });
  page.on("requestfailed", (request) =>
    problems.push(`failed request: ${request.url()} (${request.failure()?.errorText})`)
  );
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  try {
    await page.goto(url, {waitUntil: "load", timeout});
    await waitForCells(page, timeout);
    await page.waitForLoadState("networkidle", {timeout});
    // resize() draws once the ResizeObserver reports a width: let two frames pass.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const report = await page.evaluate(inspectFigures);
    if (screenshot) {
      mkdirSync(join(screenshot, ".."), {recursive: true});
      await page.screenshot({path: screenshot, fullPage: true});
    }
    const actionResult = actions ? await actions(page) : undefined;
    return {url, problems, requests, ...report, actionResult};
  } finally {
    await context.close();
  }
}

/** Framework shows `<observablehq-loading>` until a cell has a value. */
async function waitForCells(page: Page, timeout: number): Promise<void> {
  await page.waitForFunction(() => document.querySelector("observablehq-loading") === null, null, {timeout});
}

/** Runs in the page. */
function inspectFigures() {
  const canvases = Array.from(document.querySelectorAll("canvas"));
  const drawnCanvas = (canvas: HTMLCanvasElement) => {
    if (canvas.width === 0 || canvas.height === 0) return false;
    const context = canvas.getContext("2d");
    if (!context) return true; // a WebGL canvas: counted as drawn
    const {data} = context.getImageData(0, 0, canvas.width, canvas.height);
    for (let k = 3; k < data.length; k += 4) if (data[k] !== 0) return true;
    return false;
  };
  // Figure SVGs only: Framework's own icons live in the sidebar and header.
  const svgs = Array.from(document.querySelectorAll("main svg")).filter((svg) => !svg.closest("svg svg, a, button"));
  const drawnSvg = (svg: Element) =>
    svg.querySelector("path, rect, circle, line, polyline, polygon, image, text") !== null;
  return {
    cellErrors: Array.from(document.querySelectorAll(".observablehq--error"), (node) => node.textContent ?? ""),
    canvases: {drawn: canvases.filter(drawnCanvas).length, total: canvases.length},
    svgs: {drawn: svgs.filter(drawnSvg).length, total: svgs.length},
    noFigure: document.querySelector("main [data-no-figure]")?.textContent?.trim() || undefined,
    title: document.title
  };
}
