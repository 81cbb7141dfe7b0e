import { describe, expect, it } from "vitest";
import { readChoiceRows } from "../../src/tasks/multiple-choice/choice-rows.js";
import { DataCollatorForMultipleChoice } from "../../src/tasks/multiple-choice/collator.js";

describe("DataCollatorForMultipleChoice (run_swag's)", () => {
  const collate = DataCollatorForMultipleChoice({ padTokenId: 0 });

  it("pads every choice to the longest of the batch and groups them per example", () => {
    const batch = collate([
      {
        input_ids: [
          [5, 6],
          [5, 6, 7],
        ],
        token_type_ids: [
          [0, 1],
          [0, 1, 1],
        ],
        label: 1,
      },
      { input_ids: [[8], [8, 9, 9, 9]], token_type_ids: [[0], [0, 1, 1, 1]], label: 0 },
    ]);
    expect(batch.input_ids.shape).toEqual([2, 2, 4]);
    expect([...batch.input_ids.data]).toEqual([5, 6, 0, 0, 5, 6, 7, 0, 8, 0, 0, 0, 8, 9, 9, 9]);
    expect([...batch.attention_mask.data]).toEqual([1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1]);
    expect(batch.token_type_ids.shape).toEqual([2, 2, 4]);
    expect(batch.labels).toEqual({ dtype: "int32", shape: [2], data: Int32Array.from([1, 0]) });
  });

  it("collates unlabelled examples without labels", () => {
    const batch = collate([{ input_ids: [[1], [2]] }]);
    expect(Object.keys(batch).sort()).toEqual(["attention_mask", "input_ids"]);
  });

  it("refuses examples with different numbers of choices, naming the feature", () => {
    expect(() => collate([{ input_ids: [[1], [2]] }, { input_ids: [[1], [2], [3]] }])).toThrow(
      /DataCollatorForMultipleChoice: feature 1: "input_ids" has 3 choices but feature 0 has 2/,
    );
  });
});

describe("multiple-choice rows", () => {
  const columns = {
    context_column: "sent1",
    question_column: "sent2",
    ending_columns: ["e0", "e1"],
    label_column: "label",
  };

  it("reads context, question, endings and the label", () => {
    expect(
      readChoiceRows([{ sent1: "A", sent2: "b", e0: "c.", e1: "d.", label: 1 }], columns, "data.train_file"),
    ).toEqual([{ context: "A", question: "b", endings: ["c.", "d."], label: 1 }]);
  });

  it("refuses a label that is not the index of an ending, naming the file field, the row and the column", () => {
    expect(() =>
      readChoiceRows([{ sent1: "A", sent2: "b", e0: "c", e1: "d", label: 2 }], columns, "data.train_file"),
    ).toThrow(
      'data.train_file: row 1: data.label_column "label" must be the index of the right ending, an integer from 0 to 1, got 2',
    );
  });
});
