/**
 * The lab's inputs: plain HTML controls (each labelled, each with `data-testid="lab-input-NAME"`, except
 * `lab-seed` and `lab-iterations`),
 * read into settings and checked against the lab's bounds and the engine's rules before any run.
 */
import type {Init, LabConfig, LabSetup, Loss, Model, Optimizer} from "../../lab/index.js";
import {lab} from "./labBundle.js";
import type {BackendName} from "./tfBackend.js";

/** The lab's bounds (lab/validate.ts), shown as the number inputs' min and max. */
const {labBounds} = lab;

/** What the inputs hold. */
export interface LabSettings {
  data: "mnist" | "flowers" | "mnist-exact";
  /** The first this many images of the data. */
  rows: number;
  model: Model;
  ranks: number[];
  loss: Loss;
  optimizer: Optimizer;
  init: Init;
  initScale: number;
  lr: number;
  iterations: number;
  seed: number;
  earlyStop: boolean;
  patience: number;
  /** `engine`: the build's own engine, float64, in a Web Worker; the others are tfjs backends (float32). */
  backend: "auto" | "engine" | BackendName;
}

export type LabField = keyof LabSettings;

/** The lab's default configuration: MU on 500 digits, rank 10, 300 iterations, seed 0. */
export const labDefaults: LabSettings = {
  data: "mnist",
  rows: 500,
  model: "mu",
  ranks: [10],
  loss: "global",
  optimizer: "adam",
  init: "random",
  initScale: 1,
  lr: 0.01,
  iterations: 300,
  seed: 0,
  earlyStop: false,
  patience: 100,
  backend: "auto"
};

export const allFields: LabField[] = [
  "data",
  "rows",
  "model",
  "ranks",
  "loss",
  "optimizer",
  "init",
  "initScale",
  "lr",
  "iterations",
  "seed",
  "earlyStop",
  "patience",
  "backend"
];

/** The inputs a compact panel shows; the others keep their defaults. */
export const compactFields: LabField[] = ["model", "ranks", "initScale", "lr", "iterations", "seed"];

const labels: Record<LabField, string> = {
  data: "Data",
  rows: "Images",
  model: "Model",
  ranks: "Ranks",
  loss: "Deep loss",
  optimizer: "Deep optimizer",
  init: "Init",
  initScale: "Init scale",
  lr: "Learning rate",
  iterations: "Iterations",
  seed: "Seed",
  earlyStop: "Early stopping",
  patience: "Patience",
  backend: "Backend"
};

const hints: Partial<Record<LabField, string>> = {
  ranks: "one rank, or r1, r2[, r3] for deep",
  rows: "the first N images",
  initScale: "random and eye inits",
  lr: "adam, gd and deep",
  patience: "steps on a plateau",
  backend:
    "auto: with a GPU, the faster of tfjs (WebGPU or WebGL) and the engine on a few steps of this run; else the engine (exact, float64)"
};

export interface SourceBounds {
  id: LabSettings["data"];
  label: string;
  minRows: number;
  maxRows: number;
  cols: number;
}

export interface LabForm {
  element: HTMLElement;
  /** The settings the inputs hold, or the first problem as a one-line message naming the input. */
  read(): {settings: LabSettings; error?: undefined} | {error: string; settings?: undefined};
  /** Puts values into the inputs (without running anything). */
  set(settings: Partial<LabSettings>): void;
}

