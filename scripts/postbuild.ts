// The site's post-build step (`npm run build` runs it after Framework): fixes in every built page what
// Framework 1.13's page shell gets wrong for accessibility, where no configuration reaches it.
//
// - `<html>` gets `lang="en"` (screen readers pick their voice from it);
// - the viewport meta stops forbidding zoom (`maximum-scale=1` blocks pinch zoom on phones);
// - the sidebar's toggle, a checkbox labelled only by its `title`, gets an `aria-label`;
// - the sidebar's close button, a `<label>` that Framework puts directly inside the `<ol>` of links (a list
//   may only hold `<li>`), moves just before that list;
// - code blocks (`<pre>`), which scroll sideways when a line is long, take keyboard focus.
//
// Each page is rewritten atomically; a page that does not look like Framework's shell fails the build with
// the file named, so a change of Framework cannot silently skip the fixes.
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {writeFileAtomic} from "../io/atomicWrite.js";

const closeButton = /(<ol>\s*)(<label id="observablehq-sidebar-close"[^>]*><\/label>)/;

/** The page with the four fixes; throws if the page is not Framework's shell. */
export function accessibleShell(html: string, file = "page"): string {
  if (!/<html[\s>]/.test(html) || !/<meta name="viewport"[^>]*>/.test(html))
    throw new Error(`${file}: no <html> or viewport meta where Framework's page shell has them`);
  return html
    .replace("<html>", '<html lang="en">')
    .replace(/(<meta name="viewport" content="[^"]*?),\s*maximum-scale=1"/, '$1"')
    .replace(
      '<input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar">',
      '<input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar" aria-label="Toggle sidebar">'
    )
    .replace(closeButton, "$2$1")
    .replace(/<pre data-language="([^"]*)">/g, '<pre data-language="$1" tabindex="0">');
}

function pages(folder: string): string[] {
  return readdirSync(folder, {withFileTypes: true}).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith("_") ? [] : pages(path);
    return entry.name.endsWith(".html") ? [path] : [];
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = join(fileURLToPath(new URL(".", import.meta.url)), "..", "dist");
  const files = pages(dist);
  for (const file of files) await writeFileAtomic(file, accessibleShell(readFileSync(file, "utf8"), file));
  console.log(`postbuild: lang, zoom, the sidebar's labels and focusable code blocks fixed in ${files.length} pages`);
}
