// The lab's shareable address and its downloads in headless Chromium, through the page's test hooks:
// a run's address opened in a fresh browser context restores the inputs and Run gives identical floats;
// the run's CSV and Arrow files hold its trajectory; a bad address value is named, not thrown.
import {readFileSync} from "node:fs";
import * as Arrow from "apache-arrow";
import type {Page} from "playwright-core";
import {describe, expect, it} from "vitest";
import {servedSite} from "../helpers/servedSite.js";

const site = await servedSite();

interface Opened {
  page: Page;
  problems: string[];
  close: () => Promise<void>;
}

/** Opens `url` in a new browser context (no shared storage, no history) and waits for the lab panel. */
async function open(url: string): Promise<Opened> {
  const context = await site.browser.newContext({viewport: {width: 1280, height: 900}, acceptDownloads: true});
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  await page.goto(url);
  await page.waitForSelector("[data-testid=lab-run]", {timeout: 60_000});
  return {page, problems, close: () => context.close()};
}

/** The first panel's element with this test id. */
const hook = (testid: string) => `.lab-panel >> nth=0 >> [data-testid=${testid}]`;

async function set(page: Page, testid: string, value: string): Promise<void> {
  const selector = hook(testid);
  if ((await page.$eval(selector, (e) => e.tagName)) === "SELECT") await page.selectOption(selector, value);
  else await page.fill(selector, value);
}

const value = (page: Page, testid: string) => page.inputValue(hook(testid));

/** Clicks Run and reads the n-th run's result element. */
async function run(page: Page, n: number): Promise<Record<string, string>> {
  await page.click(hook("lab-run"));
  const element = await page.waitForSelector(`[data-testid=lab-result][data-run="${n}"]`, {timeout: 60_000});
  return element.evaluate((e) => ({...(e as HTMLElement).dataset}) as Record<string, string>);
}

/** Clicks a download link and returns the file's name and bytes. */
async function download(page: Page, testid: string): Promise<{name: string; bytes: Buffer}> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(hook(testid))]);
  return {name: file.suggestedFilename(), bytes: readFileSync((await file.path())!)};
}

interface Csv {
  comments: Map<string, string>;
  header: string[];
  rows: string[][];
}

/** The lab's CSV: `# key: value` comment lines, a header, then one line of numbers per recorded step. */
function parseCsv(text: string): Csv {
  const lines = text.trimEnd().split("\n");
  const comments = new Map<string, string>();
  while (lines[0].startsWith("#")) {
    const line = lines.shift()!;
    const colon = line.indexOf(": ");
    comments.set(line.slice(2, colon), line.slice(colon + 2));
  }
  const header = lines.shift()!.split(",");
  const rows = lines.map((line) => line.split(","));
  for (const row of rows) expect(row).toHaveLength(header.length);
  return {comments, header, rows};
}

/** A CSV column as numbers. */
const column = (csv: Csv, name: string) => csv.rows.map((row) => Number(row[csv.header.indexOf(name)]));

