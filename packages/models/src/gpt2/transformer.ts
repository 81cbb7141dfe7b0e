import * as tf from "@tensorflow/tfjs";
import type { IndexedColumn } from "@tfjs-trainer/core";
import { causalMask, paddingMask } from "../common/attention.js";
import { idColumn } from "../common/indexed-columns.js";
import { requireSameShape, tooManyPositions } from "../common/input-shapes.js";
import { activation, conv1d, Dropout, embedding, layerNorm } from "../common/layers.js";
import type { ParameterStore } from "../common/parameter-store.js";
import { type AttentionWeights, selfAttention } from "./attention.js";
import { GPT2Cache, type LayerKeyValues } from "./cache.js";
import { type GPT2Config, innerSize } from "./config.js";

interface BlockWeights {
  ln1: { weight: tf.Tensor; bias: tf.Tensor };
  attn: AttentionWeights;
  ln2: { weight: tf.Tensor; bias: tf.Tensor };
  fc: { weight: tf.Tensor; bias: tf.Tensor };
  proj: { weight: tf.Tensor; bias: tf.Tensor };
}

/** The id columns the transformer looks up: token type ids index the word embeddings, as in HF's GPT-2. */
export function transformerIndexedColumns(config: GPT2Config): Record<string, IndexedColumn> {
  return {
    input_ids: idColumn(config.vocab_size, "vocab_size"),
    token_type_ids: idColumn(config.vocab_size, "vocab_size"),
    position_ids: idColumn(config.n_positions, "n_positions"),
  };
}

export interface TransformerInputs {
  /** int32 [B, T]: the new tokens (all of them without a cache, the next ones with one). */
  inputIds: tf.Tensor;
  /** [B, past + T], 1 = attend; padding keys are masked. Without it every key is attended (causally). */
  attentionMask?: tf.Tensor;
  /** [B, T] or [1, T]; default past … past + T − 1, as HF's GPT2Model when none are given. */
  positionIds?: tf.Tensor;
  /** [B, T]: GPT-2 embeds token types with the word table. */
  tokenTypeIds?: tf.Tensor;
  past?: GPT2Cache;
  training: boolean;
  seed?: number;
}

/**
 * HF's GPT2Model: token + position embeddings, n_layer pre-norm blocks, final LayerNorm. Its weights live in the
 * given store under `prefix` ("" for GPT2Model, "transformer." under a head), declared in HF's order with HF's init.
 */
export class GPT2Transformer {
  private readonly wte: tf.Variable;
  private readonly wpe: tf.Variable;
  private readonly blocks: BlockWeights[] = [];
  private readonly lnF: { weight: tf.Tensor; bias: tf.Tensor };
  private readonly act: (x: tf.Tensor) => tf.Tensor;

  constructor(
    params: ParameterStore,
    readonly config: GPT2Config,
    readonly prefix: string,
  ) {
    const c = config;
    const width = c.n_embd;
    const inner = innerSize(c);
    const normal = { kind: "normal", std: c.initializer_range } as const;
    // GPT-2 scales the init of the projections into the residual stream by 1/√(2 · n_layer) (HF's _init_weights).
    const residualNormal = { kind: "normal", std: c.initializer_range / Math.sqrt(2 * c.n_layer) } as const;
    const zeros = { kind: "zeros" } as const;
    const ones = { kind: "ones" } as const;
    const p = (name: string, shape: number[], init: Parameters<ParameterStore["create"]>[2]) =>
      params.create(`${prefix}${name}`, shape, init);
    const norm = (name: string) => ({
      weight: p(`${name}.weight`, [width], ones),
      bias: p(`${name}.bias`, [width], zeros),
    });

    this.wte = p("wte.weight", [c.vocab_size, width], normal);
    this.wpe = p("wpe.weight", [c.n_positions, width], normal);
    for (let i = 0; i < c.n_layer; i++) {
      const h = `h.${i}`;
      const ln1 = norm(`${h}.ln_1`);
      const attn: AttentionWeights = {
        qkvWeight: p(`${h}.attn.c_attn.weight`, [width, 3 * width], normal),
        qkvBias: p(`${h}.attn.c_attn.bias`, [3 * width], zeros),
        outWeight: p(`${h}.attn.c_proj.weight`, [width, width], residualNormal),
        outBias: p(`${h}.attn.c_proj.bias`, [width], zeros),
      };
      const ln2 = norm(`${h}.ln_2`);
      const fc = {
        weight: p(`${h}.mlp.c_fc.weight`, [width, inner], normal),
        bias: p(`${h}.mlp.c_fc.bias`, [inner], zeros),
      };
      const proj = {
        weight: p(`${h}.mlp.c_proj.weight`, [inner, width], residualNormal),
        bias: p(`${h}.mlp.c_proj.bias`, [width], zeros),
      };
      this.blocks.push({ ln1, attn, ln2, fc, proj });
    }
    this.lnF = norm("ln_f");
    this.act = activation(c.activation_function);
  }

