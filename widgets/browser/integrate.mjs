// integrate.mjs: an adaptive Dormand–Prince 5(4) integrator for systems of ordinary differential
// equations dy/dt = f(t, y), with dense output, for the course's in-browser simulators.
//
// The method is the Dormand–Prince pair (Dormand & Prince 1980): six stages per step plus one
// reused ("first same as last"), the 5th-order solution is kept and the embedded 4th-order one
// estimates the local error. The step size adapts so that the RMS of error / (atol + rtol·|y|)
// stays below 1. Values at the requested output times come from Shampine's (1986) quartic
// interpolant inside each step, so output times never shorten the steps. The coefficients are
// those of scipy.integrate's RK45, which this module mirrors.
//
// It never hangs and never returns NaN: it throws an IntegrationError when more than `maxSteps`
// steps would be needed, when the step size underflows, or when f returns a non-finite value.
//
//   import { integrate } from "./integrate.mjs";
//   const { y, yEnd } = integrate((t, y) => [-y[0]], [1], 0, 2, { tEval: [0.5, 1, 2] });

/** Error thrown when the integration cannot finish (step cap, step underflow, non-finite value). */
export class IntegrationError extends Error {
  constructor(message, details = {}) {
    super(message);
    this.name = "IntegrationError";
    Object.assign(this, details);
  }
}

const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1];
const A = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
];
const B = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84];
// error estimate: 5th-order minus embedded 4th-order weights (7 stages, the last is f at the new point)
const E = [-71 / 57600, 0, 71 / 16695, -71 / 1920, 17253 / 339200, -22 / 525, 1 / 40];
// dense output: y(t + θh) = y + h Σ_j Σ_i K_i P[i][j] θ^(j+1)
const P = [
  [1, -8048581381 / 2820520608, 8663915743 / 2820520608, -12715105075 / 11282082432],
  [0, 0, 0, 0],
  [0, 131558114200 / 32700410799, -68118460800 / 10900136933, 87487479700 / 32700410799],
  [0, -1754552775 / 470086768, 14199869525 / 1410260304, -10690763975 / 1880347072],
  [0, 127303824393 / 49829197408, -318862633887 / 49829197408, 701980252875 / 199316789632],
  [0, -282668133 / 205662961, 2019193451 / 616988883, -1453857185 / 822651844],
  [0, 40617522 / 29380423, -110615467 / 29380423, 69997945 / 29380423],
];
const SAFETY = 0.9;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;

function evaluate(f, t, y, counter) {
  const dy = f(t, y);
  counter.evaluations += 1;
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(dy[i])) {
      throw new IntegrationError(`integrate: the right-hand side gave a non-finite value (${dy[i]}) ` +
        `in component ${i} at t = ${t}`, { t });
    }
  }
  return dy;
}

function rmsNorm(values) {
  let sum = 0;
  for (const v of values) sum += v * v;
  return Math.sqrt(sum / values.length);
}

// Hairer, Nørsett & Wanner, Solving ODEs I, sec. II.4 (as scipy's select_initial_step).
function initialStep(f, t0, y0, f0, span, rtol, atol, counter) {
  const n = y0.length;
  const scale = Array.from(y0, (v) => atol + Math.abs(v) * rtol);
  const d0 = rmsNorm(Array.from(y0, (v, i) => v / scale[i]));
  const d1 = rmsNorm(Array.from(f0, (v, i) => v / scale[i]));
  const h0 = Math.min(d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1, span);
  const y1 = new Float64Array(n);
  for (let i = 0; i < n; i++) y1[i] = y0[i] + h0 * f0[i];
  const f1 = evaluate(f, t0 + h0, y1, counter);
  const d2 = rmsNorm(Array.from(f1, (v, i) => (v - f0[i]) / scale[i])) / h0;
  const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / 5);
  return Math.min(100 * h0, h1, span);
}

/**
 * Integrate dy/dt = f(t, y) from t0 to t1 (t1 > t0).
 *
 * @param {(t: number, y: Float64Array) => ArrayLike<number>} f right-hand side (must not modify y)
 * @param {ArrayLike<number>} y0 initial state
 * @param {number} t0 start time
 * @param {number} t1 end time
 * @param {object} [options]
 * @param {number[]} [options.tEval] output times, non-decreasing, within [t0, t1]
 * @param {number} [options.rtol=1e-6] relative tolerance
 * @param {number} [options.atol=1e-9] absolute tolerance
 * @param {number} [options.maxSteps=50000] most steps (accepted + rejected) before giving up
 * @param {number} [options.firstStep] initial step size (chosen automatically if absent)
 * @returns {{t: number[], y: number[][], yEnd: Float64Array, steps: number, rejected: number,
 *            evaluations: number}} y[i] is the state at tEval[i]; yEnd the state at t1
 * @throws {IntegrationError} step cap reached, step size underflow, or a non-finite value
 */