describe("the lab's address and downloads", () => {
  it(
    "reproduces a run from its copied address in a fresh browser context, identical floats on the engine",
    {timeout: 240_000},
    async () => {
      const first = await open(site.server.url + "lab.html");
      let url: string;
      let firstResult: Record<string, string>;
      let firstCsv: Csv;
      try {
        const {page} = first;
        const historyBefore = await page.evaluate(() => history.length);
        await set(page, "lab-seed", "7");
        await set(page, "lab-iterations", "60");
        await set(page, "lab-input-model", "hals");
        await set(page, "lab-input-ranks", "6");
        await set(page, "lab-input-backend", "engine");
        firstResult = await run(page, 1);
        expect(firstResult).toMatchObject({iterations: "60", stopReason: "iterations"});
        expect(firstResult.backend).toMatch(/^engine/);
        url = page.url();
        const params = new URL(url).searchParams;
        // Every input is in the address, each edit replaced the entry instead of adding one.
        expect([...params.keys()]).toEqual([
          "data",
          "rows",
          "model",
          "ranks",
          "loss",
          "optimizer",
          "init",
          "initScale",
          "lr",
          "iterations",
          "seed",
          "earlyStop",
          "patience",
          "backend"
        ]);
        expect(Object.fromEntries(params)).toMatchObject({seed: "7", iterations: "60", model: "hals", ranks: "6"});
        expect(await page.evaluate(() => history.length)).toBe(historyBefore);

        // The CSV: the configuration first, then every recorded step; its last row is the shown result.
        const csvFile = await download(page, "lab-download-csv");
        expect(csvFile.name).toBe("lab-mnist500-hals-r6-random1-seed7-it60-engine.csv");
        firstCsv = parseCsv(csvFile.bytes.toString("utf8"));
        expect(firstCsv.comments.get("query")).toBe(new URL(url).search);
        expect(JSON.parse(firstCsv.comments.get("settings")!)).toMatchObject({seed: 7, iterations: 60, model: "hals"});
        expect(firstCsv.header.slice(0, 8)).toEqual([
          "step",
          "timeMs",
          "relativeError",
          "error",
          "effectiveRank",
          "nuclearRatio",
          "stableRank",
          "cosineSeparation"
        ]);
        expect(firstCsv.header.slice(8)).toEqual(["sv1", "sv2", "sv3", "sv4", "sv5", "sv6"]);
        expect(column(firstCsv, "step")).toEqual(Array.from({length: 61}, (_, i) => i)); // every step up to 1,000
        const last = firstCsv.rows[firstCsv.rows.length - 1];
        expect(last[firstCsv.header.indexOf("relativeError")]).toBe(firstResult.relativeError);
        expect(last[firstCsv.header.indexOf("effectiveRank")]).toBe(firstResult.effectiveRank);

        // The Arrow file reads back in Node with the same rows, and the configuration in its metadata.
        const arrowFile = await download(page, "lab-download-arrow");
        expect(arrowFile.name).toBe("lab-mnist500-hals-r6-random1-seed7-it60-engine.arrow");
        const table = Arrow.tableFromIPC(arrowFile.bytes);
        expect(table.numRows).toBe(firstCsv.rows.length);
        for (const name of firstCsv.header.slice(0, 8))
          expect(Array.from(table.getChild(name)!.toArray() as ArrayLike<number>), name).toEqual(
            column(firstCsv, name)
          );
        const singularValues = table.getChild("singularValues")!;
        expect((singularValues.type as Arrow.FixedSizeList).listSize).toBe(6);
        for (let i = 0; i < table.numRows; ++i)
          expect(Array.from(singularValues.get(i)!.toArray() as Float64Array)).toEqual(
            firstCsv.header.slice(8).map((name) => column(firstCsv, name)[i])
          );
        const metadata = table.schema.metadata;
        expect(metadata.get("query")).toBe(new URL(url).search);
        expect(JSON.parse(metadata.get("setup")!)).toMatchObject({model: "hals", ranks: [6], seed: 7, iterations: 60});
        expect(metadata.get("stopReason")).toBe("iterations");
        expect(first.problems).toEqual([]);
      } finally {
        await first.close();
      }

      // A fresh context: nothing but the address carries the inputs.
      const second = await open(url);
      try {
        const {page} = second;
        expect(await value(page, "lab-seed")).toBe("7");
        expect(await value(page, "lab-iterations")).toBe("60");
        expect(await value(page, "lab-input-model")).toBe("hals");
        expect(await value(page, "lab-input-ranks")).toBe("6");
        expect(await value(page, "lab-input-backend")).toBe("engine");
        expect(await page.$(hook("lab-address-message"))).toBeNull();
        const again = await run(page, 1);
        expect(again.relativeError).toBe(firstResult.relativeError);
        expect(again.effectiveRank).toBe(firstResult.effectiveRank);
        expect(again.iterations).toBe(firstResult.iterations);
        // The whole trajectory, every metric but the clock, is the same to the last bit.
        const againCsv = parseCsv((await download(page, "lab-download-csv")).bytes.toString("utf8"));
        const withoutTime = (csv: Csv) => csv.rows.map((row) => row.filter((_, i) => csv.header[i] !== "timeMs"));
        expect(withoutTime(againCsv)).toEqual(withoutTime(firstCsv));
        expect(second.problems).toEqual([]);
      } finally {
        await second.close();
      }
    }
  );

  it(
    "names the address's bad values, keeps those inputs' defaults and takes the good ones",
    {timeout: 120_000},
    async () => {
      const query = "?seed=1.5&iterations=50&model=nope&ranks=-3&lr=abc&data=mnist&rows=99999&colour=blue";
      const {page, problems, close} = await open(site.server.url + "lab.html" + query);
      try {
        const message = await page.textContent(hook("lab-address-message"));
        expect(message).toContain("Ignored from the page's address");
        for (const part of ['seed="1.5"', 'model="nope"', 'ranks="-3"', 'lr="abc"', 'rows="99999"', 'colour="blue"'])
          expect(message).toContain(part);
        expect(message).toContain("must be an integer from 0 to 2147483647");
        expect(message).not.toContain("iterations=");
        expect(await value(page, "lab-seed")).toBe("0");
        expect(await value(page, "lab-iterations")).toBe("50");
        expect(await value(page, "lab-input-model")).toBe("mu");
        expect(await value(page, "lab-input-ranks")).toBe("10");
        expect(await value(page, "lab-input-lr")).toBe("0.01");
        expect(await value(page, "lab-input-rows")).toBe("500");
        // The address now holds the inputs as they are.
        expect(Object.fromEntries(new URL(page.url()).searchParams)).toMatchObject({
          seed: "0",
          iterations: "50",
          model: "mu"
        });
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    }
  );

  it("offers a stopped run's downloads and revokes them when the next run starts", {timeout: 120_000}, async () => {
    const {page, problems, close} = await open(site.server.url + "lab.html?iterations=20000&backend=engine&seed=5");
    try {
      await page.click(hook("lab-run"));
      await page.waitForFunction(() =>
        /^Step [1-9]/.test(document.querySelector("[data-testid=lab-status]")!.textContent!)
      );
      await page.click(hook("lab-stop"));
      const element = await page.waitForSelector(`[data-testid=lab-result][data-run="1"]`, {timeout: 60_000});
      const stopped = await element.evaluate((e) => ({...(e as HTMLElement).dataset}) as Record<string, string>);
      expect(stopped.stopReason).toBe("aborted");
      expect(Number(stopped.iterations)).toBeLessThan(20000);
      const csvFile = await download(page, "lab-download-csv");
      expect(csvFile.name).toBe(`lab-mnist500-mu-r10-random1-seed5-it${stopped.iterations}-engine.csv`);
      const csv = parseCsv(csvFile.bytes.toString("utf8"));
      expect(csv.comments.get("stopReason")).toBe("aborted");
      const last = csv.rows[csv.rows.length - 1];
      expect(last[csv.header.indexOf("step")]).toBe(stopped.iterations);
      expect(last[csv.header.indexOf("relativeError")]).toBe(stopped.relativeError);
      // The object URLs of the stopped run's files answer until the next run starts, then no longer.
      const hrefs = await page.$$eval(".lab-download a", (links) => links.map((a) => (a as HTMLAnchorElement).href));
      expect(hrefs).toHaveLength(2);
      const readable = () =>
        page.evaluate(
          (urls) =>
            Promise.all(
              urls.map((url) =>
                fetch(url).then(
                  (r) => r.ok,
                  () => false
                )
              )
            ),
          hrefs
        );
      expect(await readable()).toEqual([true, true]);
      await page.click(hook("lab-run"));
      await page.waitForFunction(() => document.querySelector(".lab-download") === null);
      expect(await readable()).toEqual([false, false]);
      await page.waitForFunction(() =>
        /^Step [1-9]/.test(document.querySelector("[data-testid=lab-status]")!.textContent!)
      );
      await page.click(hook("lab-stop"));
      await page.waitForSelector(`[data-testid=lab-result][data-run="2"]`, {timeout: 60_000});
      // The only problems: the browser's report of the two fetches of revoked addresses above.
      expect(problems).toEqual(hrefs.map(() => "console error: Failed to load resource: net::ERR_FILE_NOT_FOUND"));
    } finally {
      await close();
    }
  });

  it("links an embedded panel to the Lab page with its inputs", {timeout: 120_000}, async () => {
    const embedded = await open(site.server.url + "low-rank-bias.html");
    let href: string;
    let model: string;
    try {
      const {page} = embedded;
      // Panels outside the Lab page leave their page's address alone.
      expect(new URL(page.url()).search).toBe("");
      await set(page, "lab-seed", "3");
      href = (await page.$eval(hook("lab-open"), (a) => (a as HTMLAnchorElement).href))!;
      model = await value(page, "lab-input-model");
      expect(new URL(page.url()).search).toBe("");
      expect(new URL(href).pathname).toMatch(/\/lab\.html$/);
      expect(new URL(href).searchParams.get("seed")).toBe("3");
    } finally {
      await embedded.close();
    }
    const lab = await open(href);
    try {
      expect(await value(lab.page, "lab-seed")).toBe("3");
      expect(await value(lab.page, "lab-input-model")).toBe(model);
      expect(lab.problems).toEqual([]);
    } finally {
      await lab.close();
    }
  });
});
