/**
 * Figure captions that state what was run: model, ranks, loss, optimizer, learning rate, init,
 * seed, iterations, data and the experiment's profile. Every figure of the site ends its caption
 * with `caption(config)`, so that a reader can rerun it with `npx nmf`.
 */

import {noteSource} from "./figureData.js";

/** The configuration of one run, as the runs tables record it (every field optional). */
export interface RunConfig {
  experiment?: string;
  /** The experiments' profile: quick, default or full. */
  profile?: string;
  /** The data spec (`mnist:2000`) or a short description of the data. */
  data?: string;
  dataSeed?: number;
  model?: string;
  /** r (flat models) or r1, ..., rk (deep), as numbers or as text such as "20,10". */
  ranks?: readonly number[] | ArrayLike<number> | string | number;
  loss?: string;
  optimizer?: string;
  lr?: number;
  init?: string;
  initScale?: number;
  seed?: number;
  iterations?: number;
  l1?: number;
  cos?: number;
}

const modelNames: Record<string, string> = {
  mu: "NMF by multiplicative updates",
  hals: "NMF by HALS",
  adam: "NMF by projected Adam",
  gd: "NMF by projected gradient descent",
  deep: "Deep NMF"
};

const order: (keyof RunConfig)[] = [
  "model",
  "ranks",
  "loss",
  "optimizer",
  "lr",
  "init",
  "initScale",
  "seed",
  "iterations",
  "l1",
  "cos",
  "data",
  "dataSeed",
  "experiment",
  "profile"
];

const fieldNames: Record<keyof RunConfig, string> = {
  experiment: "experiment",
  profile: "profile",
  data: "data",
  dataSeed: "data seed",
  model: "model",
  ranks: "ranks",
  loss: "loss",
  optimizer: "optimizer",
  lr: "learning rate",
  init: "init",
  initScale: "init scale",
  seed: "seed",
  iterations: "iterations",
  l1: "L1 weight",
  cos: "cosine-separation weight"
};

/**
 * One sentence describing a run, or, for several runs, what they share and what varies
 * ("varying: model (mu, hals, adam)"). Missing fields are left out.
 */
export function caption(config: RunConfig | readonly RunConfig[], {note}: {note?: string} = {}): string {
  const configs = Array.isArray(config) ? (config as readonly RunConfig[]) : [config as RunConfig];
  if (configs.length === 0) throw new RangeError("invalid config: no run");
  const shared: RunConfig = {};
  const varying: [keyof RunConfig, string[]][] = [];
  const partial: [keyof RunConfig, string][] = [];
  for (const key of order) {
    const values = unique(configs.map((c) => formatValue(key, c[key])).filter((v): v is string => v !== undefined));
    const everywhere = configs.every((c) => formatValue(key, c[key]) !== undefined);
    if (values.length === 1 && everywhere) (shared as any)[key] = configs.find((c) => c[key] !== undefined)![key];
    else if (values.length === 1) partial.push([key, values[0]]);
    else if (values.length > 1) varying.push([key, values]);
  }
  const parts = [describe(shared)];
  if (partial.length > 0)
    parts.push(`where it applies: ${partial.map(([key, value]) => `${fieldNames[key]} ${value}`).join(", ")}`);
  // Lists of ranks are bracketed so that "20, 10" reads as one configuration.
  const item = (key: keyof RunConfig, value: string) => (key === "ranks" && value.includes(",") ? `[${value}]` : value);
  if (varying.length > 0)
    parts.push(
      `varying: ${varying.map(([key, values]) => `${fieldNames[key]} (${values.map((v) => item(key, v)).join(", ")})`).join("; ")}`
    );
  const sentence = parts.filter(Boolean).join("; ");
  const text = `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
  if (shared.experiment !== undefined && shared.profile !== undefined)
    noteSource(text, {experiment: String(shared.experiment), profile: String(shared.profile)});
  return `${note ? `${note} ` : ""}${text}`;
}

/** The shared part: "Deep NMF (global loss), ranks 20, 10; Adam, learning rate 0.01; ..." */
function describe(c: RunConfig): string {
  const groups: string[] = [];
  const model = c.model !== undefined ? (modelNames[c.model] ?? c.model) : undefined;
  const ranks = formatValue("ranks", c.ranks);
  // The loss matters only for deep models (flat models have one objective).
  const lossText = c.loss && (c.model === undefined || c.model === "deep") ? `${c.loss} loss` : undefined;
  const modelText = model && (lossText ? `${model} (${lossText})` : model);
  const head = [modelText, ranks && `ranks ${ranks}`].filter(Boolean).join(", ");
  if (head) groups.push(head);
  if (lossText && !modelText) groups.push(lossText);
  const step = [c.optimizer, c.lr !== undefined && `learning rate ${formatNumber(c.lr)}`].filter(Boolean).join(", ");
  if (step) groups.push(step);
  const init = [
    c.init !== undefined && `init ${c.init}`,
    c.initScale !== undefined && `scale ${formatNumber(c.initScale)}`,
    c.seed !== undefined && `seed ${c.seed}`
  ]
    .filter(Boolean)
    .join(", ");
  if (init) groups.push(init);
  if (c.iterations !== undefined) groups.push(`${formatInteger(c.iterations)} iterations`);
  const penalties = [
    c.l1 !== undefined && `L1 weight ${formatNumber(c.l1)}`,
    c.cos !== undefined && `cosine-separation weight ${formatNumber(c.cos)}`
  ]
    .filter(Boolean)
    .join(", ");
  if (penalties) groups.push(penalties);
  const data = [c.data !== undefined && `data ${c.data}`, c.dataSeed !== undefined && `data seed ${c.dataSeed}`]
    .filter(Boolean)
    .join(", ");
  if (data) groups.push(data);
  const origin = [c.experiment !== undefined && `experiment ${c.experiment}`, c.profile && `profile ${c.profile}`]
    .filter(Boolean)
    .join(", ");
  if (origin) groups.push(origin);
  return groups.join("; ");
}

function formatValue(key: keyof RunConfig, value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (key === "ranks") {
    if (typeof value === "string")
      return value
        .split(/[,\s]+/)
        .filter(Boolean)
        .join(", ");
    if (typeof value === "number") return String(value);
    return Array.from(value as ArrayLike<number>).join(", ");
  }
  if (key === "model") return String(value);
  if (key === "iterations") return formatInteger(Number(value));
  if (typeof value === "number") return formatNumber(value);
  return String(value);
}

/** Numbers as a reader writes them: 0.01, 1e-4, 112, 20,000. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return formatInteger(value);
  const abs = Math.abs(value);
  if (abs < 1e-3 || abs >= 1e6)
    return value
      .toExponential()
      .replace(/\.?0+e/, "e")
      .replace("e+", "e");
  return String(Number(value.toPrecision(4)));
}

export function formatInteger(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
