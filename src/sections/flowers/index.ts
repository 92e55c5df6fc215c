// The flowers page's sections (src/flowers.md).
export * from "./curves.js";
export * from "./images.js";
export * from "./overview.js";
export * from "./reference.js";
