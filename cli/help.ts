import type {Command, OptionSpec, OptionSpecs} from "./command.js";

const WIDTH = 100;

export function globalHelp(commands: readonly Command<OptionSpecs>[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 3;
  return [
    "nmf: non-negative matrix factorization (NMF, Deep NMF) and the low-rank bias of its training",
    "",
    "Usage: nmf <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    "Run `nmf <command> --help` for a command's options.",
    "Errors are one line on stderr; exit code 2 means bad input, 1 a failed run.",
    ""
  ].join("\n");
}

export function commandHelp(command: Command<OptionSpecs>): string {
  const rows = Object.entries(command.options).map(([name, spec]) => [flagColumn(name, spec), describe(spec)]);
  rows.push(["-h, --help", "show this help"]);
  const width = Math.min(28, Math.max(...rows.map(([flag]) => flag.length)) + 2);
  const lines = [`Usage: ${command.usage}`, ""];
  for (const paragraph of command.description?.split("\n") ?? []) lines.push(...wrap(paragraph, WIDTH, ""), "");
  lines.push("Options:");
  for (const [flag, text] of rows) {
    const indent = " ".repeat(2 + width);
    const wrapped = wrap(text, WIDTH - indent.length, indent);
    if (flag.length + 2 <= width) lines.push(`  ${flag.padEnd(width)}${wrapped[0].trimStart()}`, ...wrapped.slice(1));
    else lines.push(`  ${flag}`, ...wrapped);
  }
  if (command.examples?.length) lines.push("", "Examples:", ...command.examples.map((e) => `  ${e}`));
  return lines.join("\n") + "\n";
}

function flagColumn(name: string, spec: OptionSpec): string {
  if (spec.type === "boolean") return `--${name}`;
  const valueName =
    spec.valueName ??
    (spec.type === "integers" ? "N,N,..." : spec.type === "string" ? "TEXT" : spec.type === "integer" ? "N" : "X");
  return `--${name} ${valueName}`;
}

function describe(spec: OptionSpec): string {
  let text = spec.description;
  if (spec.type === "string" && spec.choices) {
    // The choices go right after the description, before any bracketed note such as a default.
    const at = text.indexOf(" [");
    const choices = ` (${spec.choices.join("|")})`;
    text = at < 0 ? text + choices : text.slice(0, at) + choices + text.slice(at);
  }
  if ("required" in spec && spec.required) text += " [required]";
  if ("default" in spec && spec.default !== undefined) {
    text += ` [default: ${Array.isArray(spec.default) ? spec.default.join(",") : spec.default}]`;
  }
  return text;
}

/** Greedy word wrap; every line starts with `indent`. */
function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) (lines.push(indent + line), (line = word));
    else line = line ? `${line} ${word}` : word;
  }
  lines.push(indent + line);
  return lines;
}
