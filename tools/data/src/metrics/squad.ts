/**
 * SQuAD v1.1 exact match and token F1 with the official answer normalization (lowercase, drop ASCII punctuation
 * and the articles a/an/the, collapse spaces) — the numbers HF's run_qa reports. The same as
 * @tfjs-trainer/plugin-qa's computeSquad, kept here so the data tool does not load TensorFlow.js.
 */
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(PUNCTUATION, "")
    .replace(/\b(a|an|the)\b/g, " ")
    .split(/\s+/)
    .filter(Boolean)
    .join(" ");
}

function tokenF1(prediction: string, truth: string): number {
  const pred = normalizeAnswer(prediction).split(" ").filter(Boolean);
  const gold = normalizeAnswer(truth).split(" ").filter(Boolean);
  const left = new Map<string, number>();
  for (const t of gold) left.set(t, (left.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of pred) {
    const n = left.get(t) ?? 0;
    if (n > 0) {
      left.set(t, n - 1);
      same++;
    }
  }
  if (same === 0) return 0;
  const precision = same / pred.length;
  const recall = same / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Mean best-over-answers exact match and F1, × 100. */
export function squadScores(
  predictions: readonly string[],
  answers: readonly (readonly string[])[],
): { exact_match: number; f1: number } {
  let exact = 0;
  let f1 = 0;
  predictions.forEach((prediction, i) => {
    exact += Math.max(...answers[i].map((a) => (normalizeAnswer(prediction) === normalizeAnswer(a) ? 1 : 0)));
    f1 += Math.max(...answers[i].map((a) => tokenF1(prediction, a)));
  });
  const scale = 100 / Math.max(1, predictions.length);
  return { exact_match: exact * scale, f1: f1 * scale };
}
