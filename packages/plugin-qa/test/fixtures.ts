import type { QaExample, QaValidationFeature } from "../src/index.js";

/**
 * The hand-worked case of the tests. Context (character positions):
 *
 *   "Paris is the capital of France."
 *    0    5  8   12      20 23     30
 *
 * Words and their offsets: Paris [0,5) · is [6,8) · the [9,12) · capital [13,20) · of [21,23) · France [24,30) ·
 * "." [30,31). The question "Where?" is two tokens, so with max_length 9 a feature is
 * `[CLS] Where ? [SEP] c c c c [SEP]`: 4 context tokens at positions 4..7. doc_stride 2 makes windows of context
 * tokens [0,4), [2,6), [4,7) (each starts 4 - 2 = 2 tokens later; the third reaches the end):
 *
 *   feature 0: Paris is the capital     positions 4..7
 *   feature 1: the capital of France    positions 4..7
 *   feature 2: of France .              positions 4..6, [SEP] at 7, padding at 8
 */
export const PARIS: QaExample = {
  id: "paris",
  question: "Where?",
  context: "Paris is the capital of France.",
  answers: { text: ["capital of France"], answer_start: [13] },
};

const Q = [null, null, null, null] as const;
export const PARIS_OFFSETS = [
  [...Q, [0, 5], [6, 8], [9, 12], [13, 20], null],
  [...Q, [9, 12], [13, 20], [21, 23], [24, 30], null],
  [...Q, [21, 23], [24, 30], [30, 31], null, null],
] as [number, number][][];

/** "Yes." with the question "Ok?": `[CLS] Ok ? [SEP] Yes . [SEP] [PAD] [PAD]`, context at positions 4 and 5. */
export function yesExample(id: string, answers: QaExample["answers"]): QaExample {
  return { id, question: "Ok?", context: "Yes.", answers };
}
export const YES_OFFSETS = [...Q, [0, 3], [3, 4], null, null, null] as [number, number][];

export function feature(
  exampleId: string,
  offsets: ([number, number] | null)[],
  index = 0,
): QaValidationFeature {
  return {
    input_ids: [100 + index, ...offsets.slice(1).map(() => 5)],
    attention_mask: offsets.map(() => 1),
    offset_mapping: offsets,
    example_id: exampleId,
  };
}

export const f32 = (values: number[]) => Float32Array.from(values);