export function integrate(f, y0, t0, t1, options = {}) {
  const { tEval = [], rtol = 1e-6, atol = 1e-9, maxSteps = 50000, firstStep } = options;
  if (!(Number.isFinite(t0) && Number.isFinite(t1) && t1 > t0)) {
    throw new RangeError(`integrate: need finite t0 < t1, got t0 = ${t0}, t1 = ${t1}`);
  }
  if (!(rtol > 0 && atol > 0)) throw new RangeError(`integrate: rtol and atol must be > 0, got ${rtol}, ${atol}`);
  for (let i = 0; i < tEval.length; i++) {
    if (!(tEval[i] >= t0 && tEval[i] <= t1) || (i > 0 && tEval[i] < tEval[i - 1])) {
      throw new RangeError(`integrate: tEval must be non-decreasing within [${t0}, ${t1}]; tEval[${i}] = ${tEval[i]}`);
    }
  }
  const n = y0.length;
  let y = Float64Array.from(y0);
  if (!y.every(Number.isFinite)) throw new IntegrationError("integrate: the initial state is not finite", { t: t0 });
  const counter = { evaluations: 0 };
  let t = t0;
  const fy = Float64Array.from(evaluate(f, t, y, counter));
  let h = firstStep ?? initialStep(f, t0, y, fy, t1 - t0, rtol, atol, counter);
  const out = [];
  let next = 0;
  while (next < tEval.length && tEval[next] === t0) out[next++] = Array.from(y);

  const K = Array.from({ length: 7 }, () => new Float64Array(n));
  const Q = new Float64Array(4 * n); // dense-output coefficients of the current step
  const yStage = new Float64Array(n);
  let yNew = new Float64Array(n);
  let steps = 0;
  let rejected = 0;
  while (t < t1) {
    const minStep = 10 * Number.EPSILON * Math.max(Math.abs(t), 1);
    if (h < minStep) {
      throw new IntegrationError(`integrate: the step size fell below ${minStep.toExponential(2)} at t = ${t}`, { t });
    }
    let stepRejected = false;
    for (;;) { // try steps until one is accepted
      if (steps + rejected >= maxSteps) {
        throw new IntegrationError(`integrate: more than ${maxSteps} steps were needed between t = ${t0} and ` +
          `t = ${t1} (stopped at t = ${t.toPrecision(6)}); the inputs are too extreme for this integrator`,
        { t, steps, rejected });
      }
      const tNew = t + h >= t1 - 1e-14 * Math.abs(t1) ? t1 : t + h;
      const hh = tNew - t;
      K[0].set(fy);
      for (let s = 1; s < 6; s++) {
        for (let i = 0; i < n; i++) {
          let acc = 0;
          for (let j = 0; j < s; j++) acc += A[s][j] * K[j][i];
          yStage[i] = y[i] + hh * acc;
        }
        K[s].set(evaluate(f, t + C[s] * hh, yStage, counter));
      }
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let j = 0; j < 6; j++) acc += B[j] * K[j][i];
        yNew[i] = y[i] + hh * acc;
      }
      K[6].set(evaluate(f, tNew, yNew, counter));
      let sum = 0;
      for (let i = 0; i < n; i++) {
        let e = 0;
        for (let j = 0; j < 7; j++) e += E[j] * K[j][i];
        const scale = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
        sum += (hh * e / scale) ** 2;
      }
      const err = Math.sqrt(sum / n);
      if (!Number.isFinite(err)) {
        throw new IntegrationError(`integrate: a non-finite value appeared at t = ${t}`, { t });
      }
      if (err <= 1) {
        // dense output for every requested time inside (t, tNew]
        if (next < tEval.length && tEval[next] <= tNew) {
          for (let i = 0; i < n; i++) {
            for (let k = 0; k < 4; k++) {
              let acc = 0;
              for (let j = 0; j < 7; j++) acc += K[j][i] * P[j][k];
              Q[4 * i + k] = acc;
            }
          }
          while (next < tEval.length && tEval[next] <= tNew) {
            const x = (tEval[next] - t) / hh;
            const v = new Array(n);
            for (let i = 0; i < n; i++) {
              const q = 4 * i;
              v[i] = tEval[next] === tNew ? yNew[i]
                : y[i] + hh * x * (Q[q] + x * (Q[q + 1] + x * (Q[q + 2] + x * Q[q + 3])));
            }
            out[next++] = v;
          }
        }
        const factor = err === 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, SAFETY * err ** -0.2);
        h = hh * (stepRejected ? Math.min(1, factor) : factor);
        t = tNew;
        [y, yNew] = [yNew, y];
        fy.set(K[6]);
        steps += 1;
        break;
      }
      h = hh * Math.max(MIN_FACTOR, SAFETY * err ** -0.2);
      rejected += 1;
      stepRejected = true;
      if (h < minStep) {
        throw new IntegrationError(`integrate: the step size fell below ${minStep.toExponential(2)} at t = ${t}`,
          { t });
      }
    }
  }
  return { t: Array.from(tEval), y: out, yEnd: y, steps, rejected, evaluations: counter.evaluations };
}