/** Builds the inputs; `onChange` runs after every edit. */
export function labForm(
  sources: SourceBounds[],
  {
    defaults,
    fields,
    validate,
    onChange
  }: {
    defaults: LabSettings;
    fields: LabField[];
    validate: (config: LabConfig, shape: {rows: number; cols: number}) => void;
    onChange: () => void;
  }
): LabForm {
  const element = document.createElement("div");
  element.className = "lab-inputs";
  const controls = new Map<LabField, HTMLInputElement | HTMLSelectElement>();
  const wrappers = new Map<LabField, HTMLElement>();

  for (const name of fields) {
    const control = inputControl(name, sources);
    const wrapper = labelled(name, control);
    element.append(wrapper);
    controls.set(name, control);
    wrappers.set(name, wrapper);
    control.addEventListener(
      control instanceof HTMLSelectElement || control.type === "checkbox" ? "change" : "input",
      () => {
        if (name === "data") clampRows();
        refreshEnabled();
        onChange();
      }
    );
  }

  const valueOf = (name: LabField): string | boolean | undefined => {
    const control = controls.get(name);
    if (!control) return undefined;
    return control instanceof HTMLInputElement && control.type === "checkbox" ? control.checked : control.value;
  };

  /** Greys out the inputs the chosen model or init ignores. */
  function refreshEnabled(): void {
    const model = (valueOf("model") as Model | undefined) ?? current.model;
    const init = (valueOf("init") as Init | undefined) ?? current.init;
    const gradient = model === "adam" || model === "gd" || model === "deep";
    const enable = (name: LabField, on: boolean) => {
      const control = controls.get(name);
      if (control) control.disabled = !on;
      wrappers.get(name)?.classList.toggle("lab-field-off", !on);
    };
    enable("lr", gradient);
    enable("loss", model === "deep");
    enable("optimizer", model === "deep");
    enable("initScale", init === "random" || init === "eye");
    enable("patience", (valueOf("earlyStop") as boolean | undefined) ?? current.earlyStop);
    const data = (valueOf("data") as string | undefined) ?? current.data;
    const source = sources.find((s) => s.id === data) ?? sources[0];
    const rows = controls.get("rows") as HTMLInputElement | undefined;
    if (rows) ((rows.min = String(source.minRows)), (rows.max = String(source.maxRows)));
  }

  /** Another data source: keeps the number of images within its range. */
  function clampRows(): void {
    const source = sources.find((s) => s.id === valueOf("data"));
    const rows = controls.get("rows");
    if (!source || !rows) return;
    const value = Number(rows.value);
    if (!(value >= source.minRows && value <= source.maxRows))
      rows.value = String(
        Math.max(source.minRows, Math.min(source.maxRows, Number.isFinite(value) ? value : source.maxRows))
      );
  }

  /** Settings not shown as inputs keep these values. */
  let current: LabSettings = {...defaults};

  function set(settings: Partial<LabSettings>): void {
    current = {...current, ...settings};
    for (const [name, control] of controls) {
      if (!(name in settings)) continue; // the reader's value stays
      const value = current[name];
      if (control instanceof HTMLInputElement && control.type === "checkbox") control.checked = value as boolean;
      else control.value = Array.isArray(value) ? value.join(", ") : String(value);
    }
    refreshEnabled();
  }

  function read(): ReturnType<LabForm["read"]> {
    const s: LabSettings = {...current};
    try {
      for (const name of controls.keys()) (s as unknown as Record<string, unknown>)[name] = parse(name, valueOf(name)!);
    } catch (error) {
      return {error: (error as Error).message};
    }
    const source = sources.find((x) => x.id === s.data);
    if (!source)
      return {error: `invalid data: ${JSON.stringify(s.data)} (expected ${sources.map((x) => x.id).join(" or ")})`};
    if (!(Number.isInteger(s.rows) && s.rows >= source.minRows && s.rows <= source.maxRows))
      return {error: `invalid images: ${s.rows} (must be an integer from ${source.minRows} to ${source.maxRows})`};
    try {
      validate(labConfig(s), {rows: s.rows, cols: source.cols});
    } catch (error) {
      return {error: (error as Error).message};
    }
    return {settings: s};
  }

  set(defaults);
  return {element, read, set};
}

/** The values, with their labels, of the inputs that are menus (the data's depend on the sources). */
export const menuChoices = {
  model: [
    ["mu", "mu: multiplicative updates"],
    ["hals", "hals: HALS"],
    ["adam", "adam: projected Adam"],
    ["gd", "gd: projected gradient"],
    ["deep", "deep: Deep NMF (1-3 layers)"]
  ],
  loss: [
    ["global", "global"],
    ["layerwise", "layer-wise"]
  ],
  optimizer: [
    ["adam", "adam"],
    ["gd", "gd"]
  ],
  init: [
    ["random", "random (uniform)"],
    ["eye", "eye"],
    ["nndsvd", "nndsvd"],
    ["nndsvda", "nndsvda"],
    ["nndsvdar", "nndsvdar"]
  ],
  backend: [
    ["auto", "auto"],
    ["engine", "engine (exact)"],
    ["webgpu", "tfjs webgpu"],
    ["webgl", "tfjs webgl"],
    ["wasm", "tfjs wasm"],
    ["cpu", "tfjs cpu"]
  ]
} as const satisfies Partial<Record<LabField, readonly (readonly [string, string])[]>>;

