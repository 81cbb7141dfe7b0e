/**
 * JSON text as Python's `json.dumps(value, indent=N)` writes it (then HF adds a newline), so files written here are
 * byte-identical to HF's: every number is a Python float (`2.0`, `1e-05`, `NaN`), strings are escaped with
 * `ensure_ascii` (non-ASCII as `\uXXXX`, DEL included), items are separated by `,` + newline and keys by `: `.
 * Objects keep their insertion order (Python dicts do too).
 */
export function pythonJsonDumps(value: unknown, indent = 4): string {
  return dump(value, indent, 0);
}

function dump(value: unknown, indent: number, depth: number): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return pythonFloatRepr(value);
  if (typeof value === "string") return pythonJsonString(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  const inner = " ".repeat(indent * (depth + 1));
  const outer = " ".repeat(indent * depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((v) => inner + dump(v, indent, depth + 1));
    return `[\n${items.join(",\n")}\n${outer}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return "{}";
    const items = entries.map(([k, v]) => `${inner}${pythonJsonString(k)}: ${dump(v, indent, depth + 1)}`);
    return `{\n${items.join(",\n")}\n${outer}}`;
  }
  throw new TypeError(`pythonJsonDumps: cannot serialise a ${typeof value}`);
}

/**
 * Python's `repr(float)`: the shortest digits that round-trip (the same digits JavaScript picks), written in fixed
 * notation when the decimal exponent is in [-4, 16), with a trailing `.0` for integral values, else as `1e-05` /
 * `1.5e+16`. json.dumps writes non-finite values as `NaN` / `Infinity` / `-Infinity`.
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Number.POSITIVE_INFINITY) return "Infinity";
  if (x === Number.NEGATIVE_INFINITY) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  // toExponential() without digits gives the shortest round-trip mantissa: "d.ddde±X"
  const [mantissa, exp] = Math.abs(x).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 16) {
    const rest = digits.slice(1);
    const e = Math.abs(exponent).toString().padStart(2, "0");
    return `${sign}${digits[0]}${rest ? `.${rest}` : ""}e${exponent < 0 ? "-" : "+"}${e}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const intLength = exponent + 1;
  if (digits.length <= intLength) return `${sign}${digits}${"0".repeat(intLength - digits.length)}.0`;
  return `${sign}${digits.slice(0, intLength)}.${digits.slice(intLength)}`;
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

/** A string as json.dumps writes it with ensure_ascii: printable ASCII kept, everything else `\uXXXX` (UTF-16). */
export function pythonJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const code = s.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    else out += `\\u${code.toString(16).padStart(4, "0")}`;
  }
  return `${out}"`;
}
