import { pythonSplit } from "./python-text.js";
import type { QaAnswers } from "./types.js";

/** A prediction as HF's squad / squad_v2 metrics take it. */
export interface SquadPrediction {
  id: string;
  prediction_text: string;
  /** squad_v2 only (run_qa sends 0.0). */
  no_answer_probability?: number;
}

/** A reference as the metrics take it: the example's id and answers. */
export interface SquadReference {
  id: string;
  answers: QaAnswers;
}

// string.punctuation: ASCII punctuation only, as the official script
const PUNCTUATION = new Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
// Python's \b with str patterns: word characters are Unicode letters, digits and the underscore
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;
/**
 * The official SQuAD answer normalization: lowercase, drop ASCII punctuation, replace the articles a/an/the (whole
 * words) by a space, then collapse whitespace to single spaces.
 */
export function normalizeAnswer(s: string): string {
  const lower = s.toLowerCase();
  let noPunct = "";
  for (const ch of lower) if (!PUNCTUATION.has(ch)) noPunct += ch;
  return pythonSplit(noPunct.replace(ARTICLES, " ")).join(" ");
}

/** SQuAD v1.1 exact match: the normalized texts are equal. */
export function squadExactMatch(prediction: string, groundTruth: string): boolean {
  return normalizeAnswer(prediction) === normalizeAnswer(groundTruth);
}

/** Tokens both lists share, counted with multiplicity (Counter & Counter). */
function commonCount(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const t of a) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of b) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      counts.set(t, left - 1);
      same++;
    }
  }
  return same;
}

function f1FromTokens(pred: readonly string[], gold: readonly string[]): number {
  const same = commonCount(pred, gold);
  if (same === 0) return 0;
  const precision = (1.0 * same) / pred.length;
  const recall = (1.0 * same) / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

/** SQuAD v1.1 token F1 of the normalized texts (0 when they share no token, empty answers included). */
export function squadF1(prediction: string, groundTruth: string): number {
  return f1FromTokens(pythonSplit(normalizeAnswer(prediction)), pythonSplit(normalizeAnswer(groundTruth)));
}

/**
 * HF `evaluate`'s "squad" metric (the official v1.1 script): for each reference, the best exact match and F1 over
 * its answers, averaged over all references in percent. A reference without a prediction counts 0 (the script
 * prints a notice on stderr; `onMissing` receives its id).
 */
export function computeSquad(
  predictions: readonly SquadPrediction[],
  references: readonly SquadReference[],
  onMissing: (id: string) => void = (id) => console.error(`Unanswered question ${id} will receive score 0.`),
): { exact_match: number; f1: number } {
  const byId = new Map(predictions.map((p) => [String(p.id), p.prediction_text]));
  let exact = 0;
  let f1 = 0;
  let total = 0;
  for (const ref of references) {
    total += 1;
    const prediction = byId.get(String(ref.id));
    if (prediction === undefined) {
      onMissing(String(ref.id));
      continue;
    }
    const truths = ref.answers.text;
    if (truths.length === 0) throw new Error(`squad: reference "${ref.id}" has no answer (use squad_v2)`);
    exact += Math.max(...truths.map((t) => (squadExactMatch(prediction, t) ? 1 : 0)));
    f1 += Math.max(...truths.map((t) => squadF1(prediction, t)));
  }
  return { exact_match: (100.0 * exact) / total, f1: (100.0 * f1) / total };
}
