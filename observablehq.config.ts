// Observable Framework configuration of the report site (https://observablehq.com/framework/config).
// Everything the built site loads comes from its own origin: no Google Fonts, no CDN, no telemetry
// (OBSERVABLE_TELEMETRY_DISABLE is set by the npm scripts). See docs/site.md, "Building without a network".
import {existsSync, readFileSync} from "node:fs";
import {delimiter, join} from "node:path";
import {fileURLToPath} from "node:url";

const root = fileURLToPath(new URL("src/", import.meta.url));

/** The report's pages in reading order, with the sidebar name used when the page has no title. */
const plannedPages: [path: string, fallbackName: string][] = [
  ["low-rank-bias", "The low-rank bias"],
  ["solvers", "Solvers compared"],
  ["deep-nmf", "Deep NMF"],
  ["flowers", "Flowers"],
  ["methods", "Methods"],
  ["lab", "Lab"],
  ["theory", "Theory"]
];

/** The page's title: `title:` in its front matter, else its first level-one heading. */
function pageTitle(source: string): string | undefined {
  const front = /^---\n([\s\S]*?)\n---/.exec(source)?.[1];
  const title = front && /^title:\s*(.+)$/m.exec(front)?.[1];
  if (title) return title.replace(/^["']|["']$/g, "").trim();
  return /^# (.+)$/m.exec(source)?.[1].trim();
}

/** Only the pages that exist, so that pages can land one at a time. */
const pages = plannedPages
  .filter(([path]) => existsSync(`${root}${path}.md`))
  .map(([path, fallbackName]) => ({
    name: pageTitle(readFileSync(`${root}${path}.md`, "utf8")) ?? fallbackName,
    path: `/${path}`
  }));

/** Seconds a data loader may run before it is killed (a failed loader fails the build). */
const loaderTimeout = process.env.NMF_LOADER_TIMEOUT ?? "1800";
if (!/^[1-9][0-9]*$/.test(loaderTimeout))
  throw new RangeError(`invalid NMF_LOADER_TIMEOUT: ${JSON.stringify(loaderTimeout)} (seconds, a positive integer)`);
const tsx = fileURLToPath(new URL("node_modules/.bin/tsx", import.meta.url));

/** GNU timeout kills tsx's whole process group when time is up; without it (macOS), loaders run unbounded. */
const timeout = (process.env.PATH ?? "").split(delimiter).some((dir) => dir && existsSync(join(dir, "timeout")));

export default {
  root: "src",
  title: "NMF and the low-rank bias",
  pages,
  // Self-hosted styles only: the default theme plus ours, without the Google Fonts stylesheet.
  globalStylesheets: [],
  style: "style.css",
  head: '<link rel="icon" href="favicon.svg" type="image/svg+xml">',
  footer: "NMF and the low-rank bias: an engine, a CLI and this report. MIT license.",
  toc: true,
  pager: true,
  search: false,
  // Links end in .html, so dist/ works from any static file server, under any base path.
  preserveExtension: true,
  // TypeScript loaders run through tsx, bounded in time.
  interpreters: {".ts": timeout ? ["timeout", loaderTimeout, tsx] : [tsx]}
};
