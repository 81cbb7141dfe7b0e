import { countBy, mostFrequent } from "./counting.js";

/** Lowercased words and single punctuation marks: a tokenizer-free unit to state language-model baselines in. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu) ?? [];
}

export interface UnigramBaseline {
  /** Perplexity per word of an add-one-smoothed unigram model fitted on train (unseen words share one slot). */
  perplexity: number;
  /** % of evaluation words equal to train's most frequent word: a masked LM that always guesses it. */
  mostFrequentAccuracy: number;
  mostFrequentWord: string;
}

export function unigramBaseline(
  trainTexts: readonly string[],
  evalTexts: readonly string[],
): UnigramBaseline {
  const trainWords = trainTexts.flatMap(words);
  const counts = countBy(trainWords, (w) => w);
  const vocab = counts.size + 1;
  const denominator = trainWords.length + vocab;
  const evalWords = evalTexts.flatMap(words);
  let logLoss = 0;
  for (const w of evalWords) logLoss -= Math.log(((counts.get(w) ?? 0) + 1) / denominator);
  const top = mostFrequent(counts);
  const hits = evalWords.filter((w) => w === top).length;
  return {
    perplexity: Math.exp(logLoss / Math.max(1, evalWords.length)),
    mostFrequentAccuracy: (100 * hits) / Math.max(1, evalWords.length),
    mostFrequentWord: top,
  };
}
