import { describe, expect, it } from "vitest";
import {
  DataCollatorForLanguageModeling,
  type DataCollatorForLanguageModelingOptions,
  type Feature,
  type HostBatch,
  SeededRng,
  toNested,
} from "../src/index.js";

const PAD = 0;
const CLS = 1;
const SEP = 2;
const MASK = 3;
const VOCAB = 1000;
const FIRST_WORD_ID = 5;

const mlmOptions: DataCollatorForLanguageModelingOptions = {
  padTokenId: PAD,
  mlm: true,
  maskTokenId: MASK,
  vocabSize: VOCAB,
  specialTokenIds: [CLS, SEP, MASK],
  seed: 1234,
};

/** `[CLS] words… [SEP]` rows of varied lengths, so batches contain specials and padding. */
function makeRows(count: number, seed: number): Feature[] {
  const rng = new SeededRng(seed);
  return Array.from({ length: count }, () => {
    const words = Array.from(
      { length: 10 + rng.below(100) },
      () => FIRST_WORD_ID + rng.below(VOCAB - FIRST_WORD_ID),
    );
    return { input_ids: [CLS, ...words, SEP] };
  });
}

function nested(batch: HostBatch): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(batch).map(([key, t]) => [key, { dtype: t.dtype, values: toNested(t) }]),
  );
}

/** Padded originals, read from the same rows the collator saw (right padding). */
function paddedOriginals(rows: Feature[], width: number): Int32Array {
  const out = new Int32Array(rows.length * width).fill(PAD);
  rows.forEach((row, index) => {
    out.set(row.input_ids as number[], index * width);
  });
  return out;
}

describe("DataCollatorForLanguageModeling, causal", () => {
  it("labels are the inputs with padding ignored; inputs untouched; incoming labels replaced", () => {
    const collate = DataCollatorForLanguageModeling({
      padTokenId: PAD,
      mlm: false,
      seed: 0,
      padToMultipleOf: 4,
    });
    const batch = collate([
      { input_ids: [5, 6, 7], labels: [9] },
      { input_ids: [8], labels: [9, 9] },
    ]);
    expect(Object.keys(batch).sort()).toEqual(["attention_mask", "input_ids", "labels"]);
    expect(toNested(batch.input_ids)).toEqual([
      [5, 6, 7, 0],
      [8, 0, 0, 0],
    ]);
    expect(toNested(batch.labels)).toEqual([
      [5, 6, 7, -100],
      [8, -100, -100, -100],
    ]);
    expect(toNested(batch.attention_mask)).toEqual([
      [1, 1, 1, 0],
      [1, 0, 0, 0],
    ]);
    expect(batch.labels.dtype).toBe("int32");
  });

  it("drops special_tokens_mask and pads on the left when asked", () => {
    const collate = DataCollatorForLanguageModeling({
      padTokenId: PAD,
      mlm: false,
      seed: 0,
      paddingSide: "left",
    });
    const batch = collate([
      { input_ids: [5, 6], special_tokens_mask: [0, 0] },
      { input_ids: [7], special_tokens_mask: [0] },
    ]);
    expect(batch.special_tokens_mask).toBeUndefined();
    expect(toNested(batch.labels)).toEqual([
      [5, 6],
      [-100, 7],
    ]);
  });
});