  /** The word embedding table [vocab, n_embd] (the LM head's weight when tied). */
  get wordEmbeddings(): tf.Variable {
    return this.wte;
  }

  /** Final hidden states [B, T, n_embd] and the cache extended by these positions. Call inside a tidy. */
  forward(inputs: TransformerInputs): { hidden: tf.Tensor; cache: GPT2Cache } {
    const c = this.config;
    const length = (inputs.inputIds.shape as number[])[1];
    const pastLength = inputs.past?.length ?? 0;
    if (pastLength + length > c.n_positions) {
      throw tooManyPositions("GPT-2", pastLength + length, c.n_positions, "n_positions");
    }
    const [batch] = inputs.inputIds.shape as number[];
    requireSameShape(
      "GPT-2",
      "attention_mask",
      inputs.attentionMask,
      [batch, pastLength + length],
      "[batch, past + new tokens]",
    );
    requireSameShape("GPT-2", "token_type_ids", inputs.tokenTypeIds, inputs.inputIds.shape, "input_ids");
    const dropout = new Dropout(inputs.training, inputs.seed);
    const positions =
      inputs.positionIds ?? tf.range(pastLength, pastLength + length, 1, "int32").reshape([1, length]);
    let h = tf.add(embedding(this.wte, inputs.inputIds), embedding(this.wpe, positions));
    if (inputs.tokenTypeIds) h = tf.add(h, embedding(this.wte, inputs.tokenTypeIds));
    h = dropout.apply(h, c.embd_pdrop);

    let mask = causalMask(length, pastLength + length, pastLength);
    if (inputs.attentionMask) mask = tf.add(mask, paddingMask(inputs.attentionMask));
    const headSize = c.n_embd / c.n_head;
    const presents: LayerKeyValues[] = [];
    this.blocks.forEach((block, layer) => {
      let scale = c.scale_attn_weights ? 1 / Math.sqrt(headSize) : 1;
      if (c.scale_attn_by_inverse_layer_idx) scale /= layer + 1;
      const { output, present } = selfAttention(
        layerNorm(h, block.ln1.weight, block.ln1.bias, c.layer_norm_epsilon),
        block.attn,
        {
          heads: c.n_head,
          scale,
          mask,
          past: inputs.past?.layers[layer],
          dropout,
          attnDropout: c.attn_pdrop,
          residDropout: c.resid_pdrop,
        },
      );
      presents.push(present);
      h = tf.add(h, output);
      const normed = layerNorm(h, block.ln2.weight, block.ln2.bias, c.layer_norm_epsilon);
      const mlp = conv1d(
        this.act(conv1d(normed, block.fc.weight, block.fc.bias)),
        block.proj.weight,
        block.proj.bias,
      );
      h = tf.add(h, dropout.apply(mlp, c.resid_pdrop));
    });
    return {
      hidden: layerNorm(h, this.lnF.weight, this.lnF.bias, c.layer_norm_epsilon),
      cache: new GPT2Cache(presents),
    };
  }
}
