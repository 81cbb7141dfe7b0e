import * as tf from "@tensorflow/tfjs";
import { type HostTensor, IGNORE_INDEX } from "@tfjs-trainer/data";

/** Which ids a decoder starts with and pads with: the two numbers HF's shift right needs. */
export interface ShiftIds {
  decoderStartTokenId: number;
  padTokenId: number;
}

/**
 * Decoder inputs from labels [B, T] on the host, as HF's shift right: the start token first, each label moved one
 * step right (the last one falls off), ignored labels (-100) replaced by the pad id so they embed to a real token.
 */
export function shiftTokensRight(labels: HostTensor, ids: ShiftIds): HostTensor {
  if (labels.shape.length !== 2) {
    throw new Error(
      `labels must be [batch, length] to build decoder inputs, got [${labels.shape.join(", ")}]`,
    );
  }
  const [batch, length] = labels.shape;
  const data = new Int32Array(batch * length);
  for (let row = 0; row < batch; row++) {
    const start = row * length;
    if (length > 0) data[start] = replaceIgnored(ids.decoderStartTokenId, ids.padTokenId);
    for (let i = 1; i < length; i++)
      data[start + i] = replaceIgnored(labels.data[start + i - 1], ids.padTokenId);
  }
  return { dtype: "int32", shape: [batch, length], data };
}

function replaceIgnored(value: number, padTokenId: number): number {
  return value === IGNORE_INDEX ? padTokenId : value;
}

/** The same shift on a tensor (inside a forward): int32 [B, T]. The caller owns the result. */
export function shiftTokensRightTensor(labels: tf.Tensor, ids: ShiftIds): tf.Tensor2D {
  return tf.tidy(() => {
    const labelIds = labels.toInt() as tf.Tensor2D;
    const [batch, length] = labelIds.shape;
    const start = tf.fill([batch, 1], ids.decoderStartTokenId, "int32");
    const shifted = tf
      .concat([start, labelIds.slice([0, 0], [batch, length - 1])], 1)
      .slice([0, 0], [batch, length]);
    const pad = tf.fill([batch, length], ids.padTokenId, "int32");
    return tf.where(tf.equal(shifted, IGNORE_INDEX), pad, shifted) as tf.Tensor2D;
  });
}
