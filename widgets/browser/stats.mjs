// stats.mjs: the statistics of the course's virtual lab in the browser: one-way ANOVA, Fisher's LSD
// pairwise t tests, and the F and t tail probabilities they need, as widgets/calcification.py computes
// them with scipy.stats (f_oneway, t.sf).
//
// The tail probabilities come from the regularized incomplete beta function I_x(a, b), evaluated with
// its continued fraction (modified Lentz algorithm; Numerical Recipes, 3rd ed., sec. 6.4) and a
// Lanczos log-gamma, so that tiny p values keep their relative accuracy:
//   P(F > f; d1, d2) = I_{d2/(d2 + d1 f)}(d2/2, d1/2)      P(|T| > t; d) = I_{d/(d + t²)}(d/2, 1/2)
//
// Exports: logGamma(x), betaIncReg(a, b, x, y = 1 - x), fSurvival(f, d1, d2), tSurvival(t, d) (one tail),
//   oneWayAnova(samples) -> {F, p, df_between, df_within, mse}, lsdRows(samples, mse, df) -> [{group_a,
//   group_b, difference, t, p}], where samples is {group: [values]} or [[group, [values]], ...] (pairs keep
//   the order of integer-like names, which a JavaScript object puts first), in the order the groups are given.

const LANCZOS_G = 7;
const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, about 15 significant digits). */

