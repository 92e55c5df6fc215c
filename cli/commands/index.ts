import type {Command, OptionSpecs} from "../command.js";
import {describeCommand} from "./describe.js";
import {experimentCommand} from "./experiment.js";
import {fetchCommand} from "./fetch.js";
import {fitCommand} from "./fit.js";
import {rankCommand} from "./rank.js";
import {transformCommand} from "./transform.js";

/**
 * Every subcommand of `nmf`, in the order `nmf --help` lists them. To add one, write
 * `cli/commands/<name>.ts` exporting a command made with `defineCommand` and add it here.
 */
export const commands: readonly Command<OptionSpecs>[] = [
  fitCommand,
  describeCommand,
  rankCommand,
  transformCommand,
  experimentCommand,
  fetchCommand
];

export function findCommand(name: string): Command<OptionSpecs> | undefined {
  return commands.find((command) => command.name === name);
}
