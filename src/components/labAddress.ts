/**
 * The lab's inputs in a page address: every input as a query parameter named after it
 * (`?data=mnist&rows=500&model=mu&ranks=10&...&seed=0&backend=auto`), so that a copied address
 * restores the inputs and Run reproduces the run. The query string, not the hash: the page's table of
 * contents uses the hash.
 *
 * Reading checks each parameter on its own (a known name, a value of the input's kind within the lab's
 * bounds, lab/validate.ts); what it refuses is listed with the reason, and its input keeps its default.
 */
import {lab} from "./labBundle.js";
import {allFields, menuChoices, type LabField, type LabForm, type LabSettings, type SourceBounds} from "./labForm.js";

/** A parameter of an address that was not used, and why. */
export interface IgnoredParameter {
  name: string;
  value: string;
  reason: string;
}

/** The query string (with its `?`) of the settings: every input, in the form's order. */
export function queryOfSettings(settings: LabSettings): string {
  const params = new URLSearchParams();
  for (const name of allFields) {
    const value = settings[name];
    params.set(name, Array.isArray(value) ? value.join(",") : String(value));
  }
  return `?${params}`;
}

/** The settings a query string sets, each checked on its own, and the parameters it ignored. */
export function settingsOfQuery(
  query: string,
  sources: readonly Pick<SourceBounds, "id">[]
): {settings: Partial<LabSettings>; ignored: IgnoredParameter[]} {
  const settings: Record<string, unknown> = {};
  const ignored: IgnoredParameter[] = [];
  for (const [name, value] of new URLSearchParams(query)) {
    if (!(allFields as string[]).includes(name)) {
      ignored.push({name, value, reason: `not an input of the lab (its inputs: ${allFields.join(", ")})`});
      continue;
    }
    const read = parameterValue(name as LabField, value, sources);
    if ("reason" in read) ignored.push({name, value, reason: read.reason});
    else settings[name] = read.value;
  }
  return {settings: settings as Partial<LabSettings>, ignored};
}

/** One parameter's text as the value of its input, or why it is not one. */
function parameterValue(
  name: LabField,
  text: string,
  sources: readonly Pick<SourceBounds, "id">[]
): {value: unknown} | {reason: string} {
  const {labBounds} = lab;
  switch (name) {
    case "data":
      return oneOf(
        text,
        sources.map((s) => s.id)
      );
    case "model":
    case "loss":
    case "optimizer":
    case "init":
    case "backend":
      return oneOf(
        text,
        menuChoices[name].map(([value]) => value)
      );
    case "earlyStop":
      return text === "true" ? {value: true} : text === "false" ? {value: false} : {reason: "expected true or false"};
    case "ranks": {
      const parts = text.split(/[\s,]+/).filter((part) => part !== "");
      const [minLayers, maxLayers] = labBounds.layers;
      if (parts.length < minLayers || parts.length > maxLayers)
        return {reason: `expected ${minLayers} to ${maxLayers} ranks separated by commas`};
      const ranks: number[] = [];
      for (const part of parts) {
        const rank = numberIn(part, labBounds.rank, true);
        if ("reason" in rank) return {reason: `each rank ${rank.reason}`};
        ranks.push(rank.value);
      }
      return {value: ranks};
    }
    case "rows": {
      // The source's range is checked once the data is known (the panel, with the form's own checks).
      const rows = numberIn(text, [1, Number.MAX_SAFE_INTEGER], true);
      return "reason" in rows ? {reason: "must be a positive integer"} : rows;
    }
    case "initScale":
    case "lr":
      return numberIn(text, labBounds[name], false);
    case "iterations":
    case "seed":
    case "patience":
      return numberIn(text, labBounds[name], true);
  }
}

function oneOf(text: string, allowed: readonly string[]): {value: string} | {reason: string} {
  return allowed.includes(text) ? {value: text} : {reason: `expected one of ${allowed.join(", ")}`};
}

/** A decimal number (no hex, no empty text) within [min, max], an integer when asked. */
function numberIn(
  text: string,
  [min, max]: readonly [number, number],
  integer: boolean
): {value: number} | {reason: string} {
  const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text.trim()) ? Number(text) : NaN;
  if (Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value))) return {value};
  return {reason: `must be ${integer ? "an integer" : "a number"} from ${min} to ${max}`};
}

/**
 * Puts an address's settings into the form, one input after the other in the form's order (the data
 * before the number of images, the model before the ranks), each checked with the form's own rules
 * against the inputs set before it; one the form refuses goes back to its default and is listed too.
 * Returns the ignored parameters (none: the address set everything it named).
 */
export function applyQuery(
  form: LabForm,
  query: string,
  sources: readonly SourceBounds[],
  defaults: LabSettings
): IgnoredParameter[] {
  const {settings, ignored} = settingsOfQuery(query, sources);
  const params = new URLSearchParams(query);
  for (const name of allFields) {
    if (!(name in settings)) continue;
    const values: Partial<LabSettings> = {[name]: settings[name]};
    if (name === "data") {
      // Another source keeps the number of images within its range, as when the reader picks it.
      const source = sources.find((s) => s.id === settings.data)!;
      values.rows = Math.max(source.minRows, Math.min(source.maxRows, defaults.rows));
    }
    form.set(values);
    const read = form.read();
    if (read.error === undefined) continue;
    form.set(Object.fromEntries(Object.keys(values).map((key) => [key, defaults[key as LabField]])));
    ignored.push({name, value: params.getAll(name).at(-1)!, reason: read.error});
  }
  return ignored;
}

/** One line saying which parameters of the address were ignored (their inputs keep their defaults), and why. */
export function ignoredMessage(ignored: readonly IgnoredParameter[]): string {
  const items = ignored.map(({name, value, reason}) => `${name}=${JSON.stringify(value)} (${reason})`);
  return `Ignored from the page's address, the inputs keep their defaults: ${items.join("; ")}.`;
}
