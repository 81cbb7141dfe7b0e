/**
 * The path of the first place where two JSON-like values differ (`weights.bert.pooler.dense.weight`,
 * `logHistory[7].loss`), with both values; undefined when they are equal. Numbers compare with Object.is: bit for
 * bit, -0 apart from 0.
 */
export function firstDifference(expected: unknown, actual: unknown, path = ""): string | undefined {
  if (Object.is(expected, actual)) return undefined;
  const where = path || "(the whole value)";
  if (typeof expected !== "object" || typeof actual !== "object" || expected === null || actual === null) {
    return `${where}: expected ${show(expected)}, got ${show(actual)}`;
  }
  if (Array.isArray(expected) !== Array.isArray(actual)) return `${where}: array and object`;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const shared = Math.min(expected.length, actual.length);
    for (let i = 0; i < shared; i++) {
      const found = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (found) return found;
    }
    return expected.length === actual.length
      ? undefined
      : `${where}: expected ${expected.length} items, got ${actual.length}`;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])].sort();
  for (const key of keys) {
    const sub = path ? `${path}.${key}` : key;
    if (!(key in a)) return `${sub}: missing`;
    if (!(key in e)) return `${sub}: unexpected (${show(a[key])})`;
    const found = firstDifference(e[key], a[key], sub);
    if (found) return found;
  }
  return undefined;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
