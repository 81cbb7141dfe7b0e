/**
 * Corpus BLEU as sacrebleu computes it by default (what HF's run_translation reports): 13a tokenization, n-grams up
 * to 4, counts clipped per sentence and summed over the corpus, geometric mean of the four precisions, brevity
 * penalty and sacrebleu's default "exp" smoothing of zero counts. Written here because the npm BLEU packages score
 * single sentences, not a corpus.
 */
export function tokenize13a(line: string): string[] {
  let text = line
    .replace(/<skipped>/g, "")
    .replace(/-\n/g, "")
    .replace(/\n/g, " ");
  if (text.includes("&"))
    text = text
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">");
  text = ` ${text} `;
  text = text.replace(/([{-~[-` -&(-+:-@/])/g, " $1 ");
  text = text.replace(/([^0-9])([.,])/g, "$1 $2 ");
  text = text.replace(/([.,])([^0-9])/g, " $1 $2");
  text = text.replace(/([0-9])(-)/g, "$1 $2 ");
  return text.split(/\s+/).filter(Boolean);
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join(" ");
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

export function corpusBleu(predictions: readonly string[], references: readonly string[]): number {
  if (predictions.length !== references.length)
    throw new Error("bleu: predictions and references differ in length");
  const matches = [0, 0, 0, 0];
  const totals = [0, 0, 0, 0];
  let predLength = 0;
  let refLength = 0;
  for (let i = 0; i < predictions.length; i++) {
    const pred = tokenize13a(predictions[i]);
    const ref = tokenize13a(references[i]);
    predLength += pred.length;
    refLength += ref.length;
    for (let n = 1; n <= 4; n++) {
      const refCounts = ngramCounts(ref, n);
      for (const [gram, count] of ngramCounts(pred, n))
        matches[n - 1] += Math.min(count, refCounts.get(gram) ?? 0);
      totals[n - 1] += Math.max(0, pred.length - n + 1);
    }
  }
  // sacrebleu's compute_bleu: the k-th order without a match counts 1 / 2^k of a match
  let smooth = 1;
  let logSum = 0;
  for (let n = 0; n < 4; n++) {
    if (totals[n] === 0) return 0;
    let precision = matches[n] / totals[n];
    if (matches[n] === 0) {
      smooth *= 2;
      precision = 1 / (smooth * totals[n]);
    }
    logSum += Math.log(precision);
  }
  const logPrecision = logSum / 4;
  if (predLength === 0) return 0;
  const brevity = predLength < refLength ? Math.exp(1 - refLength / predLength) : 1;
  return 100 * brevity * Math.exp(logPrecision);
}
