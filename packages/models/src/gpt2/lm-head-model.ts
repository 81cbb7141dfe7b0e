import * as tf from "@tensorflow/tfjs";
import type { ForwardOptions, IndexedColumn, ModelOutput } from "@tfjs-trainer/core";
import type { HFConfig } from "../common/config.js";
import { labelColumn } from "../common/indexed-columns.js";
import type { LoadReport } from "../common/parameter-store.js";
import { PreTrainedModel } from "../common/pretrained-model.js";
import {
  type GenerationConfig,
  generationConfigFromModelConfig,
  loadGenerationConfig,
  writeGenerationConfig,
} from "../generation/generation-config.js";
import type { DecodeStepArgs, DecodeStepResult, GenerativeModel } from "../generation/types.js";
import { GPT2Cache } from "./cache.js";
import { causalLmLoss, countLabelItems } from "./causal-lm-loss.js";
import { type GPT2Config, gpt2Config } from "./config.js";
import { gpt2FloatingPointOps, loadGpt2Weights, positionIdsFromMask } from "./shared.js";
import { GPT2Transformer, transformerIndexedColumns } from "./transformer.js";

/**
 * HF's GPT2LMHeadModel: GPT-2 with a language-modelling head (the word embeddings, tied and stored once, unless
 * tie_word_embeddings is false). With `labels` the loss is HF's causal LM loss; with `numItemsInBatch` it is the
 * summed loss over that count, so gradient accumulation gives the token mean of the whole window.
 */
export class GPT2LMHeadModel extends PreTrainedModel<GPT2Config> implements GenerativeModel {
  readonly modelClass = "GPT2LMHeadModel";
  readonly inputNames = ["input_ids", "attention_mask", "token_type_ids", "position_ids", "labels"] as const;
  override readonly basePrefix = "transformer";
  readonly acceptsLossKwargs = true;
  readonly isEncoderDecoder = false;
  /** What generate() uses by default: generation_config.json of the folder it came from, else config.json's fields. */
  generationConfig: GenerationConfig;
  readonly transformer: GPT2Transformer;
  private readonly lmHead: tf.Variable;

  constructor(config: HFConfig = {}, seed = 0) {
    super(gpt2Config(config), seed);
    this.transformer = new GPT2Transformer(this.params, this.config, "transformer.");
    if (this.config.tie_word_embeddings) {
      this.params.tie("lm_head.weight", "transformer.wte.weight");
      this.lmHead = this.transformer.wordEmbeddings;
    } else {
      this.lmHead = this.params.create("lm_head.weight", [this.config.vocab_size, this.config.n_embd], {
        kind: "normal",
        std: this.config.initializer_range,
      });
    }
    this.generationConfig = generationConfigFromModelConfig(this.config);
  }

  forward(inputs: Record<string, tf.Tensor>, options: ForwardOptions): ModelOutput {
    return tf.tidy(() => {
      const { hidden } = this.transformer.forward({
        inputIds: requireInput(inputs, "input_ids"),
        attentionMask: inputs.attention_mask,
        positionIds: inputs.position_ids,
        tokenTypeIds: inputs.token_type_ids,
        training: options.training,
        seed: options.seed,
      });
      const logits = this.project(hidden);
      const output: ModelOutput = { logits };
      if (inputs.labels) output.loss = causalLmLoss(logits, inputs.labels, options.numItemsInBatch);
      return output;
    });
  }

  indexedColumns(): Record<string, IndexedColumn> {
    return {
      ...transformerIndexedColumns(this.config),
      labels: labelColumn(this.config.vocab_size, "vocab_size"),
    };
  }

  countItems(batch: Record<string, { data: ArrayLike<number> }>): number {
    return countLabelItems(batch.labels?.data);
  }

  floatingPointOps(batch: Record<string, { shape: number[] }>): number {
    return gpt2FloatingPointOps(this, batch);
  }

  decodeStep(args: DecodeStepArgs): DecodeStepResult {
    if (args.cache !== undefined && !(args.cache instanceof GPT2Cache)) {
      throw new Error("GPT2LMHeadModel.decodeStep: the cache was not made by a GPT-2 model");
    }
    const length = (args.inputIds.shape as number[])[1];
    const { logits, layers } = tf.tidy(() => {
      const { hidden, cache } = this.transformer.forward({
        inputIds: args.inputIds,
        attentionMask: args.attentionMask,
        positionIds: args.attentionMask ? positionIdsFromMask(args.attentionMask, length) : undefined,
        past: args.cache as GPT2Cache | undefined,
        training: false,
      });
      const [batch, , width] = hidden.shape as number[];
      const last = tf.slice(hidden, [0, length - 1, 0], [batch, 1, width]).reshape([batch, width]);
      return { logits: tf.matMul(last, this.lmHead, false, true) as tf.Tensor2D, layers: [...cache.layers] };
    });
    return { logits, cache: new GPT2Cache(layers) };
  }

  /** Loads the weights and, as HF's from_pretrained, the folder's generation config. */
  override async loadWeights(
    dir: string,
    warn: (message: string) => void = console.warn,
  ): Promise<LoadReport> {
    const report = await loadGpt2Weights(this, dir, warn);
    this.generationConfig = await loadGenerationConfig(dir, this.config);
    return report;
  }

  /** config.json, model.safetensors (lm_head.weight left out when tied) and generation_config.json, as HF saves. */
  override async savePretrained(dir: string): Promise<void> {
    await super.savePretrained(dir);
    await writeGenerationConfig(dir, this.generationConfig);
  }

  private project(hidden: tf.Tensor): tf.Tensor {
    const [batch, length, width] = hidden.shape as number[];
    return tf
      .matMul(hidden.reshape([batch * length, width]), this.lmHead, false, true)
      .reshape([batch, length, -1]);
  }
}

function requireInput(inputs: Record<string, tf.Tensor>, name: string): tf.Tensor {
  const tensor = inputs[name];
  if (!tensor) throw new Error(`GPT-2: the batch has no "${name}"`);
  return tensor;
}
