import { describe, expect, it } from "vitest";
import { DataCollatorForSeq2Seq, type HostTensor, hostTensor, toNested } from "../src/index.js";

const rows = [
  { input_ids: [4, 5, 6], labels: [7, 8] },
  { input_ids: [9], labels: [10, 11, 12, 13] },
];

/** Shift right with start id 0 and -100 → pad 1, as a BART-like model prepares its decoder inputs. */
const shiftingModel = {
  prepareDecoderInputIdsFromLabels(labels: HostTensor): HostTensor {
    const [batch, length] = labels.shape;
    const out = new Int32Array(batch * length);
    for (let row = 0; row < batch; row++) {
      for (let col = 1; col < length; col++) {
        const label = labels.data[row * length + col - 1];
        out[row * length + col] = label === -100 ? 1 : label;
      }
    }
    return hostTensor("int32", [batch, length], out);
  },
};

describe("DataCollatorForSeq2Seq", () => {
  it("pads labels to their own longest row with -100", () => {
    const batch = DataCollatorForSeq2Seq({ padTokenId: 1 })(rows);
    expect(toNested(batch.input_ids)).toEqual([
      [4, 5, 6],
      [9, 1, 1],
    ]);
    expect(toNested(batch.labels)).toEqual([
      [7, 8, -100, -100],
      [10, 11, 12, 13],
    ]);
    expect(batch.decoder_input_ids).toBeUndefined();
  });

  it("pads labels on the left with a custom label pad id", () => {
    const batch = DataCollatorForSeq2Seq({ padTokenId: 1, labelPadTokenId: -1, paddingSide: "left" })(rows);
    expect(toNested(batch.labels)).toEqual([
      [-1, -1, 7, 8],
      [10, 11, 12, 13],
    ]);
    expect(toNested(batch.input_ids)).toEqual([
      [4, 5, 6],
      [1, 1, 9],
    ]);
  });

  it("pads labels to maxLength with padding max_length", () => {
    const batch = DataCollatorForSeq2Seq({ padTokenId: 1, padding: "max_length", maxLength: 6 })(rows);
    expect(batch.input_ids.shape).toEqual([2, 6]);
    expect(batch.labels.shape).toEqual([2, 6]);
  });

  it("adds decoder_input_ids when the model can make them from labels", () => {
    const batch = DataCollatorForSeq2Seq({ padTokenId: 1, model: shiftingModel })(rows);
    expect(toNested(batch.decoder_input_ids)).toEqual([
      [0, 7, 8, 1],
      [0, 10, 11, 12],
    ]);
  });

  it("ignores a model without prepareDecoderInputIdsFromLabels, and rows without labels", () => {
    const withPlainModel = DataCollatorForSeq2Seq({ padTokenId: 1, model: { forward: () => 0 } });
    expect(withPlainModel(rows).decoder_input_ids).toBeUndefined();
    const noLabels = DataCollatorForSeq2Seq({ padTokenId: 1, model: shiftingModel })([
      { input_ids: [1], labels: null },
      { input_ids: [2, 3], labels: null },
    ]);
    expect(Object.keys(noLabels).sort()).toEqual(["attention_mask", "input_ids"]);
  });

  it("reads labels under label too, and names bad labels", () => {
    const batch = DataCollatorForSeq2Seq({ padTokenId: 1 })([
      { input_ids: [1], label: [5] },
      { input_ids: [1], label: [5, 6] },
    ]);
    expect(toNested(batch.labels)).toEqual([
      [5, -100],
      [5, 6],
    ]);
    expect(() =>
      DataCollatorForSeq2Seq({ padTokenId: 1 })([rows[0], { input_ids: [1], labels: [0.5] }]),
    ).toThrow('feature 1: "labels" must be a list of integers');
  });

  it("rejects a model whose decoder inputs are not a host tensor", () => {
    const collate = DataCollatorForSeq2Seq({
      padTokenId: 1,
      model: { prepareDecoderInputIdsFromLabels: () => [[0]] as never },
    });
    expect(() => collate(rows)).toThrow("must return a HostTensor");
  });
});
