/**
 * The full real datasets, for the tests that need them. Small fixtures in test/fixtures/ stand in
 * for them everywhere, so the dataset code is always tested; the tests on the full datasets are
 * declared only where the data is found, under a title that starts with `real <dataset>:`, and the
 * line that test/helpers/summaryReporter.ts prints after the run says which ran and which could not.
 */
import {existsSync} from "node:fs";
import {join} from "node:path";
import {describe} from "vitest";
import {findDataset} from "../../datasets/locations.js";
import {repositoryRoot, sharedFlowersDir} from "./site.js";

export type RealDataset = "Flowers102" | "Fashion-MNIST";

/** The small stand-ins committed with the tests (see test/fixtures/README.md). */
export const fixtures = {
  flowers102: join(repositoryRoot, "test", "fixtures", "flowers102"),
  fashionMnistGz: join(repositoryRoot, "test", "fixtures", "fashion-mnist", "gz"),
  fashionMnistRaw: join(repositoryRoot, "test", "fixtures", "fashion-mnist", "raw")
};

/**
 * Where a full dataset is on this machine, or undefined: Flowers102 from NMF_FLOWERS102_DIR, the data
 * dir, then the shared copy beside the repository; Fashion-MNIST from NMF_FASHION_MNIST_DIR, the data
 * dir, then Debian's /usr/share/datasets/fashion-mnist.
 */
export function realDataDir(dataset: RealDataset): string | undefined {
  if (dataset === "Fashion-MNIST") return findDataset("fashion-mnist");
  return findDataset("flowers102") ?? (existsSync(join(sharedFlowersDir, "jpg")) ? sharedFlowersDir : undefined);
}

/** Tests on a full dataset: declared when it is found (never skipped), named `real <dataset>: <title>`. */
export function describeRealData(dataset: RealDataset, title: string, tests: (dir: string) => void): void {
  const dir = realDataDir(dataset);
  if (dir !== undefined) describe(`real ${dataset}: ${title}`, () => tests(dir));
}
