/**
 * "Rerun this run here" in headless Chromium: the engine, in a Web Worker, reruns the run behind a figure on
 * its exact data and gets the stored numbers bit for bit (src/components/verifyRun.ts). Checked on the
 * headline figure of the home page, on the singular-value staircase and on the first early stop of the low-rank-bias
 * page, and on the three solvers' runs at one rank of the solvers page.
 */
import {describe, expect, it} from "vitest";
import {servedSite} from "../helpers/servedSite.js";

const site = await servedSite();

/** Clicks the page's `nth` rerun button and returns the result's data attributes and the requests it made. */
async function rerun(page: string, within: string, nth = 0) {
  const tab = await site.browser.newPage();
  const problems: string[] = [];
  tab.on("pageerror", (error) => problems.push(String(error)));
  tab.on("console", (message) => void (message.type() === "error" && problems.push(message.text())));
  const requests: string[] = [];
  tab.on("request", (request) => requests.push(new URL(request.url()).pathname));
  try {
    await tab.goto(site.server.url + page, {waitUntil: "networkidle"});
    const before = requests.length;
    const control = tab.locator(`${within} .verify-run`).nth(nth);
    const button = control.locator("[data-testid=verify-run]");
    await button.click();
    const result = control.locator("[data-testid=verify-result][data-max-difference]");
    await result.waitFor({timeout: 240_000});
    const data = await result.evaluate((e) => ({
      maxDifference: (e as HTMLElement).dataset.maxDifference,
      ms: (e as HTMLElement).dataset.ms,
      storedEnd: (e as HTMLElement).dataset.storedEnd,
      rerunEnd: (e as HTMLElement).dataset.rerunEnd,
      sameEnd: (e as HTMLElement).dataset.sameEnd,
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
    expect(data.sameEnd).toBe("true");
    expect(data.rerunEnd).toBe(data.storedEnd);
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

  it(
    "reruns an early stop: the same step, stopped by the plateau rule, the same relative errors",
    {timeout: 300_000},
    async () => {
      const {data, problems} = await rerun("low-rank-bias.html", "main", 1);
      expect(data.maxDifference).toBe("0");
      expect(data.storedEnd).toMatch(/^\d+ plateau$/);
      expect(data.rerunEnd).toBe(data.storedEnd);
      expect(data.sameEnd).toBe("true");
      expect(data.text).toContain("stopped by the plateau rule, as the stored run did");
      expect(problems).toEqual([]);
    }
  );

  it("reruns the three solvers' runs at the rank shown, each exactly", {timeout: 300_000}, async () => {
    const {data, problems} = await rerun("solvers.html", "main");
    expect(data.maxDifference).toBe("0");
    expect(data.storedEnd?.split(";")).toHaveLength(3);
    expect(data.rerunEnd).toBe(data.storedEnd);
    for (const solver of ["MU", "HALS", "Adam"]) expect(data.text).toContain(`${solver}: ended`);
    expect(problems).toEqual([]);
  });
});
