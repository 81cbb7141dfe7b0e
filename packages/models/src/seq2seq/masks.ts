import * as tf from "@tensorflow/tfjs";
import { causalMask, paddingMask } from "../common/attention.js";

/**
 * Additive mask of decoder self-attention for `newTokens` queries that follow `pastLength` cached positions: causal,
 * plus the decoder padding mask [B, past + new] when one is given. Broadcastable to [B, H, new, past + new].
 */
export function decoderSelfAttentionMask(
  newTokens: number,
  pastLength: number,
  decoderAttentionMask?: tf.Tensor,
): tf.Tensor {
  const total = pastLength + newTokens;
  if (!decoderAttentionMask) return causalMask(newTokens, total, pastLength);
  if (decoderAttentionMask.rank !== 2 || decoderAttentionMask.shape[1] !== total) {
    throw new Error(
      `decoder attention mask must be [batch, ${total}] (past ${pastLength} + new ${newTokens}), ` +
        `got [${decoderAttentionMask.shape.join(", ")}]`,
    );
  }
  return tf.tidy(() => tf.add(causalMask(newTokens, total, pastLength), paddingMask(decoderAttentionMask)));
}

/** Additive padding mask over encoder positions [B, 1, 1, S] (encoder self-attention and cross-attention). */
export function encoderPaddingMask(attentionMask: tf.Tensor): tf.Tensor {
  if (attentionMask.rank !== 2) {
    throw new Error(`attention_mask must be [batch, length], got [${attentionMask.shape.join(", ")}]`);
  }
  return paddingMask(attentionMask);
}
