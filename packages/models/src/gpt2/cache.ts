import { type KeyValue, KeyValueCache } from "../common/key-value-cache.js";

/** Keys and values of one block's attention over every position seen so far: [B, heads, T, head size]. */
export type LayerKeyValues = KeyValue;

/** GPT-2's key/value cache: one entry per block. */
export class GPT2Cache extends KeyValueCache {}
