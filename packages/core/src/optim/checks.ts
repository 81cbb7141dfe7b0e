/** Small guards shared by the optimizers and schedulers when they read user options and saved state. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function requireFiniteNumber(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`${what} must be a finite number, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function requireNonNegative(value: unknown, what: string): number {
  const n = requireFiniteNumber(value, what);
  if (n < 0) throw new Error(`${what} must be >= 0, got ${n}`);
  return n;
}

export function requireInteger(value: unknown, what: string): number {
  const n = requireFiniteNumber(value, what);
  if (!Number.isInteger(n)) throw new Error(`${what} must be an integer, got ${n}`);
  return n;
}

export function requireBoolean(value: unknown, what: string): boolean {
  if (typeof value !== "boolean") throw new Error(`${what} must be a boolean, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * JSON has no infinities, and ReduceLROnPlateau's `best` starts at ±inf: such floats are written as the strings
 * "Infinity" / "-Infinity" (and NaN as "NaN") and read back here.
 */
export function encodeFloat(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

export function decodeFloat(value: unknown, what: string): number {
  if (typeof value === "number") return value;
  if (value === "Infinity") return Number.POSITIVE_INFINITY;
  if (value === "-Infinity") return Number.NEGATIVE_INFINITY;
  if (value === "NaN") return Number.NaN;
  throw new Error(`${what} must be a number, got ${JSON.stringify(value)}`);
}
