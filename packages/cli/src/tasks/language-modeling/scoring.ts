import type { PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";
import type { PreparedTask } from "../task.js";
import { argmaxTokens, perplexityFromLoss, tokenAccuracy } from "./token-metrics.js";
import type { UnigramScores } from "./unigram-baseline.js";

type Scoring = Pick<
  PreparedTask,
  "preprocessLogitsForMetrics" | "computeMetrics" | "metricsAfterEvaluation" | "baseline"
>;

/**
 * How run_clm and run_mlm score a language model: token accuracy on the argmax (against the labels shifted by one
 * for a causal model, in place for a masked one), perplexity from the evaluation loss, and the unigram baseline
 * beside both.
 */
export async function languageModelScoring(
  tokenizer: PreTrainedTokenizer,
  baseline: UnigramScores | undefined,
  shiftLabels: boolean,
): Promise<Scoring> {
  return {
    preprocessLogitsForMetrics: argmaxTokens,
    computeMetrics: ({ predictions, label_ids }) => ({
      accuracy: tokenAccuracy(predictions, label_ids!, shiftLabels),
    }),
    metricsAfterEvaluation: perplexityFromLoss,
    baseline: baseline && {
      name:
        `unigram model of train's tokens (add-one; accuracy: always ` +
        `${JSON.stringify(await tokenizer.decode([baseline.mostFrequentId]))})`,
      metrics: { perplexity: baseline.perplexity, accuracy: baseline.accuracy },
    },
  };
}
