import type { HostBatch } from "../host-tensor.js";
import { checkFeatures } from "./feature-values.js";
import { IGNORE_INDEX, type MaskingPlan, maskTokens } from "./mask-tokens.js";
import { optionalPositiveInteger, requireInteger, requireProbability, resolvePadding } from "./options.js";
import { padFeatures } from "./pad-features.js";
import { type RngState, SeededRng } from "./seeded-rng.js";
import type { Feature, PaddingSide } from "./types.js";

export interface DataCollatorForLanguageModelingOptions {
  /** Id input_ids are padded with; padding is never selected for masking and gets the ignored label. */
  padTokenId: number;
  /** true: masked language modeling (BERT); false: causal (GPT-2: labels are the inputs, the model shifts them). */
  mlm: boolean;
  /** Chance that an eligible token is selected for prediction; defaults to 0.15. */
  mlmProbability?: number;
  /** Share of selected tokens replaced by the mask token; defaults to 0.8. */
  maskReplaceProb?: number;
  /** Share of selected tokens replaced by a random token; defaults to 0.1 (the rest stay unchanged). */
  randomReplaceProb?: number;
  /** Required when `mlm` is true. */
  maskTokenId?: number;
  /** Required when `mlm` is true: random replacements are drawn from [0, vocabSize). */
  vocabSize?: number;
  /**
   * Ids never selected for masking ([CLS], [SEP], …), used for rows without a `special_tokens_mask` field, like
   * HF's `get_special_tokens_mask`. The pad id is always among them.
   */
  specialTokenIds?: readonly number[];
  padToMultipleOf?: number;
  paddingSide?: PaddingSide;
  /** Seeds the masking stream: the same seed gives the same masks. */
  seed: number | string;
}

/** A language-modeling collator, with its masking stream's state for checkpoints. */
export interface LanguageModelingCollator {
  (features: Feature[]): HostBatch;
  /** The masking stream's state now: save it with a checkpoint. */
  getRngState(): RngState;
  /** Continues the masking stream from a saved state (a resumed run masks as the uninterrupted one would). */
  setRngState(state: RngState): void;
}

const NAME = "DataCollatorForLanguageModeling";

/**
 * HF's `DataCollatorForLanguageModeling`. Rows are padded to the batch's longest row (attention_mask included).
 * Causal: labels are input_ids with every pad id set to -100. Masked: BERT's 80/10/10 masking, drawn from a seeded
 * stream. A `special_tokens_mask` field is consumed (never returned); incoming `label`/`labels` fields are replaced.
 */
export function DataCollatorForLanguageModeling(
  options: DataCollatorForLanguageModelingOptions,
): LanguageModelingCollator {
  const padTokenId = requireInteger(NAME, "padTokenId", options.padTokenId);
  const padding = resolvePadding(NAME, {
    padToMultipleOf: options.padToMultipleOf,
    paddingSide: options.paddingSide,
  });
  if (typeof options.mlm !== "boolean") throw new Error(`${NAME}: mlm must be true or false`);
  if (typeof options.seed !== "number" && typeof options.seed !== "string") {
    throw new Error(`${NAME}: seed must be a number or a string`);
  }
  const plan = options.mlm ? resolveMaskingPlan(options) : undefined;
  const specialIds = new Set(options.specialTokenIds ?? []);
  specialIds.add(padTokenId);
  const rng = new SeededRng(options.seed);

  const collate = (features: Feature[]): HostBatch => {
    checkFeatures(features, NAME);
    const batch = padFeatures(features, {
      ...padding,
      padTokenId,
      padTokenTypeId: 0,
      skipKeys: ["label", "labels"],
    });
    const specialMask = batch.special_tokens_mask?.data;
    delete batch.special_tokens_mask;
    const ids = batch.input_ids.data as Int32Array;
    const shape = [...batch.input_ids.shape];

    if (plan === undefined) {
      const labels = ids.map((id) => (id === padTokenId ? IGNORE_INDEX : id));
      batch.labels = { dtype: "int32", shape, data: labels };
      return batch;
    }
    // A given special_tokens_mask decides alone (HF); it marks padding as special, so padding stays unselected.
    const isEligible =
      specialMask !== undefined
        ? (position: number) => specialMask[position] === 0
        : (position: number) => !specialIds.has(ids[position]);
    const { inputIds, labels } = maskTokens(ids, isEligible, plan, rng);
    batch.input_ids = { dtype: "int32", shape, data: inputIds };
    batch.labels = { dtype: "int32", shape: [...shape], data: labels };
    return batch;
  };

  return Object.assign(collate, {
    getRngState: () => rng.getState(),
    setRngState: (state: RngState) => rng.setState(state),
  });
}

function resolveMaskingPlan(options: DataCollatorForLanguageModelingOptions): MaskingPlan {
  if (options.maskTokenId === undefined) throw new Error(`${NAME}: mlm needs maskTokenId`);
  if (options.vocabSize === undefined) throw new Error(`${NAME}: mlm needs vocabSize`);
  const plan: MaskingPlan = {
    mlmProbability: requireProbability(NAME, "mlmProbability", options.mlmProbability ?? 0.15),
    maskReplaceProb: requireProbability(NAME, "maskReplaceProb", options.maskReplaceProb ?? 0.8),
    randomReplaceProb: requireProbability(NAME, "randomReplaceProb", options.randomReplaceProb ?? 0.1),
    maskTokenId: requireInteger(NAME, "maskTokenId", options.maskTokenId),
    vocabSize: optionalPositiveInteger(NAME, "vocabSize", options.vocabSize) as number,
  };
  if (plan.maskReplaceProb + plan.randomReplaceProb > 1) {
    throw new Error(`${NAME}: maskReplaceProb + randomReplaceProb must not exceed 1`);
  }
  return plan;
}
