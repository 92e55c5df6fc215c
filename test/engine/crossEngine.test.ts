// A rerun in a browser must give the build's numbers bit for bit. IEEE 754 rounds + - * / and sqrt the same in
// every JavaScript engine, but not Math.pow, exp, log or the trigonometric functions: Node 20 and Chromium 156
// disagree on 0.9 ** 6 and on Math.log(40 / 7). So the code that computes a run's iterates uses none of them
// (the metrics may: they do not feed back into the iterates, except through early stopping).
import {readFileSync, readdirSync, statSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";

const engine = new URL("../../engine/", import.meta.url).pathname;
const iterateCode = ["solvers", "kernels", "init", "linalg", "fit.ts", "random.ts", "matrix.ts"];

function files(path: string): string[] {
  return statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => files(join(path, name))) : [path];
}

/** The source without comments and string literals. */
function code(path: string): string {
  return readFileSync(path, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "")
    .replace(/"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, '""');
}

describe("the iterates", () => {
  it("use no function whose last bit differs between JavaScript engines", () => {
    const found = iterateCode
      .flatMap((part) => files(join(engine, part)))
      .filter((path) => path.endsWith(".ts"))
      .flatMap((path) =>
        [
          ...code(path).matchAll(
            /Math\.(pow|exp|expm1|log|log1p|log2|log10|sin|cos|tan|asin|acos|atan|atan2|hypot|cbrt)\b|\*\*/g
          )
        ].map((match) => `${path.slice(engine.length)}: ${match[0]}`)
      );
    // The one exception: the normal draws of the nndsvdar init's random fill (Box-Muller: log and cos), so a
    // run from nndsvdar may differ in the last bits between engines (docs/engine.md says so).
    expect(found).toEqual(["random.ts: Math.log", "random.ts: Math.cos"]);
  });

  it("take Adam's bias corrections as running products (beta^t), equal to the power to the last bits", async () => {
    const {createOptimizer, tall} = await import("../../engine/index.js");
    const x = tall(1, 1, Float64Array.of(1));
    const adam = createOptimizer([x], {kind: "adam", lr: 1e-3, beta1: 0.9, beta2: 0.999});
    // With a constant gradient the corrected moments are g and g^2 at every step, so each step moves x by
    // lr g / (|g| + eps / ...) = lr, to within eps: the corrections 1 - beta^t are right at every t.
    for (let t = 1; t <= 1000; ++t) (adam.gradients[0].fill(0.5), adam.step());
    expect(adam.params[0].data[0]).toBeCloseTo(1 - 1000 * 1e-3, 6);
  });
});
