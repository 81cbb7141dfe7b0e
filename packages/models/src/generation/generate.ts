import * as tf from "@tensorflow/tfjs";
import { beamSearch } from "./beam-search.js";
import { DecodingSession } from "./decoding-session.js";
import { greedySearch } from "./greedy-search.js";
import { logitsProcessors } from "./logits-processors.js";
import type { GenerateOptions } from "./options.js";
import { type ResolvedGeneration, resolveGeneration } from "./resolve.js";
import type { GenerativeModel } from "./types.js";

/** The prompt: token ids [B, T] and optionally their attention mask (1 = real token), as tensors or nested arrays. */
export interface GenerateInputs {
  inputIds: tf.Tensor | number[][];
  attentionMask?: tf.Tensor | number[][];
}

/**
 * HF's model.generate for greedy and beam search: returns int32 token ids [B · numReturnSequences, L] as HF returns
 * them (decoder-only: prompt + new tokens; encoder-decoder: decoder start token + new tokens; rows that finished
 * early padded). Decodes with the model's key/value cache, one token per step; every tensor it makes is disposed
 * (the result is the caller's).
 */
export async function generate(
  model: GenerativeModel,
  inputs: GenerateInputs,
  options: GenerateOptions = {},
): Promise<tf.Tensor2D> {
  const inputIds = await asRows(inputs.inputIds, "inputIds");
  if (inputIds.length === 0 || inputIds[0].length === 0) throw new Error("generate: inputIds is empty");
  const config = resolveGeneration(model, options, model.isEncoderDecoder ? 1 : inputIds[0].length);
  const attentionMask = inputs.attentionMask
    ? await asRows(inputs.attentionMask, "attentionMask")
    : inferAttentionMask(inputIds, config);
  if (
    attentionMask.length !== inputIds.length ||
    attentionMask.some((row, i) => row.length !== inputIds[i].length)
  ) {
    throw new Error("generate: attentionMask must have the shape of inputIds");
  }

  const ids = tf.tensor2d(inputIds, undefined, "int32");
  const mask = tf.tensor2d(attentionMask, undefined, "int32");
  const prompts = model.isEncoderDecoder
    ? inputIds.map(() => [config.decoderStartTokenId as number])
    : inputIds;
  const processors = logitsProcessors(config);
  let sequences: number[][];
  const { session, scores, vocab } = await DecodingSession.start(
    model,
    {
      inputIds: ids,
      attentionMask: mask,
      rowsPerInput: config.numBeams,
      decoderStartTokenId: config.decoderStartTokenId,
    },
    config.numBeams > 1,
  ).finally(() => tf.dispose([ids, mask]));
  try {
    const search = config.numBeams > 1 ? beamSearch : greedySearch;
    sequences = await search({ session, first: { scores, vocab }, prompts, config, processors });
  } finally {
    session.dispose();
  }
  return tf.tensor2d(sequences, [sequences.length, sequences[0].length], "int32");
}

/**
 * HF's _prepare_attention_mask_for_generation: the padding positions when the pad token occurs in the input and is
 * not an eos token, else every position.
 */
function inferAttentionMask(inputIds: number[][], config: ResolvedGeneration): number[][] {
  const pad = config.padTokenId;
  const canInfer =
    pad !== undefined && !config.eosTokenIds.includes(pad) && inputIds.some((row) => row.includes(pad));
  return inputIds.map((row) => row.map((id) => (canInfer && id === pad ? 0 : 1)));
}

async function asRows(value: tf.Tensor | number[][], name: string): Promise<number[][]> {
  const rows = value instanceof tf.Tensor ? await value.array() : value;
  if (
    !Array.isArray(rows) ||
    !rows.every((row) => Array.isArray(row) && row.every((v) => typeof v === "number"))
  ) {
    throw new Error(`generate: ${name} must be a 2-D array or tensor [batch, length]`);
  }
  const width = (rows[0] as number[] | undefined)?.length ?? 0;
  if (rows.some((row) => (row as number[]).length !== width))
    throw new Error(`generate: the rows of ${name} differ in length`);
  return rows as number[][];
}
