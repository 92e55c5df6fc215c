import {defineConfig} from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 900_000,
    // The site build and browser tests share dist/; files run one at a time, tests inside a file in order.
    fileParallelism: false,
    reporters: ["default"]
  }
});
