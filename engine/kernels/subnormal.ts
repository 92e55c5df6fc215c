/**
 * The smallest normal float64, 2^-1022. Below it lie the subnormal numbers, which x86 CPUs compute many
 * times slower (a microcode assist per operation; WebAssembly has no flush-to-zero mode to turn that
 * off). Quantities that a solver drives geometrically towards 0 get there and stay: MU's factor entries
 * (f <- f * ratio with ratio < 1: MU's step at rank 20 on `mnist:2000` went from 3.3 to 65 ms over
 * 5,000 steps) and Adam's first moments of entries whose gradient is exactly 0 (0.9 times the smallest
 * subnormal rounds back to it: Adam's update 3.4 times slower by the end of a 20,000-step run). Those
 * solvers set such values to 0 instead, in TypeScript and WebAssembly alike. At the step it happens this
 * changes no product by more than about 1e-300; but a MU entry set to 0 stays 0, where a subnormal one
 * could grow back over thousands of steps: the `optimizers` experiment's MU runs from a start of scale
 * 1e-4 and 1e-6 moved by up to 2.6e-6 of their error from about step 3,000 on (every other run of the
 * default build gave the same bits).
 */
export const SMALLEST_NORMAL = 2.2250738585072014e-308;
