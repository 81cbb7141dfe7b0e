import type { SearchStart } from "./decoding-session.js";
import { applyProcessors } from "./logits-processors.js";

/**
 * HF's greedy search (_sample without sampling): each row takes the highest processed logit (the first one on a tie,
 * as torch.argmax); a row that produced an eos token is finished and is padded with padTokenId from then on; all stop
 * at maxLength or once every row is finished. Returns the rows, prompt included.
 */
export async function greedySearch(start: SearchStart): Promise<number[][]> {
  const { session, first, prompts, config, processors } = start;
  const { vocab } = first;
  const rows = prompts.map((prompt) => [...prompt]);
  const unfinished = rows.map(() => true);
  const eos = new Set(config.eosTokenIds);
  let scores = first.scores;
  for (;;) {
    applyProcessors(processors, scores, vocab, rows);
    const next = rows.map((_, row) => {
      if (eos.size > 0 && !unfinished[row]) return config.padTokenId as number;
      return argmax(scores, row * vocab, vocab);
    });
    next.forEach((tokenId, row) => {
      rows[row].push(tokenId);
      if (rows[row].length >= config.maxLength || eos.has(tokenId)) unfinished[row] = false;
    });
    if (!unfinished.some(Boolean)) return rows;
    scores = await session.step(next);
  }
}

function argmax(values: Float32Array, offset: number, length: number): number {
  let best = 0;
  for (let i = 1; i < length; i++) if (values[offset + i] > values[offset + best]) best = i;
  return best;
}
