import {InputError, isInputError} from "../engine/index.js";

/**
 * Re-labels an InputError thrown by the engine or the data loaders with the flag the user typed:
 * `invalid iterations: 0 (...)` becomes `invalid --iters: 0 (...)`. Other errors pass through.
 */
export function renameParameters(error: unknown, flags: Record<string, string>): unknown {
  if (!isInputError(error)) return error;
  const {parameter, value, reason} = error as InputError;
  const flag = Object.hasOwn(flags, parameter) ? flags[parameter] : undefined;
  return flag ? new InputError(flag, value, reason) : error;
}
