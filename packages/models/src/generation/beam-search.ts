import { BeamHypotheses } from "./beam-hypotheses.js";
import type { SearchStart } from "./decoding-session.js";
import { applyProcessors } from "./logits-processors.js";
import type { ResolvedGeneration } from "./resolve.js";

/**
 * HF's beam search (_beam_search). Per input, numBeams running beams; each step scores every continuation by its
 * summed log-probability (after the logits processors), keeps the best 2·numBeams candidates (more with several eos
 * tokens), lets the best numBeams of those that did not stop run on, and offers the stopped ones among the first
 * numBeams to the finished set, scored sum / generatedLength^lengthPenalty. The loop ends when no input can improve
 * (earlyStopping), every finished set is full (earlyStopping true) or every candidate stopped (maxLength).
 * The session's rows are input-major: row b · numBeams + j is beam j of input b.
 *
 * Returns numReturnSequences rows per input, best first, all as long as the longest returned one: shorter rows
 * are filled as HF fills them (padTokenId, or the first eos token when padTokenId is 0 or unset, −1 without eos).
 */
export async function beamSearch(start: SearchStart): Promise<number[][]> {
  const { session, first, prompts, config, processors } = start;
  const { vocab } = first;
  const { numBeams, maxLength } = config;
  const eos = new Set(config.eosTokenIds);
  const rules = {
    numBeams,
    candidates: Math.max(2, 1 + config.eosTokenIds.length) * numBeams,
    lengthPenalty: config.lengthPenalty,
    earlyStopping: config.earlyStopping,
    promptLength: config.promptLength,
    maxLength,
  };
  const inputs = prompts.map((prompt) => new BeamHypotheses(prompt, rules));
  let curLength = config.promptLength;
  let scores = first.scores;
  for (;;) {
    applyProcessors(
      processors,
      scores,
      vocab,
      inputs.flatMap((input) => input.running.map((beam) => beam.tokens)),
    );
    let everyCandidateStopped = true;
    const sources: number[] = [];
    inputs.forEach((input, b) => {
      const candidates = input.topContinuations(scores, b * numBeams * vocab, vocab);
      const stops = candidates.map(
        (c) => curLength + 1 >= maxLength || eos.has(c.tokens[c.tokens.length - 1]),
      );
      if (!stops.every(Boolean)) everyCandidateStopped = false;
      input.advance(candidates, stops, curLength);
      for (const beam of input.running) sources.push(b * numBeams + beam.source);
    });
    curLength++;
    for (const input of inputs) input.updateImprovable(curLength);
    const improvable = inputs.some((input) => input.improvable);
    const allFull = config.earlyStopping === true && inputs.every((input) => input.allFinished);
    if (!improvable || allFull || everyCandidateStopped) break;
    session.reorder(sources);
    scores = await session.step(
      inputs.flatMap((input) => input.running.map((beam) => beam.tokens[beam.tokens.length - 1])),
    );
  }
  return bestSequences(inputs, config);
}

function bestSequences(inputs: BeamHypotheses[], config: ResolvedGeneration): number[][] {
  const chosen = inputs.flatMap((input) => input.finished.slice(0, config.numReturnSequences));
  const length = config.promptLength + Math.max(...chosen.map((h) => h.generated));
  const eos = config.eosTokenIds;
  // torch reads `pad_token_id or eos_token_id[0]`: a pad id of 0 is falsy there, so the eos token fills instead.
  const fill = eos.length === 0 ? -1 : config.padTokenId ? config.padTokenId : eos[0];
  return chosen.map((h) => {
    const row = h.tokens.slice(0, length);
    while (row.length < length) row.push(fill);
    return row;
  });
}
