// The code's shape: what a newcomer relies on when finding their way (README's architecture map).
import {readFileSync, readdirSync, statSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import * as engine from "../engine/index.js";
import {
  engineDeepImports,
  importCircles,
  localImports,
  longFunctions,
  pageShare,
  pages,
  root,
  sourceFiles
} from "./helpers/architecture.js";

const files = sourceFiles();

describe("the code's shape", () => {
  it("has no import circle", () => {
    expect(importCircles(files)).toEqual([]);
  });

  it("has no hand-written function over 120 lines", () => {
    expect(longFunctions(files, 120)).toEqual([]);
  });

  it("reaches the engine only through engine/index.ts, which exports fit, the solvers and startingFactors", () => {
    expect(engineDeepImports(files)).toEqual([]);
    for (const name of ["fit", "startingFactors", "hals", "multiplicativeUpdates", "deepGlobal", "deepLayerwise"])
      expect(typeof (engine as Record<string, unknown>)[name], name).toBe("function");
    expect(engine.INNER_STOP).toBe(0.1);
  });

  it("keeps lab/ to tfjs code and glue: no lab file redefines an engine constant or draws factors itself", () => {
    const lab = files.filter((file) => file.includes("/lab/"));
    for (const file of lab) {
      const text = readFileSync(file, "utf8");
      expect(text, file).not.toMatch(/const (INNER_STOP|ADAM_EPSILON|MU_EPSILON|MAX_INNER_SWEEPS)\s*=/);
      expect(text, file).not.toMatch(/createRandom\(/);
    }
    expect(
      lab.flatMap(localImports).filter((target) => !target.includes("/lab/") && !target.endsWith("engine/index.ts"))
    ).toEqual([]);
  });

  it("writes pages that are at most 45% code lines", () => {
    const shares = pages().map(pageShare);
    expect(shares.length).toBeGreaterThan(0);
    expect(shares.filter((s) => s.codeShare > 0.45)).toEqual([]);
  });

  it("draws every chart through plotChart (ARIA roles on Plot's labelled groups)", () => {
    const site = [...files.filter((file) => file.includes("/src/")), ...pages()];
    const direct = site.filter(
      (file) => !file.endsWith("src/components/plot.ts") && /\bPlot\.plot\(/.test(readFileSync(file, "utf8"))
    );
    expect(direct.map((file) => file.slice(root.length + 1))).toEqual([]);
  });

  it("keeps README an orientation of at most 25,000 characters that maps every top-level folder", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme.length).toBeLessThanOrEqual(25_000);
    const tracked = readdirSync(root).filter(
      (name) =>
        !name.startsWith(".") &&
        !["node_modules", "dist", "data"].includes(name) &&
        statSync(join(root, name)).isDirectory()
    );
    for (const folder of tracked) expect(readme, folder).toContain(`\`${folder}/\``);
  });
});
