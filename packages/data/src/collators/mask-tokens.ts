import type { SeededRng } from "./seeded-rng.js";

/** The label the loss ignores. */
export const IGNORE_INDEX = -100;

export interface MaskingPlan {
  /** Chance that an eligible token is selected for prediction. */
  mlmProbability: number;
  /** Of the selected tokens, the share replaced by the mask token (HF: 0.8). */
  maskReplaceProb: number;
  /** Of the selected tokens, the share replaced by a random token (HF: 0.1); the rest stay unchanged. */
  randomReplaceProb: number;
  maskTokenId: number;
  /** Random replacements are drawn uniformly from [0, vocabSize), as HF draws from the whole tokenizer. */
  vocabSize: number;
}

export interface MaskedTokens {
  inputIds: Int32Array;
  labels: Int32Array;
}

/**
 * BERT's masking: each eligible token is selected with `mlmProbability`; a selected token becomes the mask token,
 * a random token or stays itself (80/10/10 by default) and keeps its original id as label; every other position gets
 * the ignored label. Draws happen in row-major order, eligible positions only, so a seed fixes the result.
 */
export function maskTokens(
  inputIds: Int32Array,
  isEligible: (position: number) => boolean,
  plan: MaskingPlan,
  rng: SeededRng,
): MaskedTokens {
  const masked = Int32Array.from(inputIds);
  const labels = new Int32Array(inputIds.length).fill(IGNORE_INDEX);
  for (let position = 0; position < inputIds.length; position++) {
    if (!isEligible(position) || rng.uniform() >= plan.mlmProbability) continue;
    labels[position] = inputIds[position];
    // One draw splits the selected tokens: the same distribution as HF's two chained Bernoulli draws.
    const action = rng.uniform();
    if (action < plan.maskReplaceProb) {
      masked[position] = plan.maskTokenId;
    } else if (action < plan.maskReplaceProb + plan.randomReplaceProb) {
      masked[position] = rng.below(plan.vocabSize);
    }
  }
  return { inputIds: masked, labels };
}
