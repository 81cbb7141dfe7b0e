import { median } from "@tfjs-trainer/bench-backend/src/table.js";

export { median };

/** The values present, in order (a failed run leaves a hole). */
export function present(values: readonly (number | undefined)[]): number[] {
  return values.filter((v): v is number => v !== undefined && Number.isFinite(v));
}

export interface Overhead {
  /** Median over rounds of (variant − baseline), both measured in the same round. */
  ms: number;
  /** `ms` as a share of the baseline's median. */
  percent: number;
  /** Rounds in which both sides finished. */
  pairs: number;
}

/**
 * What a variant costs over a baseline, from runs made in rounds (each round runs every row once, one after the
 * other): pairing a round's two runs cancels drift in the machine's load, which medians of the separate rows do not.
 */
export function pairedOverhead(
  baseline: readonly (number | undefined)[],
  variant: readonly (number | undefined)[],
): Overhead | undefined {
  const differences: number[] = [];
  for (let round = 0; round < Math.min(baseline.length, variant.length); round++) {
    const b = baseline[round];
    const v = variant[round];
    if (b !== undefined && v !== undefined) differences.push(v - b);
  }
  const base = present(baseline);
  if (differences.length === 0 || base.length === 0) return undefined;
  const ms = median(differences);
  return { ms, percent: (ms / median(base)) * 100, pairs: differences.length };
}

/** `items` rotated left by `round`: each round of a comparison starts with another row, so none always runs first. */
export function rotated<T>(items: readonly T[], round: number): T[] {
  const k = round % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/** "met" or "missed" after the target's text, as the table's target column shows it. */
export function verdict(target: string, met: boolean): string {
  return `${target}: ${met ? "met" : "missed"}`;
}

/** An overhead as the table writes it: "+1.20 ms (+0.8 %)". */
export function formatOverhead(overhead: Overhead, formatTime: (ms: number) => string): string {
  const sign = (v: number) => (v < 0 ? "−" : "+");
  return `${sign(overhead.ms)}${formatTime(Math.abs(overhead.ms))} (${sign(overhead.percent)}${Math.abs(overhead.percent).toFixed(1)} %)`;
}
