import type { Feature } from "@tfjs-trainer/data";
import { toyRows } from "../child/toy-rows.mjs";

/** Classification rows shared with the child process of the resume tests (plain JS there, no build step). */
export function toyClassificationRows(
  count: number,
  opts: { vocab?: number; labels?: number; maxLen?: number } = {},
): Feature[] {
  return toyRows(count, opts.vocab ?? 16, opts.labels ?? 3, opts.maxLen ?? 6);
}

/** Token-tagging rows of unequal lengths; label -100 on every third position so item counts differ per batch. */
export function toyTaggingRows(count: number, vocab = 16, labels = 4): Feature[] {
  return toyClassificationRows(count, { vocab, labels, maxLen: 7 }).map((row) => {
    const ids = row.input_ids as number[];
    return { input_ids: ids, labels: ids.map((t, i) => (i % 3 === 2 ? -100 : t % labels)) };
  });
}
