import { KeyValueCache } from "../common/key-value-cache.js";
import type { DecoderCache } from "../generation/types.js";

/**
 * Self-attention keys and values of every decoder layer for the positions decoded so far ([B, H, T, D] each).
 * Cross-attention keys and values are not here: they live in the encoder state, computed once.
 */
export class SelfAttentionCache extends KeyValueCache {}

/** The cache a decoding step was given, checked to be one of ours (undefined on the first step). */
export function requireSelfAttentionCache(
  cache: DecoderCache | undefined,
  model: string,
): SelfAttentionCache | undefined {
  if (cache === undefined || cache instanceof SelfAttentionCache) return cache;
  throw new Error(`${model}.decodeStep needs the cache its previous step returned`);
}
