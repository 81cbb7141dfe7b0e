/**
 * sacreBLEU's corpus BLEU with its defaults (what run_translation reports through `evaluate`'s "sacrebleu"): 13a
 * tokenization, case-sensitive, n-grams up to 4 clipped by the most any reference has, summed over the corpus,
 * geometric mean of the four precisions with "exp" smoothing of zero matches, brevity penalty against the reference
 * length closest to each prediction's. Written here because no npm package computes sacreBLEU's corpus score.
 */

const MAX_ORDER = 4;

/** sacreBLEU's `13a` tokenizer (mteval-v13a.pl's): punctuation split off, except inside numbers. */
export function tokenize13a(line: string): string[] {
  let text = line.replaceAll("<skipped>", "").replaceAll("-\n", "").replaceAll("\n", " ");
  if (text.includes("&")) {
    text = text
      .replaceAll("&quot;", '"')
      .replaceAll("&amp;", "&")
      .replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">");
  }
  text = ` ${text} `
    .replace(/([{-~[-` -&(-+:-@/])/g, " $1 ")
    .replace(/([^0-9])([.,])/g, "$1 $2 ")
    .replace(/([.,])([^0-9])/g, " $1 $2")
    .replace(/([0-9])(-)/g, "$1 $2 ");
  return text.split(/\s+/).filter(Boolean);
}

function ngramCounts(tokens: readonly string[], order: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + order <= tokens.length; i++) {
    const gram = tokens.slice(i, i + order).join(" ");
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** sacreBLEU's closest reference length; a tie goes to the shorter reference. */
function closestLength(hypothesis: number, references: readonly number[]): number {
  let closest = references[0];
  for (const length of references) {
    const [diff, best] = [Math.abs(hypothesis - length), Math.abs(hypothesis - closest)];
    if (diff < best || (diff === best && length < closest)) closest = length;
  }
  return closest;
}

export interface BleuResult {
  /** BLEU × 100, sacreBLEU's `score` (run_translation's "bleu"). */
  score: number;
  /** The four n-gram precisions × 100, smoothed as in the score. */
  precisions: number[];
  brevityPenalty: number;
  hypothesisLength: number;
  referenceLength: number;
}

/**
 * `predictions[i]` is scored against `references[i]`, one or more texts (HF `evaluate`'s layout: one list of
 * references per prediction). A missing or empty reference is left out, as sacreBLEU does with a variable number.
 */
export function corpusBleu(
  predictions: readonly string[],
  references: readonly (readonly string[])[],
): BleuResult {
  if (predictions.length !== references.length) {
    throw new Error(`bleu: ${predictions.length} predictions for ${references.length} lists of references`);
  }
  const correct = new Array<number>(MAX_ORDER).fill(0);
  const total = new Array<number>(MAX_ORDER).fill(0);
  let hypothesisLength = 0;
  let referenceLength = 0;
  predictions.forEach((prediction, i) => {
    const hypothesis = tokenize13a(prediction);
    const refs = references[i].filter((ref) => ref !== "").map(tokenize13a);
    if (refs.length === 0) throw new Error(`bleu: prediction ${i} has no reference`);
    hypothesisLength += hypothesis.length;
    referenceLength += closestLength(
      hypothesis.length,
      refs.map((ref) => ref.length),
    );
    for (let order = 1; order <= MAX_ORDER; order++) {
      const most = new Map<string, number>();
      for (const ref of refs) {
        for (const [gram, count] of ngramCounts(ref, order))
          most.set(gram, Math.max(count, most.get(gram) ?? 0));
      }
      for (const [gram, count] of ngramCounts(hypothesis, order)) {
        correct[order - 1] += Math.min(count, most.get(gram) ?? 0);
        total[order - 1] += count;
      }
    }
  });
  const brevityPenalty =
    hypothesisLength >= referenceLength
      ? 1
      : hypothesisLength > 0
        ? Math.exp(1 - referenceLength / hypothesisLength)
        : 0;
  const precisions = smoothedPrecisions(correct, total);
  // sacreBLEU's my_log(0) is -9999999999: a precision of 0 makes the score 0
  const score = precisions.some((p) => p === 0)
    ? 0
    : brevityPenalty * Math.exp(precisions.reduce((sum, p) => sum + Math.log(p), 0) / MAX_ORDER);
  return { score, precisions, brevityPenalty, hypothesisLength, referenceLength };
}

/** sacreBLEU's compute_bleu, smooth_method "exp": the k-th order without a match counts 100 / (2^k · total). */
function smoothedPrecisions(correct: readonly number[], total: readonly number[]): number[] {
  const precisions = new Array<number>(MAX_ORDER).fill(0);
  let smooth = 1;
  for (let n = 0; n < MAX_ORDER; n++) {
    if (total[n] === 0) break;
    if (correct[n] === 0) {
      smooth *= 2;
      precisions[n] = 100 / (smooth * total[n]);
    } else {
      precisions[n] = (100 * correct[n]) / total[n];
    }
  }
  return precisions;
}
