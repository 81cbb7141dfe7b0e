/** Small counting helpers the baselines share. */
export function countBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** The most frequent key; ties go to the key that sorts first, so the answer does not depend on row order. */
export function mostFrequent(counts: Map<string, number>): string {
  let best = "";
  let bestCount = -1;
  for (const [k, n] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (n > bestCount) {
      best = k;
      bestCount = n;
    }
  }
  return best;
}

/** Accuracy × 100 of always answering the training split's most frequent label. */
export function majorityAccuracy<T>(
  train: readonly T[],
  evalRows: readonly T[],
  label: (row: T) => string,
): number {
  const majority = mostFrequent(countBy(train, label));
  const hits = evalRows.filter((row) => label(row) === majority).length;
  return (100 * hits) / Math.max(1, evalRows.length);
}
