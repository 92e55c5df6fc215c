/**
 * Inline pieces of the write-up's evidence paragraphs: a verdict (green when the claim holds on our
 * runs, red when it does not) and a span joining text and nodes, so that pages need no `html`
 * template (Framework's implicit `html` would be fetched from a CDN; see docs/site.md, "Building without a network").
 */

/** "holds" (green) or "does not hold" (red), with the words given. */
export function verdict(holds: boolean, yes: string, no: string): HTMLSpanElement {
  const span = document.createElement("span");
  span.className = holds ? "verdict-holds" : "verdict-fails";
  span.textContent = holds ? yes : no;
  return span;
}

/** One span of text and nodes, in order; null, undefined and false are skipped; "\n" becomes a line break. */
export function inline(...parts: (string | number | Node | null | undefined | false)[]): HTMLSpanElement {
  const span = document.createElement("span");
  for (const part of parts) {
    if (part === null || part === undefined || part === false) continue;
    if (typeof part === "string" && part === "\n") span.append(document.createElement("br"));
    else span.append(typeof part === "number" ? String(part) : part);
  }
  return span;
}
