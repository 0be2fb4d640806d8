/* Python's repr() of a JSON value (None, True, 'text', [..], {..}, nan, inf), Python's type name of it,
   and the one message format of widgets/checks.py ("<argument>: <problem>; allowed: <what>"), so the
   browser engines' error messages read word for word like the Python engines'. */

export function repr(value) {
  if (value === null || value === undefined) return "None";
  if (typeof value === "string") return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return Number.isNaN(value) ? "nan" : Number.isFinite(value) ? String(value)
    : value > 0 ? "inf" : "-inf";
  if (Array.isArray(value)) return `[${value.map(repr).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${repr(k)}: ${repr(v)}`).join(", ")}}`;
  }
  return String(value);
}

/** Python's type name of a JSON value as Python reads it (a JSON number with no fraction is an int). */
export function typeName(value) {
  if (value === null || value === undefined) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return { string: "str", boolean: "bool", object: "dict" }[typeof value] ?? typeof value;
}

/** The Error of widgets/checks.fail: "<argument>: <problem>; allowed: <allowed>". */
export function fail(argument, problem, allowed) {
  return new Error(`${argument}: ${problem}; allowed: ${allowed}`);
}

/** The Error of widgets/checks.not_allowed: "<argument>: <repr(value)> is not allowed; allowed: <allowed>". */
export function notAllowed(argument, value, allowed) {
  return fail(argument, `${repr(value)} is not allowed`, allowed);
}
