/** HF's speed_metrics: runtime in seconds (4 decimals) and throughput (3 decimals), keys prefixed. */
export function speedMetrics(
  prefix: string,
  startMs: number,
  counts: { numSamples?: number; numSteps?: number; numTokens?: number } = {},
): Record<string, number> {
  const runtime = (performance.now() - startMs) / 1000;
  const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  const metrics: Record<string, number> = { [`${prefix}_runtime`]: round(runtime, 4) };
  if (runtime === 0) return metrics;
  if (counts.numSamples !== undefined)
    metrics[`${prefix}_samples_per_second`] = round(counts.numSamples / runtime, 3);
  if (counts.numSteps !== undefined)
    metrics[`${prefix}_steps_per_second`] = round(counts.numSteps / runtime, 3);
  if (counts.numTokens !== undefined)
    metrics[`${prefix}_tokens_per_second`] = round(counts.numTokens / runtime, 3);
  return metrics;
}
