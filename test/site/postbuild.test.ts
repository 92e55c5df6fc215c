// The post-build step's fixes of Framework's page shell (scripts/postbuild.ts); the built pages are checked
// in pages.test.ts and, with axe-core, in browser.test.ts.
import {describe, expect, it} from "vitest";
import {accessibleShell} from "../../scripts/postbuild.js";

const shell = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">
</head>
<body>
<input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar">
<label id="observablehq-sidebar-backdrop" for="observablehq-sidebar-toggle"></label>
<nav id="observablehq-sidebar">
  <ol>
    <label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"></label>
    <li class="observablehq-link"><a href="./">Home</a></li>
  </ol>
</nav>
<pre data-language="sh"><code>npx nmf fit</code></pre>`;

describe("the post-build step", () => {
  it("sets the language, allows zoom, labels the sidebar toggle, takes the close button out of the list, focuses code", () => {
    const fixed = accessibleShell(shell);
    expect(fixed).toContain('<html lang="en">');
    expect(fixed).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(fixed).toContain('title="Toggle sidebar" aria-label="Toggle sidebar">');
    expect(fixed).toMatch(/<label id="observablehq-sidebar-close"[^>]*><\/label><ol>\s*<li/);
    expect(fixed).toContain('<pre data-language="sh" tabindex="0">');
    expect(accessibleShell(fixed)).toBe(fixed);
  });

  it("refuses a page that is not Framework's shell, naming the file", () => {
    expect(() => accessibleShell("<p>hello</p>", "dist/x.html")).toThrow(/dist\/x\.html: no <html> or viewport meta/);
  });
});
