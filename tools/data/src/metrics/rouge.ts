import { l as rougeLcs, n as rougeN } from "js-rouge";

/**
 * rouge_score's default tokenizer (the one HF `evaluate`'s "rouge" uses): lowercase, anything but [a-z0-9] is a
 * separator. Given to js-rouge so its scores are the ones run_summarization reports (without stemming, HF's
 * default).
 */
export function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
}

const wholeText = (text: string) => [text];

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

/** Mean per-example F1 × 100, as HF's run_summarization prints it. */
export function meanRouge(predictions: readonly string[], references: readonly string[]): RougeScores {
  if (predictions.length !== references.length)
    throw new Error("rouge: predictions and references differ in length");
  const sum = { rouge1: 0, rouge2: 0, rougeL: 0 };
  for (let i = 0; i < predictions.length; i++) {
    const [p, r] = [predictions[i], references[i]];
    // js-rouge divides by the n-gram counts: a side without any n-gram scores 0, as rouge_score does
    const has = (n: number) => rougeTokens(p).length >= n && rougeTokens(r).length >= n;
    if (has(1)) sum.rouge1 += rougeN(p, r, { n: 1, tokenizer: rougeTokens });
    if (has(2)) sum.rouge2 += rougeN(p, r, { n: 2, tokenizer: rougeTokens });
    // one "sentence" per text: rouge_score's rougeL (not rougeLsum)
    if (has(1)) sum.rougeL += rougeLcs(p, r, { tokenizer: rougeTokens, segmenter: wholeText });
  }
  const scale = 100 / Math.max(1, predictions.length);
  return { rouge1: sum.rouge1 * scale, rouge2: sum.rouge2 * scale, rougeL: sum.rougeL * scale };
}
