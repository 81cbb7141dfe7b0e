import type { Encoding as RustEncoding } from "tokenizers";
import type { Encoding } from "../types";

export interface ToEncodingOptions {
  /** Replaces the library's word ids, where the caller knows better. */
  wordIds?: (number | null)[];
  /** Gives the pair's tokens (sequence id 1) type id 1. */
  pairTypeIds?: boolean;
}

/** One window of a Rust encoding. */
export function toEncoding(rust: RustEncoding, options: ToEncodingOptions = {}): Encoding {
  const sequenceIds = rust.getSequenceIds().map((id) => (id === 0 || id === 1 ? id : null));
  const typeIds = rust.getTypeIds();
  return {
    inputIds: rust.getIds(),
    tokenTypeIds: options.pairTypeIds ? typeIds.map((id, i) => (sequenceIds[i] === 1 ? 1 : id)) : typeIds,
    attentionMask: rust.getAttentionMask(),
    specialTokensMask: rust.getSpecialTokensMask(),
    tokens: rust.getTokens(),
    offsets: rust.getOffsets().map(([start, end]) => [start, end] as [number, number]),
    wordIds: options.wordIds ?? rust.getWordIds().map((id) => id ?? null),
    sequenceIds,
    overflowing: [],
  };
}

/** The windows HF returns for `return_overflowing_tokens`: the encoding, then its overflowing parts in order. */
export function windowsOf(rust: RustEncoding): RustEncoding[] {
  return [rust, ...rust.getOverflowing()];
}

/** The first window, carrying the rest in `overflowing` when asked for. */
export function withWindows(windows: Encoding[], returnOverflowing: boolean): Encoding {
  const [first, ...rest] = windows;
  if (returnOverflowing) first.overflowing = rest;
  return first;
}
