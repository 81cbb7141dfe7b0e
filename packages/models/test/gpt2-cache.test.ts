import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { DecoderCache } from "../src/generation/types.js";
import type { GPT2LMHeadModel } from "../src/gpt2/lm-head-model.js";
import { relativeError } from "./helpers/fixtures.js";
import { loadReferenceGpt2 } from "./helpers/gpt2.js";
import { ids } from "./helpers/tensors.js";

/** Logits of positions `from` … T − 1 decoded one token at a time after a prefill of `from` tokens: [B, T − from, V]. */
function decodeIncrementally(
  model: GPT2LMHeadModel,
  inputIds: tf.Tensor2D,
  mask: tf.Tensor2D | undefined,
  from: number,
) {
  const [batch, length] = inputIds.shape;
  const steps: tf.Tensor[] = [];
  let cache: DecoderCache | undefined;
  for (let end = from; end <= length; end++) {
    const start = cache ? end - 1 : 0;
    const newIds = inputIds.slice([0, start], [batch, end - start]);
    const maskSoFar = mask?.slice([0, 0], [batch, end]);
    const out = model.decodeStep({ inputIds: newIds, attentionMask: maskSoFar, cache });
    tf.dispose([newIds, ...(maskSoFar ? [maskSoFar] : [])]);
    cache?.dispose();
    cache = out.cache;
    steps.push(out.logits);
  }
  cache?.dispose();
  const stacked = tf.stack(steps, 1);
  tf.dispose(steps);
  return stacked;
}

describe("GPT-2 key/value cache", () => {
  let model: GPT2LMHeadModel;
  beforeAll(async () => {
    await tf.setBackend("cpu");
    model = await loadReferenceGpt2();
  });

  it("decoding token by token gives the logits of a full forward", () => {
    const inputIds = ids([
      [57, 16, 56, 28, 61, 19, 53, 27],
      [30, 34, 47, 34, 48, 30, 11, 9],
    ]);
    const full = model.forward({ input_ids: inputIds }, { training: false }).logits!;
    const stepwise = decodeIncrementally(model, inputIds, undefined, 3);
    const expected = full.slice([0, 2, 0], [2, 6, -1]);
    const error = relativeError(stepwise.dataSync(), expected.dataSync());
    expect(error).toBeLessThan(1e-5);
    tf.dispose([inputIds, full, stepwise, expected]);
  });

  it("with left padding, positions follow the attention mask as in HF's generate", () => {
    const inputIds = ids([
      [0, 0, 56, 28, 61, 19, 53, 27],
      [30, 34, 47, 34, 48, 30, 11, 9],
    ]);
    const mask = ids([
      [0, 0, 1, 1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1, 1, 1, 1],
    ]);
    // HF's prepare_inputs_for_generation: position_ids = cumsum(mask) − 1, 1 where masked.
    const positionIds = ids([
      [1, 1, 0, 1, 2, 3, 4, 5],
      [0, 1, 2, 3, 4, 5, 6, 7],
    ]);
    const full = model.forward(
      { input_ids: inputIds, attention_mask: mask, position_ids: positionIds },
      { training: false },
    ).logits!;
    const stepwise = decodeIncrementally(model, inputIds, mask, 4);
    const expected = full.slice([0, 3, 0], [2, 5, -1]);
    expect(relativeError(stepwise.dataSync(), expected.dataSync())).toBeLessThan(1e-5);

    // The padded row continues exactly as the same tokens without padding would.
    const unpadded = ids([[56, 28, 61, 19, 53, 27]]);
    const alone = model.forward({ input_ids: unpadded }, { training: false }).logits!;
    const aloneLast = alone.slice([0, 5, 0], [1, 1, -1]);
    const paddedLast = stepwise.slice([0, 4, 0], [1, 1, -1]);
    expect(relativeError(paddedLast.dataSync(), aloneLast.dataSync())).toBeLessThan(1e-5);
    tf.dispose([
      inputIds,
      mask,
      positionIds,
      full,
      stepwise,
      expected,
      unpadded,
      alone,
      aloneLast,
      paddedLast,
    ]);
  });

  it("reordering the cache follows the rows it is given", () => {
    const inputIds = ids([
      [57, 16, 56],
      [30, 34, 47],
    ]);
    const first = model.decodeStep({ inputIds });
    const rows = tf.tensor1d([1, 1, 0], "int32");
    const swapped = first.cache.reorder(rows);
    const next = ids([[5], [5], [5]]);
    const stepped = model.decodeStep({ inputIds: next, cache: swapped });
    const direct = model.forward(
      {
        input_ids: ids([
          [30, 34, 47, 5],
          [30, 34, 47, 5],
          [57, 16, 56, 5],
        ]),
      },
      { training: false },
    ).logits!;
    const last = direct.slice([0, 3, 0], [3, 1, -1]).reshape([3, -1]);
    expect(relativeError(stepped.logits.dataSync(), last.dataSync())).toBeLessThan(1e-5);
    swapped.dispose();
    stepped.cache.dispose();
    tf.dispose([inputIds, first.logits, rows, next, stepped.logits, direct, last]);
  });
});
