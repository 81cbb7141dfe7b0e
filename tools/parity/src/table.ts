/** One line of the parity report. */
export interface ParityRow {
  case: string;
  measure: string;
  /** What was measured (an error, or "identical" / "differs"). */
  value: number | string;
  tolerance: number | string;
  ok: boolean;
  /** Why a case could not run (it then fails). */
  error?: string;
}

const format = (v: number | string) => (typeof v === "number" ? (v === 0 ? "0" : v.toExponential(2)) : v);

/** The table, then `parity: N passed, M failed` as its last line. */
export function renderTable(rows: ParityRow[]): string {
  const header = ["case", "measure", "value", "tolerance", "ok"];
  const cells = rows.map((r) => [
    r.case,
    r.measure,
    format(r.value),
    format(r.tolerance),
    r.ok ? "ok" : `FAIL${r.error ? `: ${r.error}` : ""}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  const passed = rows.filter((r) => r.ok).length;
  return [
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...cells.map(line),
    "",
    `parity: ${passed} passed, ${rows.length - passed} failed`,
  ].join("\n");
}

/** |a − b| ≤ tol · max|b|, the measure being max|a − b| / max|b| (0 when b is all zeros and a equals it). */
export function relativeToMax(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
    maxRef = Math.max(maxRef, Math.abs(expected[i]));
  }
  if (Number.isNaN(maxDiff)) return Number.POSITIVE_INFINITY;
  return maxRef === 0 ? maxDiff : maxDiff / maxRef;
}

/** Flattens nested number arrays (JSON) in row-major order. */
export function flatten(value: unknown): number[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value as number];
}

/** Shape of a nested JSON array. */
export function shapeOf(value: unknown): number[] {
  const shape: number[] = [];
  let v = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

/** Runs one case; a throw becomes a failed row naming the reason. */
export async function guard(
  caseName: string,
  measure: string,
  run: () => Promise<ParityRow[]> | ParityRow[],
): Promise<ParityRow[]> {
  try {
    return await run();
  } catch (error) {
    return [
      {
        case: caseName,
        measure,
        value: "-",
        tolerance: "-",
        ok: false,
        error: (error as Error).message.split("\n")[0],
      },
    ];
  }
}
