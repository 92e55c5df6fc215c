/**
 * The smallest normal float64, 2^-1022. Below it lie the subnormal numbers, which x86 CPUs compute many
 * times slower (a microcode assist per operation; WebAssembly has no flush-to-zero mode to turn that
 * off). Quantities that a solver drives geometrically towards 0 get there and stay: MU's factor entries
 * (f <- f * ratio with ratio < 1: MU's step at rank 20 on `mnist:2000` went from 3.3 to 65 ms over
 * 5,000 steps) and Adam's first moments of entries whose gradient is exactly 0 (0.9 times the smallest
 * subnormal rounds back to it: Adam's update 3.4 times slower by the end of a 20,000-step run). Those
 * solvers set such values to 0 instead, in TypeScript and WebAssembly alike. A value this small changes
 * no product a run records: times any entry of the data or of a factor it stays below 1e-300.
 */
export const SMALLEST_NORMAL = 2.2250738585072014e-308;
