/**
 * JSON as W&B's Python SDK writes history and summary lines: non-finite numbers as the bare tokens NaN, Infinity and
 * -Infinity (Python's json module), which JSON.stringify would turn into null. The parser accepts them back.
 */

const NON_FINITE = new Map<string, number>([
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["-Infinity", Number.NEGATIVE_INFINITY],
]);
const MARK = "\u0000wandb-nonfinite:";

export function stringifyValue(value: unknown): string {
  const text = JSON.stringify(value, (_key, v) => {
    if (typeof v === "number" && !Number.isFinite(v)) return `${MARK}${String(v)}`;
    return v;
  });
  return text.replace(/"\\u0000wandb-nonfinite:(NaN|Infinity|-Infinity)"/g, "$1");
}

/** JSON.parse that also reads the bare NaN / Infinity / -Infinity tokens outside strings. */
export function parseValue(text: string): unknown {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    const token = ["-Infinity", "Infinity", "NaN"].find((t) => text.startsWith(t, i));
    if (token) {
      out += JSON.stringify(`${MARK}${token}`);
      i += token.length - 1;
      continue;
    }
    out += c;
  }
  return JSON.parse(out, (_key, v) =>
    typeof v === "string" && v.startsWith(MARK) ? NON_FINITE.get(v.slice(MARK.length)) : v,
  );
}
