/** Deterministic toy rows: token ids from a linear congruential sequence, the label from the first token. */
export function toyRows(
  count: number,
  vocab?: number,
  labels?: number,
  maxLen?: number,
): { input_ids: number[]; label: number }[];
