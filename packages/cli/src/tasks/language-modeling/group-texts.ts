/** Token columns of one tokenized row (input_ids, attention_mask …), all of one length. */
export type TokenColumns = Record<string, number[]>;

export interface GroupedTexts {
  /** Rows of exactly `blockSize` tokens in every column. */
  blocks: TokenColumns[];
  /** Tokens of the whole split before cutting. */
  tokens: number;
  /** Tokens left over after the last whole block. */
  dropped: number;
}

/**
 * HF's group_texts (run_clm.py, run_mlm.py): every row's columns concatenated, then cut into blocks of
 * `blockSize`, dropping the remainder. HF does this per batch of 1000 rows of its `map`; here the split is one
 * stream, so at most one partial block is dropped per split.
 */
export function groupTexts(rows: readonly TokenColumns[], blockSize: number): GroupedTexts {
  const columns = rows.length > 0 ? Object.keys(rows[0]) : [];
  const streams = new Map(columns.map((column) => [column, rows.flatMap((row) => row[column] ?? [])]));
  const tokens = streams.get(columns[0])?.length ?? 0;
  for (const [column, stream] of streams) {
    if (stream.length !== tokens) {
      throw new Error(
        `group_texts: column "${column}" has ${stream.length} tokens, "${columns[0]}" has ${tokens}`,
      );
    }
  }
  const count = Math.floor(tokens / blockSize);
  const blocks: TokenColumns[] = [];
  for (let b = 0; b < count; b++) {
    const start = b * blockSize;
    blocks.push(Object.fromEntries(columns.map((c) => [c, streams.get(c)!.slice(start, start + blockSize)])));
  }
  return { blocks, tokens, dropped: tokens - count * blockSize };
}
