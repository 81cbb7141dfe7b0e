import { pythonSplit } from "./python-text.js";
import { normalizeAnswer, type SquadPrediction, type SquadReference } from "./squad-metric.js";

/** HF `evaluate`'s squad_v2 result, keys in its order (HasAns_ / NoAns_ only when such references exist). */
export interface SquadV2Result {
  exact: number;
  f1: number;
  total: number;
  HasAns_exact?: number;
  HasAns_f1?: number;
  HasAns_total?: number;
  NoAns_exact?: number;
  NoAns_f1?: number;
  NoAns_total?: number;
  best_exact: number;
  best_exact_thresh: number;
  best_f1: number;
  best_f1_thresh: number;
}

/** v2's tokens: none for an empty string, else the normalized text split on whitespace. */
function tokens(s: string): string[] {
  return s ? pythonSplit(normalizeAnswer(s)) : [];
}

/** v2 exact match (1 or 0). */
export function squadV2Exact(gold: string, prediction: string): number {
  return normalizeAnswer(gold) === normalizeAnswer(prediction) ? 1 : 0;
}

/** v2 F1: when either side is empty (no answer), 1 if both are, else 0; otherwise v1.1's token F1. */
export function squadV2F1(gold: string, prediction: string): number {
  const goldToks = tokens(gold);
  const predToks = tokens(prediction);
  if (goldToks.length === 0 || predToks.length === 0) {
    return goldToks.length === predToks.length && goldToks.every((t, i) => t === predToks[i]) ? 1 : 0;
  }
  const counts = new Map<string, number>();
  for (const t of goldToks) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of predToks) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      counts.set(t, left - 1);
      same++;
    }
  }
  if (same === 0) return 0;
  const precision = (1.0 * same) / predToks.length;
  const recall = (1.0 * same) / goldToks.length;
  return (2 * precision * recall) / (precision + recall);
}

const sum = (values: Iterable<number>) => {
  let s = 0;
  for (const v of values) s += v;
  return s;
};

/**
 * HF `evaluate`'s "squad_v2" metric (the official v2.0 script): raw exact/F1 per question against its non-empty
 * gold answers ("" when there are none); a question whose no_answer_probability exceeds `noAnswerThreshold` (1.0, the
 * metric's default) scores 1 when it truly has no answer, else 0; averages overall and over the HasAns / NoAns
 * questions; and the best no-answer-probability thresholds, from the raw scores. no_answer_probability is rounded to
 * float32, as the metric's features store it.
 */
export function computeSquadV2(
  predictions: readonly SquadPrediction[],
  references: readonly SquadReference[],
  noAnswerThreshold = 1.0,
): SquadV2Result {
  const naProbs = new Map<string, number>();
  const preds = new Map<string, string>();
  for (const p of predictions) {
    naProbs.set(String(p.id), Math.fround(p.no_answer_probability ?? 0));
    preds.set(String(p.id), p.prediction_text);
  }
  const hasAns = new Map<string, boolean>();
  for (const ref of references) hasAns.set(String(ref.id), ref.answers.text.length > 0);

  const exactRaw = new Map<string, number>();
  const f1Raw = new Map<string, number>();
  for (const ref of references) {
    const id = String(ref.id);
    let gold = ref.answers.text.filter((t) => normalizeAnswer(t) !== "");
    if (gold.length === 0) gold = [""];
    const prediction = preds.get(id);
    if (prediction === undefined) {
      console.log(`Missing prediction for ${id}`);
      continue;
    }
    exactRaw.set(id, Math.max(...gold.map((g) => squadV2Exact(g, prediction))));
    f1Raw.set(id, Math.max(...gold.map((g) => squadV2F1(g, prediction))));
  }

  const applyThreshold = (scores: Map<string, number>) => {
    const out = new Map<string, number>();
    for (const [id, s] of scores) {
      out.set(id, naProbOf(naProbs, id) > noAnswerThreshold ? (hasAns.get(id) ? 0 : 1) : s);
    }
    return out;
  };
  const exact = applyThreshold(exactRaw);
  const f1 = applyThreshold(f1Raw);

  const evalDict = (ids?: string[]) => {
    if (!ids) {
      const total = exact.size;
      return { exact: (100.0 * sum(exact.values())) / total, f1: (100.0 * sum(f1.values())) / total, total };
    }
    const pick = (m: Map<string, number>) =>
      ids.map((id) => {
        const v = m.get(id);
        if (v === undefined) throw new Error(`squad_v2: no prediction for "${id}"`);
        return v;
      });
    const total = ids.length;
    return { exact: (100.0 * sum(pick(exact))) / total, f1: (100.0 * sum(pick(f1))) / total, total };
  };

  const result = evalDict() as SquadV2Result;
  const hasIds = [...hasAns].filter(([, v]) => v).map(([k]) => k);
  const noIds = [...hasAns].filter(([, v]) => !v).map(([k]) => k);
  if (hasIds.length > 0) {
    const d = evalDict(hasIds);
    Object.assign(result, { HasAns_exact: d.exact, HasAns_f1: d.f1, HasAns_total: d.total });
  }
  if (noIds.length > 0) {
    const d = evalDict(noIds);
    Object.assign(result, { NoAns_exact: d.exact, NoAns_f1: d.f1, NoAns_total: d.total });
  }
  const [bestExact, exactThresh] = bestThreshold(preds, exactRaw, naProbs, hasAns);
  const [bestF1, f1Thresh] = bestThreshold(preds, f1Raw, naProbs, hasAns);
  result.best_exact = bestExact;
  result.best_exact_thresh = exactThresh;
  result.best_f1 = bestF1;
  result.best_f1_thresh = f1Thresh;
  return result;
}

function naProbOf(naProbs: Map<string, number>, id: string): number {
  const p = naProbs.get(id);
  if (p === undefined) throw new Error(`squad_v2: no prediction for "${id}"`);
  return p;
}

/**
 * The official find_best_thresh: start from "answer nothing" (every NoAns question right), then admit answers in
 * increasing no-answer probability, keeping the best running score and the probability where it was reached.
 */
function bestThreshold(
  preds: Map<string, string>,
  scores: Map<string, number>,
  naProbs: Map<string, number>,
  hasAns: Map<string, boolean>,
): [number, number] {
  let cur = [...hasAns.values()].filter((v) => !v).length;
  let best = cur;
  let bestThresh = 0.0;
  const ids = [...naProbs.keys()].sort((a, b) => naProbs.get(a)! - naProbs.get(b)!);
  for (const id of ids) {
    const score = scores.get(id);
    if (score === undefined) continue;
    const diff = hasAns.get(id) ? score : preds.get(id) ? -1 : 0;
    cur += diff;
    if (cur > best) {
      best = cur;
      bestThresh = naProbs.get(id)!;
    }
  }
  return [(100.0 * best) / scores.size, bestThresh];
}
