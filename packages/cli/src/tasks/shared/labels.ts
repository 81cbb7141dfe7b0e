import type { Row } from "../task.js";

/** Class labels as a model config holds them (HF: id2label / label2id) and the mapping from a row's value. */
export interface LabelSpace {
  names: string[];
  idOf(value: unknown, where: string): number;
  config: { num_labels: number; id2label: Record<string, string>; label2id: Record<string, number> };
}

/**
 * The label set of a classification task: the pretrained model's label2id when it covers the data's labels (so a
 * fine-tuned checkpoint keeps its ids), else the data's distinct values sorted (numbers numerically), as run_glue.
 */
export function labelSpace(
  rows: readonly Row[],
  column: string,
  pretrained: Record<string, unknown> | undefined,
): LabelSpace {
  const values = [...new Set(rows.map((row) => row[column]))];
  const numeric = values.every((v) => typeof v === "number");
  const names = numeric ? (values as number[]).sort((a, b) => a - b).map(String) : values.map(String).sort();
  const saved = pretrained?.label2id as Record<string, number> | undefined;
  const ordered =
    saved && names.every((name) => name in saved)
      ? Object.entries(saved)
          .sort((a, b) => a[1] - b[1])
          .map(([name]) => name)
      : names;
  const ids = new Map(ordered.map((name, id) => [name, id]));
  return {
    names: ordered,
    idOf(value, where) {
      const id = ids.get(String(value));
      if (id === undefined) {
        throw new Error(`${where}: label ${JSON.stringify(value)} is not one of ${ordered.join(", ")}`);
      }
      return id;
    },
    config: {
      num_labels: ordered.length,
      id2label: Object.fromEntries(ordered.map((name, id) => [String(id), name])),
      label2id: Object.fromEntries(ordered.map((name, id) => [name, id])),
    },
  };
}

/** The most frequent value (ties: the first seen), for majority-class baselines. */
export function mostFrequent<T>(values: Iterable<T>): T | undefined {
  const counts = new Map<T, number>();
  let best: T | undefined;
  let bestCount = 0;
  for (const value of values) {
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}
