import * as tf from "@tensorflow/tfjs";
import type { ForwardOptions, IndexedColumn, ModelOutput } from "@tfjs-trainer/core";
import type { HFConfig } from "../common/config.js";
import type { LoadReport } from "../common/parameter-store.js";
import { PreTrainedModel } from "../common/pretrained-model.js";
import { type GPT2Config, gpt2Config } from "./config.js";
import { gpt2FloatingPointOps, loadGpt2Weights } from "./shared.js";
import { GPT2Transformer, transformerIndexedColumns } from "./transformer.js";

/**
 * HF's GPT2Model: the bare transformer, weights without the `transformer.` prefix (loads from and into a
 * GPT2LMHeadModel checkpoint). Its output is `last_hidden_state` [B, T, n_embd]; it has no loss of its own.
 */
export class GPT2Model extends PreTrainedModel<GPT2Config> {
  readonly modelClass = "GPT2Model";
  readonly inputNames = ["input_ids", "attention_mask", "token_type_ids", "position_ids"] as const;
  override readonly basePrefix = "transformer";
  readonly transformer: GPT2Transformer;

  constructor(config: HFConfig = {}, seed = 0) {
    super(gpt2Config(config), seed);
    this.transformer = new GPT2Transformer(this.params, this.config, "");
  }

  forward(inputs: Record<string, tf.Tensor>, options: ForwardOptions): ModelOutput {
    const inputIds = inputs.input_ids;
    if (!inputIds) throw new Error('GPT-2: the batch has no "input_ids"');
    return tf.tidy(() => {
      const { hidden } = this.transformer.forward({
        inputIds,
        attentionMask: inputs.attention_mask,
        positionIds: inputs.position_ids,
        tokenTypeIds: inputs.token_type_ids,
        training: options.training,
        seed: options.seed,
      });
      return { last_hidden_state: hidden };
    });
  }

  indexedColumns(): Record<string, IndexedColumn> {
    return transformerIndexedColumns(this.config);
  }

  floatingPointOps(batch: Record<string, { shape: number[] }>): number {
    return gpt2FloatingPointOps(this, batch);
  }

  override loadWeights(dir: string, warn: (message: string) => void = console.warn): Promise<LoadReport> {
    return loadGpt2Weights(this, dir, warn);
  }
}
