import type { Feature } from "@tfjs-trainer/data";

/** Deterministic toy rows: token ids from a linear congruential sequence, the label from the first token. */
export function toyClassificationRows(
  count: number,
  opts: { vocab?: number; labels?: number; maxLen?: number } = {},
): Feature[] {
  const vocab = opts.vocab ?? 16;
  const labels = opts.labels ?? 3;
  const maxLen = opts.maxLen ?? 6;
  let x = 12345;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x;
  };
  return Array.from({ length: count }, () => {
    const len = 2 + (next() % (maxLen - 1));
    const ids = Array.from({ length: len }, () => 1 + (next() % (vocab - 1)));
    return { input_ids: ids, label: ids[0] % labels };
  });
}

/** Token-tagging rows of unequal lengths; label -100 on every third position so item counts differ per batch. */
export function toyTaggingRows(count: number, vocab = 16, labels = 4): Feature[] {
  return toyClassificationRows(count, { vocab, labels, maxLen: 7 }).map((row) => {
    const ids = row.input_ids as number[];
    return { input_ids: ids, labels: ids.map((t, i) => (i % 3 === 2 ? -100 : t % labels)) };
  });
}
