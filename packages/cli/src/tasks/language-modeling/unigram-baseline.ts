import { mostFrequent } from "../shared/labels.js";

export interface UnigramScores {
  /** exp of the mean negative log-likelihood of the targets under the add-one unigram model. */
  perplexity: number;
  /** Share of the targets equal to the most frequent training token. */
  accuracy: number;
  mostFrequentId: number;
}

/**
 * A model that knows only how often each token occurs: p(t) = (count(t) + 1) / (N + V), fitted on the training
 * tokens with add-one smoothing over the whole vocabulary (so a token train never saw is not impossible), scored
 * on the targets a language model is asked to predict. Its best guess is always the most frequent training token.
 */
export function unigramBaseline(
  trainTokens: readonly number[],
  targets: readonly number[],
  vocabSize: number,
): UnigramScores | undefined {
  const top = mostFrequent(trainTokens);
  if (top === undefined || targets.length === 0) return undefined;
  const counts = new Map<number, number>();
  for (const id of trainTokens) counts.set(id, (counts.get(id) ?? 0) + 1);
  const total = trainTokens.length + vocabSize;
  let negLogLikelihood = 0;
  let correct = 0;
  for (const id of targets) {
    negLogLikelihood -= Math.log(((counts.get(id) ?? 0) + 1) / total);
    if (id === top) correct++;
  }
  return {
    perplexity: Math.exp(negLogLikelihood / targets.length),
    accuracy: correct / targets.length,
    mostFrequentId: top,
  };
}
