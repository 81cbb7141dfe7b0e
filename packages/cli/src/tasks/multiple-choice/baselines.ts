import { mostFrequent } from "../shared/labels.js";
import type { ChoiceRow } from "./choice-rows.js";

export interface ChoiceBaseline {
  name: string;
  accuracy: number;
}

/**
 * Trivial pickers scored on the validation rows: train's most frequent label (the printed baseline), the longest
 * ending (in words), and the ending sharing the most distinct words with context + question. Ties go to the first
 * ending, as numpy's argmax.
 */
export function choiceBaselines(
  train: readonly ChoiceRow[],
  validation: readonly ChoiceRow[],
): ChoiceBaseline[] {
  const labelled = validation.filter((row) => row.label !== undefined);
  const majority = mostFrequent(train.flatMap((row) => (row.label === undefined ? [] : [row.label])));
  if (majority === undefined || labelled.length === 0) return [];
  const accuracy = (pick: (row: ChoiceRow) => number) =>
    labelled.filter((row) => pick(row) === row.label).length / labelled.length;
  return [
    { name: `majority label ${majority}`, accuracy: accuracy(() => majority) },
    {
      name: "longest ending",
      accuracy: accuracy((row) => argmax(row.endings.map((e) => wordsOf(e).length))),
    },
    {
      name: "ending sharing most words with the context",
      accuracy: accuracy((row) => {
        const context = new Set(wordsOf(`${row.context} ${row.question}`));
        return argmax(row.endings.map((e) => new Set(wordsOf(e).filter((w) => context.has(w))).size));
      }),
    },
  ];
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
