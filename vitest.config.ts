import {defineConfig} from "vitest/config";

// One id per vitest run, inherited by the test workers: the site is built once per run (test/helpers/site.ts).
process.env.NMF_TEST_RUN ??= `${process.pid}-${Date.now()}`;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 900_000,
    // The site build and browser tests share dist/; files run one at a time, tests inside a file in order.
    fileParallelism: false,
    // The summary reporter prints which real datasets and which browser the run used (test/helpers/).
    reporters: ["default", "./test/helpers/summaryReporter.ts"]
  }
});
