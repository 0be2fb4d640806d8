// Tests of widgets/browser/integrate.mjs on problems with known solutions, its step cap and its errors.
import assert from "node:assert/strict";
import { test } from "node:test";

import { IntegrationError, integrate } from "../../widgets/browser/integrate.mjs";

const grid = (a, b, n) => Array.from({ length: n + 1 }, (_, i) => a + (b - a) * i / n);
const relErr = (a, b) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

test("exponential decay matches exp(-k t) at every output time", () => {
  const k = 0.7;
  const tEval = grid(0, 10, 100);
  const { y, yEnd, steps } = integrate((t, u) => [-k * u[0]], [2], 0, 10, { tEval, rtol: 1e-10, atol: 1e-14 });
  tEval.forEach((t, i) => assert.ok(relErr(y[i][0], 2 * Math.exp(-k * t)) < 1e-8, `t = ${t}: ${y[i][0]}`));
  assert.equal(yEnd[0], y.at(-1)[0]);
  assert.ok(steps < 200, `${steps} steps`);
});

test("harmonic oscillator: the dense output between steps is accurate (sin t, cos t)", () => {
  const tEval = grid(0, 30, 3000); // ten output times per unit, far more than there are steps
  const { y, steps } = integrate((t, u) => [u[1], -u[0]], [0, 1], 0, 30, { tEval, rtol: 1e-9, atol: 1e-12 });
  assert.ok(steps < tEval.length / 3, `the output times did not shorten the steps (${steps} steps)`);
  let worst = 0;
  tEval.forEach((t, i) => {
    worst = Math.max(worst, Math.abs(y[i][0] - Math.sin(t)), Math.abs(y[i][1] - Math.cos(t)));
  });
  assert.ok(worst < 1e-7, `largest error ${worst}`);
});

test("logistic growth matches its closed form; a time-dependent right-hand side too", () => {
  const r = 1.3, K = 5, y0 = 0.1;
  const exact = (t) => K / (1 + (K / y0 - 1) * Math.exp(-r * t));
  const tEval = grid(0, 12, 48);
  const { y } = integrate((t, u) => [r * u[0] * (1 - u[0] / K)], [y0], 0, 12, { tEval, rtol: 1e-10, atol: 1e-12 });
  tEval.forEach((t, i) => assert.ok(relErr(y[i][0], exact(t)) < 1e-8, `t = ${t}`));
  const forced = integrate((t, u) => [Math.cos(t)], [0], 0, 7, { tEval: [1, 3.3, 7], rtol: 1e-10, atol: 1e-12 });
  [1, 3.3, 7].forEach((t, i) => assert.ok(Math.abs(forced.y[i][0] - Math.sin(t)) < 1e-9));
});

test("output at t0 is the start; repeated output times are allowed", () => {
  const { y } = integrate((t, u) => [u[0]], [1], 0, 1, { tEval: [0, 0.5, 0.5, 1] });
  assert.equal(y[0][0], 1);
  assert.equal(y[1][0], y[2][0]);
  assert.ok(relErr(y[3][0], Math.E) < 1e-5);
});

test("a stiff problem hits the step cap with a clear error instead of running on", () => {
  const f = (t, u) => [-1e6 * (u[0] - Math.cos(t))];
  assert.throws(() => integrate(f, [0], 0, 100, { maxSteps: 500 }),
    (err) => err instanceof IntegrationError && /more than 500 steps/.test(err.message) && err.t < 100);
});

test("a non-finite value or a blow-up throws, never returns NaN", () => {
  assert.throws(() => integrate(() => [NaN], [1], 0, 1), (err) => err instanceof IntegrationError &&
    /non-finite/.test(err.message));
  assert.throws(() => integrate((t, u) => [t > 0.5 ? Infinity : 1], [1], 0, 1), IntegrationError);
  // y' = y², y(0) = 1 blows up at t = 1
  assert.throws(() => integrate((t, u) => [u[0] * u[0]], [1], 0, 2, { maxSteps: 100000 }), IntegrationError);
  assert.throws(() => integrate((t, u) => [1], [NaN], 0, 1), IntegrationError);
});

test("bad arguments are rejected", () => {
  assert.throws(() => integrate((t, u) => [1], [0], 1, 1), /t0 < t1/);
  assert.throws(() => integrate((t, u) => [1], [0], 0, 1, { tEval: [0.5, 0.2] }), /non-decreasing/);
  assert.throws(() => integrate((t, u) => [1], [0], 0, 1, { tEval: [2] }), /within/);
  assert.throws(() => integrate((t, u) => [1], [0], 0, 1, { rtol: 0 }), /rtol/);
});
