/**
 * The bookkeeping of HF's beam search (the vectorised one of transformers ≥ 4.50: _get_top_k_continuations,
 * _get_running_beams_for_next_iteration, _update_finished_beams, _check_early_stop_heuristic), for one input of
 * the batch. Scores are float32 as in torch: every arithmetic result is rounded with Math.fround, and "impossible"
 * is HF's additive −1e9, not −∞, so the order among such entries is the one torch gets.
 */

const f32 = Math.fround;
/** HF's additive "never pick this" score. */
export const IMPOSSIBLE = -1e9;

export interface Hypothesis {
  tokens: number[];
  score: number;
  /** Tokens generated after the decoder prompt (what HF's beam_indices count). */
  generated: number;
  /** Which running beam (0 … numBeams − 1) it extends; meaningful for candidates. */
  source: number;
}

export interface BeamRules {
  numBeams: number;
  /** Candidates kept per step: max(2, 1 + number of eos tokens) · numBeams, so numBeams of them can keep running. */
  candidates: number;
  lengthPenalty: number;
  earlyStopping: boolean | "never";
  promptLength: number;
  maxLength: number;
}

/** Indices of the `k` largest values, largest first; a tie keeps the lower index first. */
export function topIndices(values: ArrayLike<number>, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (best.length === k && !(value > values[best[k - 1]])) continue;
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && value > values[best[at - 1]]) at--;
    best.splice(at, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}

/** One input's running beams, finished hypotheses and early-stop state. */
export class BeamHypotheses {
  running: Hypothesis[];
  finished: (Hypothesis & { done: boolean })[];
  /** HF's is_early_stop_heuristic_unsatisfied: a running beam may still beat a finished one. */
  improvable = true;

  constructor(
    prompt: readonly number[],
    private readonly rules: BeamRules,
  ) {
    // Only the first beam starts live (the others at −1e9), so the first step does not pick one token n times.
    this.running = Array.from({ length: rules.numBeams }, (_, beam) => ({
      tokens: [...prompt],
      score: beam === 0 ? 0 : IMPOSSIBLE,
      generated: 0,
      source: beam,
    }));
    this.finished = Array.from({ length: rules.numBeams }, () => ({
      tokens: [...prompt],
      score: IMPOSSIBLE,
      generated: 0,
      source: 0,
      done: false,
    }));
  }

  /** The best `candidates` continuations over all beams, from log-probabilities [numBeams · vocab] of this input. */
  topContinuations(logProbs: Float32Array, offset: number, vocab: number): Hypothesis[] {
    const { numBeams, candidates } = this.rules;
    const accumulated = new Float32Array(numBeams * vocab);
    for (let beam = 0; beam < numBeams; beam++) {
      const base = this.running[beam].score;
      for (let v = 0; v < vocab; v++)
        accumulated[beam * vocab + v] = logProbs[offset + beam * vocab + v] + base;
    }
    return topIndices(accumulated, candidates).map((index) => {
      const source = Math.floor(index / vocab);
      const from = this.running[source];
      return {
        tokens: [...from.tokens, index % vocab],
        score: accumulated[index],
        generated: from.generated + 1,
        source,
      };
    });
  }

  /**
   * Applies one step: `stops[k]` says whether candidate k hit a stopping criterion (eos, maxLength). The best
   * candidates that did not stop run on; stopped ones among the first numBeams may enter the finished set.
   */
  advance(candidates: Hypothesis[], stops: boolean[], curLength: number): void {
    const { numBeams, lengthPenalty, earlyStopping, promptLength } = this.rules;
    const runningScores = candidates.map((c, k) => (stops[k] ? f32(c.score + IMPOSSIBLE) : c.score));
    this.running = topIndices(runningScores, numBeams).map((k) => ({
      ...candidates[k],
      score: runningScores[k],
    }));

    const penalty = f32((curLength + 1 - promptLength) ** lengthPenalty);
    const full = earlyStopping === true && this.finished.every((h) => h.done);
    const merged = [
      ...this.finished,
      ...candidates.map((c, k) => {
        const justFinished = stops[k] && k < numBeams;
        let score = f32(c.score / penalty);
        if (full) score = f32(score + IMPOSSIBLE);
        if (!this.improvable) score = f32(score + IMPOSSIBLE);
        if (!justFinished) score = f32(score + IMPOSSIBLE);
        return { ...c, score, done: justFinished };
      }),
    ];
    this.finished = topIndices(
      merged.map((h) => h.score),
      numBeams,
    ).map((i) => merged[i]);
  }

  /** HF's _check_early_stop_heuristic, after the step made rows of `curLength` tokens. */
  updateImprovable(curLength: number): void {
    const { lengthPenalty, earlyStopping, promptLength, maxLength } = this.rules;
    // With "never" and a positive length penalty, longer is better: assume the best running beam reaches maxLength.
    const hypotheticalLength =
      earlyStopping === "never" && lengthPenalty > 0 ? maxLength - promptLength : curLength - promptLength;
    const bestRunning = f32(this.running[0].score / f32(hypotheticalLength ** lengthPenalty));
    const worstFinished = Math.min(...this.finished.map((h) => h.score));
    const canImprove = this.finished.some((h) => bestRunning > (h.done ? worstFinished : IMPOSSIBLE));
    this.improvable = this.improvable && canImprove;
  }

  get allFinished(): boolean {
    return this.finished.every((h) => h.done);
  }
}
