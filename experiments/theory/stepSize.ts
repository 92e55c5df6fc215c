/**
 * Step sizes of projected gradient descent for the theory experiments, from the data's top
 * singular value s_1(X), and the time conversions the predictions need.
 *
 * Normalization. The engine minimizes f = ||X - W_1 ... W_k H||_F^2 (the study's sum of squares,
 * without 1/2) and steps `x <- x - lr grad f`. Papers write L = 1/2 ||X - M||^2; since f = 2 L,
 * a step lr on f is a step eta = 2 lr on L, and gradient-flow time on L after `step` steps is
 * t = eta * step = 2 lr * step. Every formula below is written in that t.
 *
 * Stability (derived here). Take N = k + 1 balanced factors aligned with one singular pair of X,
 * each holding w along it, so the product holds a = w^N. Gradient flow on L gives
 * dw/dt = (s - a) w^(N-1), hence da/dt = N w^(N-1) dw/dt = N a^(2-2/N) (s - a) (the depth-N
 * singular-value dynamics of Arora, Cohen, Hu and Luo 2019). Near a = s this is
 * d(a - s)/dt = -N s^(2-2/N) (a - s): the largest curvature of L at the minimum is
 * lambda = N s_1^(2-2/N) (for N = 2, lambda = 2 s_1, which a direct second-order expansion of
 * ||X - W H||^2 around W = sqrt(s_1) u_1, H = sqrt(s_1) v_1^T confirms: moving both factors by
 * eps along the pair changes the product by 2 eps sqrt(s_1), i.e. curvature 4 s_1 eps^2 / (2 eps^2)).
 * GD with step eta is stable iff eta lambda < 2, i.e. 2 lr N s_1^(2-2/N) < 2.
 *
 * `gdLearningRate(s1, N, c)` returns lr = c / (2 N s_1^(2-2/N)), so that eta lambda = c: c = 1 is
 * half the stability limit; c = 0.1 is a small step at which gradient-flow formulas hold to a few
 * percent (a mode growing as e^(s t) grows per step by 1 + eta s instead of e^(eta s); with
 * eta s_1 = c / 2 = 0.05 that is ln(1.05) / 0.05 = 0.976, 2.4 % slower for the top mode, less for the others).
 */
export function gdLearningRate(s1: number, depth: number, factor: number): number {
  if (!(s1 > 0 && Number.isInteger(depth) && depth >= 2 && factor > 0))
    throw new RangeError(`invalid step size inputs: s1 ${s1}, depth ${depth}, factor ${factor}`);
  return factor / (2 * depth * Math.pow(s1, 2 - 2 / depth));
}

/** eta * lambda_max for a step lr at depth N on data with top singular value s1 (< 2 for a stable step). */
export function stabilityProduct(lr: number, s1: number, depth: number): number {
  return 2 * lr * depth * Math.pow(s1, 2 - 2 / depth);
}

/** Gradient-flow time on L = 1/2 ||X - M||^2 after `steps` engine steps of size lr. */
export function flowTime(steps: number, lr: number): number {
  return 2 * lr * steps;
}

/** Engine steps that make a gradient-flow time t on L. */
export function stepsForTime(t: number, lr: number): number {
  return t / (2 * lr);
}
