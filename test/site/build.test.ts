import {readFileSync} from "node:fs";
import {join} from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import {
  builtFile,
  builtPages,
  configPages,
  distRoot,
  ensureSiteBuilt,
  listFiles,
  loaders,
  type SiteBuild
} from "../helpers/site.js";

let build: SiteBuild;

beforeAll(async () => {
  build = await ensureSiteBuilt();
});

describe("npm run build", () => {
  it("exits 0", () => {
    expect(build.exitCode, `npm run build failed (NMF_PROFILE=${build.profile}):\n${build.tail}`).toBe(0);
  });

  it("writes every page of the config's sidebar", () => {
    const pages = builtPages();
    for (const path of configPages()) expect(pages, `dist/ misses ${path}`).toContain(`${path.slice(1)}.html`);
  });

  it("writes the output of every data loader, so every loader is used by a page", () => {
    expect(loaders().length).toBeGreaterThan(0);
    for (const {loader, output} of loaders())
      expect(builtFile(output), `no ${output} in dist/_file/ (loader src/${loader})`).toBeDefined();
  });

  it("copies the tfjs wasm binaries and bundles the engine and tfjs", () => {
    for (const name of [
      "tfjs-backend-wasm.wasm",
      "tfjs-backend-wasm-simd.wasm",
      "tfjs-backend-wasm-threaded-simd.wasm"
    ])
      expect(builtFile(`vendor/${name}`), name).toBeDefined();
    const imports = listFiles(join(distRoot, "_import"));
    expect(imports.some((path) => /^vendor\/engine\.[0-9a-f]{8}\.js$/.test(path))).toBe(true);
    expect(imports.some((path) => /^vendor\/tf\.[0-9a-f]{8}\.js$/.test(path))).toBe(true);
    // tfjs's WebGPU backend, imported by the lab only when a run asks for it.
    expect(imports.some((path) => /^vendor\/tf-webgpu\.[0-9a-f]{8}\.js$/.test(path))).toBe(true);
  });

  it("loads nothing from another host: no external stylesheet, script, font or module", () => {
    const external: string[] = [];
    const patterns = [
      /<(?:link|script|img|iframe|source)\b[^>]*\b(?:href|src)=["']?(?:https?:)?\/\/[^"'\s>]+/gi, // HTML resources
      /@import\s+(?:url\()?["']?(?:https?:)?\/\//gi, // CSS imports
      /url\(\s*["']?(?:https?:)?\/\/[^)]+\)/gi, // CSS fonts and images
      /\b(?:from|import)\s*\(?\s*["'](?:https?:)?\/\/[^"']+["']/g, // JavaScript modules
      /\bnpm:[@a-z0-9]/gi // Framework's CDN imports
    ];
    for (const path of listFiles(distRoot).filter((path) => /\.(html|css|js)$/.test(path))) {
      const text = readFileSync(join(distRoot, path), "utf8");
      // The <a href> links of the prose (papers, the repository) are not loaded by the page.
      const loaded = path.endsWith(".html") ? text.replace(/<a\b[^>]*>/gi, "") : text;
      for (const pattern of patterns)
        for (const match of loaded.matchAll(pattern)) external.push(`${path}: ${match[0].slice(0, 120)}`);
    }
    expect(external).toEqual([]);
  });
});