describe("DataCollatorForLanguageModeling, masked", () => {
  const rows = makeRows(400, 99);
  const batch = DataCollatorForLanguageModeling(mlmOptions)(rows);
  const [batchSize, width] = batch.input_ids.shape;
  const originals = paddedOriginals(rows, width);
  const inputs = batch.input_ids.data;
  const labels = batch.labels.data;

  it("returns int32 input_ids, labels and attention_mask of the padded shape", () => {
    expect(batchSize).toBe(400);
    for (const key of ["input_ids", "labels", "attention_mask"]) {
      expect(batch[key].dtype, key).toBe("int32");
      expect(batch[key].shape, key).toEqual([400, width]);
    }
  });

  it("never selects special tokens or padding, and labels are -100 exactly where nothing was selected", () => {
    let specialsSelected = 0;
    let wrongLabels = 0;
    let unselectedChanged = 0;
    let specials = 0;
    for (let i = 0; i < originals.length; i++) {
      const special = originals[i] === PAD || originals[i] === CLS || originals[i] === SEP;
      const selected = labels[i] !== -100;
      if (special) specials++;
      if (special && selected) specialsSelected++;
      if (selected && labels[i] !== originals[i]) wrongLabels++;
      if (!selected && inputs[i] !== originals[i]) unselectedChanged++;
    }
    expect(specials).toBeGreaterThan(800);
    expect({ specialsSelected, wrongLabels, unselectedChanged }).toEqual({
      specialsSelected: 0,
      wrongLabels: 0,
      unselectedChanged: 0,
    });
  });

  it("selects about 15% of eligible tokens and splits them 80/10/10", () => {
    let eligible = 0;
    let selected = 0;
    let masked = 0;
    let randomised = 0;
    let unchanged = 0;
    let outOfVocabulary = 0;
    for (let i = 0; i < originals.length; i++) {
      if (originals[i] < FIRST_WORD_ID) continue;
      eligible++;
      if (labels[i] === -100) continue;
      selected++;
      if (inputs[i] === MASK) masked++;
      else if (inputs[i] === originals[i]) unchanged++;
      else randomised++;
      if (inputs[i] < 0 || inputs[i] >= VOCAB) outOfVocabulary++;
    }
    expect(outOfVocabulary).toBe(0);
    // Five standard deviations of a binomial share: a correct sampler fails about once in 3.5 million runs.
    const within = (count: number, total: number, p: number) => {
      const sd = Math.sqrt((p * (1 - p)) / total);
      expect(Math.abs(count / total - p), `share ${count}/${total} vs ${p}`).toBeLessThan(5 * sd);
    };
    expect(eligible).toBeGreaterThan(20_000);
    within(selected, eligible, 0.15);
    within(masked, selected, 0.8);
    within(randomised, selected, 0.1);
    within(unchanged, selected, 0.1);
  });

  it("gives the same masks for the same seed and different masks for another seed", () => {
    const again = DataCollatorForLanguageModeling(mlmOptions)(rows);
    expect(nested(again)).toEqual(nested(batch));
    const other = DataCollatorForLanguageModeling({ ...mlmOptions, seed: 4321 })(rows);
    expect(toNested(other.labels)).not.toEqual(toNested(batch.labels));
  });

  it("continues the identical stream after its RNG state is saved and restored", () => {
    const first = makeRows(16, 1);
    const second = makeRows(16, 2);
    const third = makeRows(16, 3);
    const uninterrupted = DataCollatorForLanguageModeling(mlmOptions);
    uninterrupted(first);
    const saved = JSON.parse(JSON.stringify(uninterrupted.getRngState()));
    const expectedSecond = nested(uninterrupted(second));
    const expectedThird = nested(uninterrupted(third));

    const resumed = DataCollatorForLanguageModeling({ ...mlmOptions, seed: 777 });
    resumed.setRngState(saved);
    expect(nested(resumed(second))).toEqual(expectedSecond);
    expect(nested(resumed(third))).toEqual(expectedThird);

    // A fresh collator with the same seed but no restore would repeat the first batch's draws instead.
    const fresh = DataCollatorForLanguageModeling(mlmOptions);
    expect(nested(fresh(second))).not.toEqual(expectedSecond);
  });

  it("honours a given special_tokens_mask over the special ids", () => {
    const collate = DataCollatorForLanguageModeling({
      ...mlmOptions,
      mlmProbability: 1,
      maskReplaceProb: 1,
      randomReplaceProb: 0,
    });
    const out = collate([
      { input_ids: [CLS, 10, 11, 12, SEP], special_tokens_mask: [1, 1, 0, 0, 1] },
      { input_ids: [CLS, 13, SEP], special_tokens_mask: [1, 0, 1] },
    ]);
    expect(out.special_tokens_mask).toBeUndefined();
    expect(toNested(out.input_ids)).toEqual([
      [CLS, 10, MASK, MASK, SEP],
      [CLS, MASK, SEP, PAD, PAD],
    ]);
    expect(toNested(out.labels)).toEqual([
      [-100, -100, 11, 12, -100],
      [-100, 13, -100, -100, -100],
    ]);
  });

  it("checks its options when built", () => {
    expect(() =>
      DataCollatorForLanguageModeling({ padTokenId: PAD, mlm: true, vocabSize: VOCAB, seed: 1 }),
    ).toThrow("mlm needs maskTokenId");
    expect(() =>
      DataCollatorForLanguageModeling({ padTokenId: PAD, mlm: true, maskTokenId: MASK, seed: 1 }),
    ).toThrow("mlm needs vocabSize");
    expect(() => DataCollatorForLanguageModeling({ ...mlmOptions, mlmProbability: 1.5 })).toThrow(
      "mlmProbability must be a probability",
    );
    expect(() =>
      DataCollatorForLanguageModeling({ ...mlmOptions, maskReplaceProb: 0.95, randomReplaceProb: 0.1 }),
    ).toThrow("must not exceed 1");
    const collate = DataCollatorForLanguageModeling(mlmOptions);
    expect(() => collate.setRngState({ algorithm: "arc4" } as never)).toThrow("RNG state must be");
  });

  it("names a bad example", () => {
    const collate = DataCollatorForLanguageModeling(mlmOptions);
    expect(() => collate([{ input_ids: [CLS, 10, SEP] }, { input_ids: [CLS, -0.5] }])).toThrow(
      'feature 1: "input_ids" must be a list of integers',
    );
  });
});