/** The control of one input, before its name and test id are set. */
function inputControl(name: LabField, sources: SourceBounds[]): HTMLInputElement | HTMLSelectElement {
  switch (name) {
    case "data":
      return select(sources.map((s) => [s.id, s.label]));
    case "rows":
      return number(undefined, undefined, "1");
    case "model":
    case "loss":
    case "optimizer":
    case "init":
    case "backend":
      return select(menuChoices[name]);
    case "ranks": {
      const control = document.createElement("input");
      control.type = "text";
      control.size = 8;
      return control;
    }
    case "initScale":
      return number(...labBounds.initScale);
    case "lr":
      return number(...labBounds.lr);
    case "iterations":
      return number(...labBounds.iterations, "1");
    case "seed":
      return number(...labBounds.seed, "1");
    case "earlyStop": {
      const control = document.createElement("input");
      control.type = "checkbox";
      return control;
    }
    case "patience":
      return number(...labBounds.patience, "1");
  }
}

function select(options: readonly (readonly [string, string])[]): HTMLSelectElement {
  const control = document.createElement("select");
  for (const [value, text] of options) control.append(new Option(text, value));
  return control;
}

function number(min?: number, max?: number, step = "any"): HTMLInputElement {
  const control = document.createElement("input");
  control.type = "number";
  control.step = step;
  if (min !== undefined) control.min = String(min);
  if (max !== undefined) control.max = String(max);
  return control;
}

/** Test ids that are not `lab-input-NAME`: the inputs a shared address is checked through. */
const testIds: Partial<Record<LabField, string>> = {seed: "lab-seed", iterations: "lab-iterations"};

/**
 * The control named and labelled (its hint as the label's title), with `data-testid="lab-input-NAME"`
 * (`lab-seed` and `lab-iterations` for those two).
 */
function labelled(name: LabField, control: HTMLInputElement | HTMLSelectElement): HTMLElement {
  control.name = name;
  control.dataset.testid = testIds[name] ?? `lab-input-${name}`;
  const wrapper = document.createElement("label");
  wrapper.className = `lab-field lab-field-${name}`;
  const text = document.createElement("span");
  text.textContent = labels[name];
  if (hints[name]) text.title = hints[name]!;
  wrapper.append(text, control);
  return wrapper;
}

/** One input's text as a setting; throws a one-line message on text that is not a value. */
function parse(name: LabField, value: string | boolean): unknown {
  if (typeof value === "boolean") return value;
  switch (name) {
    case "ranks": {
      const parts = value.split(/[\s,]+/).filter((part) => part !== "");
      const ranks = parts.map(Number);
      if (parts.length === 0 || !ranks.every(Number.isFinite))
        throw new Error(`invalid ranks: ${JSON.stringify(value)} (integers separated by commas, e.g. 20, 10)`);
      return ranks;
    }
    case "rows":
    case "initScale":
    case "lr":
    case "iterations":
    case "seed":
    case "patience": {
      // An empty or unparsable number input reads "": NaN, refused by the checks with the input's name.
      const trimmed = value.trim();
      return trimmed === "" ? NaN : Number(trimmed);
    }
    default:
      return value;
  }
}

/** The lab configuration of the settings: only what the model reads. */
export function labConfig(s: LabSettings): LabConfig {
  const gradient = s.model === "adam" || s.model === "gd" || s.model === "deep";
  return {
    model: s.model,
    ranks: s.ranks,
    iterations: s.iterations,
    init: s.init,
    initScale: s.initScale,
    seed: s.seed,
    ...(gradient ? {lr: s.lr} : {}),
    ...(s.model === "deep" ? {loss: s.loss, optimizer: s.optimizer} : {}),
    earlyStop: s.earlyStop ? {patience: s.patience} : false
  };
}

export function labSetup(s: LabSettings): LabSetup {
  return {...labConfig(s), data: s.data, rows: s.rows};
}
