/**
 * "Rerun this run here" in headless Chromium: the engine, in a Web Worker, reruns the run behind a figure on
 * its exact data and gets the stored numbers bit for bit (src/components/verifyRun.ts). Checked on the
 * headline figure of the home page and on the singular-value staircase of the low-rank-bias page.
 */
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {launchChromium} from "../helpers/browser.js";
import {serveDirectory, type StaticServer} from "../helpers/serve.js";
import {distRoot, ensureSiteBuilt} from "../helpers/site.js";

const build = await ensureSiteBuilt();
if (build.exitCode !== 0) throw new Error(`npm run build failed; see test/output/site-build.log\n${build.tail}`);

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), serveDirectory(distRoot)]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
});

/** Clicks the page's first rerun button and returns the result's data attributes and the requests it made. */
async function rerun(page: string, within: string) {
  const tab = await browser.newPage();
  const problems: string[] = [];
  tab.on("pageerror", (error) => problems.push(String(error)));
  tab.on("console", (message) => void (message.type() === "error" && problems.push(message.text())));
  const requests: string[] = [];
  tab.on("request", (request) => requests.push(new URL(request.url()).pathname));
  try {
    await tab.goto(server.url + page, {waitUntil: "networkidle"});
    const before = requests.length;
    const button = tab.locator(`${within} [data-testid=verify-run]`).first();
    await button.click();
    const result = tab.locator(`${within} [data-testid=verify-result][data-max-difference]`).first();
    await result.waitFor({timeout: 240_000});
    const data = await result.evaluate((e) => ({
      maxDifference: (e as HTMLElement).dataset.maxDifference,
      ms: (e as HTMLElement).dataset.ms,
      text: e.textContent ?? ""
    }));
    return {data, problems, fetchedOnClick: requests.slice(before), fetchedBefore: requests.slice(0, before)};
  } finally {
    await tab.close();
  }
}

describe("rerunning a figure's run in the browser", () => {
  it("gives the headline run's relative errors exactly (identical floats)", {timeout: 300_000}, async () => {
    const {data, problems, fetchedOnClick, fetchedBefore} = await rerun("index.html", "main");
    expect(data.maxDifference).toBe("0");
    expect(Number(data.ms)).toBeGreaterThan(0);
    expect(data.text).toContain("0 (identical floats)");
    // The data and the worker come only with the click.
    expect(fetchedBefore.some((path) => path.includes("/matrices/") || path.includes("fit-worker"))).toBe(false);
    expect(fetchedOnClick.some((path) => path.includes("/matrices/"))).toBe(true);
    expect(fetchedOnClick.some((path) => path.includes("fit-worker"))).toBe(true);
    expect(problems).toEqual([]);
  });

  it("gives the singular-value staircase's run exactly too", {timeout: 300_000}, async () => {
    const {data, problems} = await rerun("low-rank-bias.html", "main");
    expect(data.maxDifference).toBe("0");
    expect(problems).toEqual([]);
  });
});
