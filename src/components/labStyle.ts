/** The lab panel's style sheet (one per panel: the panel is self-contained wherever a page puts it). */
export function style(): HTMLStyleElement {
  const element = document.createElement("style");
  element.textContent = `
.lab-panel { margin: 1rem 0; font: 14px var(--sans-serif); }
.lab-inputs { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 0.4rem 1rem; margin: 0.5rem 0; }
.lab-field { display: flex; flex-direction: column; gap: 0.15rem; font-size: 13px; }
.lab-field > span { color: var(--theme-foreground-muted); }
.lab-field-earlyStop { flex-direction: row; align-items: center; gap: 0.4rem; }
.lab-field-off { opacity: 0.45; }
.lab-field-preset { max-width: 640px; margin-bottom: 0.3rem; }
.lab-field input[type=number], .lab-field input[type=text], .lab-field select { font: inherit; max-width: 100%; }
.lab-buttons { display: flex; gap: 0.5rem; margin: 0.5rem 0; }
.lab-buttons button { font: inherit; padding: 0.25rem 0.9rem; }
.lab-message { color: var(--theme-red, #c00); margin: 0.2rem 0; min-height: 1.2em; }
.lab-status { color: var(--theme-foreground-muted); margin: 0.2rem 0; min-height: 1.2em; font-variant-numeric: tabular-nums; }
.lab-result { display: block; margin: 0.3rem 0; padding: 0.4rem 0.6rem; border-left: 3px solid var(--theme-foreground-focus, #3b5fc0); background: var(--theme-background-alt); max-width: 720px; }
.lab-charts { display: flex; flex-wrap: wrap; gap: 16px; }
.lab-figure { margin: 0.5rem 0; }
.lab-images { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.lab-open { align-self: center; margin-left: 0.5rem; }
.lab-download { margin: 0.3rem 0; }
.lab-suggestion { font: inherit; font-size: 0.95em; padding: 0 0.4rem; cursor: pointer; }
`;
  return element;
}
