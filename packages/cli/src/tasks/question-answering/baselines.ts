import { computeSquad, computeSquadV2, pythonSplit, type QaExample } from "@tfjs-trainer/plugin-qa";

export interface QaBaseline {
  name: string;
  /** Keyed as the QA plugin's metric: exact_match and f1 (SQuAD v1), exact and f1 (v2). */
  metrics: Record<string, number>;
}

/**
 * Answers that read neither the question nor the model, scored on the validation examples with the metric the
 * evaluation uses: the context's first sentence; the context's first words, as many as train's answers have on
 * average; and for SQuAD v2, no answer at all.
 */
export function qaBaselines(
  train: readonly QaExample[],
  validation: readonly QaExample[],
  v2: boolean,
): QaBaseline[] {
  if (validation.length === 0) return [];
  const score = (answer: (example: QaExample) => string): Record<string, number> => {
    const predictions = validation.map((example) => ({
      id: example.id,
      prediction_text: answer(example),
      ...(v2 ? { no_answer_probability: 0 } : {}),
    }));
    const references = validation.map(({ id, answers }) => ({ id, answers }));
    if (!v2) return computeSquad(predictions, references);
    const { exact, f1 } = computeSquadV2(predictions, references);
    return { exact, f1 };
  };
  const baselines: QaBaseline[] = [
    { name: "the context's first sentence", metrics: score((example) => firstSentence(example.context)) },
  ];
  const answered = train.flatMap((example) => example.answers.text.slice(0, 1));
  if (answered.length > 0) {
    const words = Math.max(
      1,
      Math.round(answered.reduce((sum, text) => sum + pythonSplit(text).length, 0) / answered.length),
    );
    baselines.push({
      name: `the context's first ${words} words (train's mean answer length)`,
      metrics: score((example) => pythonSplit(example.context).slice(0, words).join(" ")),
    });
  }
  if (v2) baselines.push({ name: "no answer", metrics: score(() => "") });
  return baselines;
}

/** The text up to the first ".", "!" or "?" followed by white space (or the end); the whole text without one. */
export function firstSentence(text: string): string {
  const end = /[.!?](?=\s|$)/.exec(text);
  return end ? text.slice(0, end.index + 1) : text;
}
