import type { HfRow } from "./helpers";

/** A slice of one sequence's whole tokenization (without special tokens). */
interface Slice {
  whole: HfRow;
  from: number;
  to: number;
}

export interface Padding {
  id: number;
  token: string;
  padTo: number;
}

/**
 * What HF documents for truncation, built from transformers' own rows (see hf-parity.test.ts for why they are
 * not compared as they are): `template`'s special tokens and type ids, with the tokens of sequence 0 and/or 1
 * replaced by slices of that sequence tokenized whole, then padding.
 */
export function rebuildRow(template: HfRow, slices: Partial<Record<0 | 1, Slice>>, padding?: Padding): HfRow {
  const row: HfRow = {
    input_ids: [],
    token_type_ids: [],
    attention_mask: [],
    special_tokens_mask: [],
    tokens: [],
    offsets: [],
    word_ids: [],
    sequence_ids: [],
  };
  const placed = new Set<number>();
  template.input_ids.forEach((_, position) => {
    if (template.attention_mask[position] === 0) return;
    const sequence = template.sequence_ids[position] as 0 | 1 | null;
    const slice = sequence === null ? undefined : slices[sequence];
    if (!slice) {
      for (const key of Object.keys(row) as (keyof HfRow)[])
        (row[key] as unknown[]).push(template[key][position]);
      return;
    }
    if (placed.has(sequence!)) return;
    placed.add(sequence!);
    const { whole, from, to } = slice;
    const n = to - from;
    row.input_ids.push(...whole.input_ids.slice(from, to));
    row.token_type_ids.push(...new Array(n).fill(template.token_type_ids[position]));
    row.attention_mask.push(...new Array(n).fill(1));
    row.special_tokens_mask.push(...new Array(n).fill(0));
    row.tokens.push(...whole.tokens.slice(from, to));
    row.offsets.push(...whole.offsets.slice(from, to));
    row.word_ids.push(...whole.word_ids.slice(from, to));
    row.sequence_ids.push(...new Array(n).fill(sequence));
  });
  if (padding) {
    const missing = padding.padTo - row.input_ids.length;
    row.input_ids.push(...new Array(missing).fill(padding.id));
    row.token_type_ids.push(...new Array(missing).fill(0));
    row.attention_mask.push(...new Array(missing).fill(0));
    row.special_tokens_mask.push(...new Array(missing).fill(1));
    row.tokens.push(...new Array(missing).fill(padding.token));
    row.offsets.push(...Array.from({ length: missing }, () => [0, 0] as [number, number]));
    row.word_ids.push(...new Array(missing).fill(null));
    row.sequence_ids.push(...new Array(missing).fill(null));
  }
  return row;
}

/**
 * `return_overflowing_tokens` with a stride: window w holds tokens [w × (L − stride), w × (L − stride) + L) of the
 * truncated sequence, L being what the first window kept; the last window ends at the end of the sequence.
 */
export function expectedWindows(
  first: HfRow,
  whole: HfRow,
  truncated: 0 | 1,
  stride: number,
  padding?: Padding,
) {
  const kept = first.sequence_ids.filter((id) => id === truncated).length;
  const windows: HfRow[] = [];
  for (let from = 0; ; from += kept - stride) {
    const to = Math.min(from + kept, whole.input_ids.length);
    windows.push(rebuildRow(first, { [truncated]: { whole, from, to } }, padding));
    if (to === whole.input_ids.length) return windows;
  }
}

/**
 * longest_first on a pair (the rule of tokenizers' `truncate_encodings`): the shorter sequence stays whole if the
 * longer one can take the rest of `room`, else both get half, the second the odd token.
 */
export function longestFirstLengths([a, b]: [number, number], room: number): [number, number] {
  if (a + b <= room) return [a, b];
  const short = Math.min(a, b);
  let keepShort = short;
  let keepLong = short > room ? short : Math.max(short, room - short);
  if (keepShort + keepLong > room) {
    keepShort = Math.floor(room / 2);
    keepLong = keepShort + (room % 2);
  }
  return a <= b ? [keepShort, keepLong] : [keepLong, keepShort];
}
