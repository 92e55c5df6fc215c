import type {Browser} from "playwright-core";
import {afterAll, beforeAll} from "vitest";
import {launchChromium} from "./browser.js";
import {serveDirectory, type StaticServer} from "./serve.js";
import {distRoot, ensureSiteBuilt} from "./site.js";

/** Headless Chromium and a server of dist/, open for the tests of one file. */
export interface ServedSite {
  browser: Browser;
  server: StaticServer;
}

/**
 * The built site for a test file's browser tests: builds it once (or reuses the build) before the file's
 * tests are collected, failing with the build log's tail, then launches Chromium and serves dist/ around
 * the file's tests. `prepare` runs first in beforeAll (e.g. clearing a folder of screenshots).
 */
export async function servedSite(prepare?: () => void): Promise<ServedSite> {
  const build = await ensureSiteBuilt();
  if (build.exitCode !== 0) throw new Error(`npm run build failed; see test/output/site-build.log\n${build.tail}`);
  const site = {} as ServedSite;
  beforeAll(async () => {
    prepare?.();
    [site.browser, site.server] = await Promise.all([launchChromium(), serveDirectory(distRoot)]);
  });
  afterAll(async () => {
    await Promise.all([site.browser?.close(), site.server?.close()]);
  });
  return site;
}