import { fail, notAllowed, repr, typeName } from "./python-repr.mjs";
export function logGamma(x) {
  if (!(x > 0)) throw new RangeError(`logGamma: x must be > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const TINY = 1e-300;
const EPS = 1e-16;
const MAX_ITERATIONS = 100000;

// Continued fraction of I_x(a, b) (to be multiplied by x^a y^b / (a B(a, b))); converges fast for x < (a+1)/(a+b+2).
function betaFraction(a, b, x) {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - qab * x / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPS) return h;
  }
  throw new Error(`betaIncReg: the continued fraction did not converge (a = ${a}, b = ${b}, x = ${x})`);
}

/**
 * Regularized incomplete beta I_x(a, b) for a, b > 0 and 0 <= x <= 1. Pass y = 1 - x when it is known
 * more accurately than by subtraction (as the tail probabilities do).
 */
export function betaIncReg(a, b, x, y = 1 - x) {
  if (!(a > 0 && b > 0)) throw new RangeError(`betaIncReg: a and b must be > 0, got ${a}, ${b}`);
  if (Number.isNaN(x) || x < 0 || x > 1) throw new RangeError(`betaIncReg: x must be in [0, 1], got ${x}`);
  if (x === 0) return 0;
  if (y === 0) return 1;
  const logFront = a * Math.log(x) + b * Math.log(y) - (logGamma(a) + logGamma(b) - logGamma(a + b));
  if (x < (a + 1) / (a + b + 2)) return Math.exp(logFront) * betaFraction(a, b, x) / a;
  return 1 - Math.exp(logFront) * betaFraction(b, a, y) / b;
}

/** P(F > f) for the F distribution with d1 and d2 degrees of freedom (scipy.stats.f.sf). */
export function fSurvival(f, d1, d2) {
  if (Number.isNaN(f)) return NaN;
  if (f <= 0) return 1;
  if (f === Infinity) return 0;
  const denominator = d2 + d1 * f;
  return betaIncReg(d2 / 2, d1 / 2, d2 / denominator, d1 * f / denominator);
}

/** P(T > t) for Student's t with d degrees of freedom (scipy.stats.t.sf). */
export function tSurvival(t, d) {
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const t2 = t * t;
  const tail = 0.5 * betaIncReg(d / 2, 0.5, d / (d + t2), t2 / (d + t2));
  return t >= 0 ? tail : 1 - tail;
}

function mean(values) {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Name/value pairs of a mapping given as an object or as a list of [name, value] pairs. A JavaScript object
 * lists integer-like keys ("1", "2") first, whatever the order they were written in; pairs keep the order.
 */
export function namedEntries(value) {
  if (Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === "string")) {
    return value;
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return Object.entries(value);
  return null;
}

/** Checked samples as [name, values] pairs: at least 2 groups, each with at least 2 finite numbers. */
export function checkSamples(samples) {
  const allowed = "a mapping of at least 2 group names to lists of at least 2 finite numbers";
  const entries = namedEntries(samples);
  if (entries === null) throw fail("samples", `expected a mapping, got ${typeName(samples)} ${repr(samples)}`, allowed);
  if (entries.length < 2 || new Set(entries.map(([name]) => name)).size !== entries.length) {
    throw fail("samples", `${entries.length} group(s)`, allowed);
  }
  const out = [];
  for (const [name, values] of entries) {
    const arg = `samples[${repr(name)}]`;
    const list = Array.isArray(values) ? values : [values];
    if (!list.every((v) => typeof v === "number" && Number.isFinite(v))) {
      throw notAllowed(arg, list.find((v) => !(typeof v === "number" && Number.isFinite(v))), "a list of at least 2 finite numbers");
    }
    if (list.length < 2) {
      throw fail(arg, `${list.length} value(s); a test needs at least 2 replicates per group`, "a list of at least 2 finite numbers");
    }
    out.push([name, list]);
  }
  return out;
}

/** One-way ANOVA across groups (as scipy.stats.f_oneway), with the pooled within-group mean square. */
export function oneWayAnova(samples) {
  const groups = checkSamples(samples).map(([, values]) => values);
  const k = groups.length;
  const n = groups.reduce((acc, g) => acc + g.length, 0);
  const grand = mean(groups.flat());
  let ssBetween = 0;
  let ssWithin = 0;
  for (const g of groups) {
    const m = mean(g);
    ssBetween += g.length * (m - grand) ** 2;
    for (const v of g) ssWithin += (v - m) ** 2;
  }
  const dfBetween = k - 1;
  const dfWithin = n - k;
  let F;
  let p;
  if (groups.every((g) => g.every((v) => v === g[0]))) { // no variation within any group, as scipy treats it
    const allSame = groups.every((g) => g[0] === groups[0][0]);
    [F, p] = allSame ? [NaN, NaN] : [Infinity, 0];
  } else {
    F = (ssBetween / dfBetween) / (ssWithin / dfWithin);
    p = fSurvival(F, dfBetween, dfWithin);
  }
  return { F, p, df_between: dfBetween, df_within: dfWithin, mse: ssWithin / dfWithin };
}

/**
 * Fisher's LSD t tests between every pair (later group, earlier group), with the ANOVA's pooled MSE and
 * its degrees of freedom: t = (mean_a − mean_b) / sqrt(MSE (1/n_a + 1/n_b)), p = 2 P(T_df > |t|).
 */
export function lsdRows(samples, mse = null, df = null) {
  const data = checkSamples(samples);
  if (mse !== null && !(typeof mse === "number" && Number.isFinite(mse) && mse >= 0)) {
    throw notAllowed("mse", mse, "a finite mean square >= 0, or None (from the ANOVA)");
  }
  if (df !== null && !(Number.isInteger(df) && df >= 1)) {
    throw notAllowed("df", df, "a whole number of degrees of freedom >= 1, or None");
  }
  if (mse === null || df === null) ({ mse, df_within: df } = oneWayAnova(data));
  const names = data.map(([name]) => name);
  const rows = [];
  for (let i = 1; i < names.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = data[i][1];
      const b = data[j][1];
      const difference = mean(a) - mean(b);
      const se = Math.sqrt(mse * (1 / a.length + 1 / b.length));
      let t;
      let p;
      if (se > 0) {
        t = difference / se;
        p = 2 * tSurvival(Math.abs(t), df);
      } else if (difference !== 0) {
        [t, p] = [difference > 0 ? Infinity : -Infinity, 0];
      } else {
        [t, p] = [NaN, NaN];
      }
      rows.push({ group_a: names[i], group_b: names[j], difference, t, p });
    }
  }
  return rows;
}
