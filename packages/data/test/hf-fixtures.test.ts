import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type DataCollator,
  DataCollatorForSeq2Seq,
  DataCollatorForTokenClassification,
  DataCollatorWithPadding,
  type Feature,
  toNested,
} from "../src/index.js";

/** What HF transformers 5.17 returned (fixtures/hf-reference/collators.json; README section "collators.json"). */
interface CollatorFixture {
  features: Feature[];
  cases: Record<string, Record<string, unknown> & { features?: Feature[] }>;
}

const fixture = JSON.parse(
  readFileSync(new URL("../../../fixtures/hf-reference/collators.json", import.meta.url), "utf8"),
) as CollatorFixture;

/** The fixture README: "Pad id 0". */
const PAD_ID = 0;

interface CaseSetup {
  collator: DataCollator;
  features: (expected: Record<string, unknown> & { features?: Feature[] }) => Feature[];
}

/**
 * The fixture does not record the rows fed to the sequence-classification cases: its output shows one class label
 * per row (`labels` of shape [batch]). Those rows are rebuilt from the shared input_ids plus that per-row class label
 * under `label`, so these cases check the padding itself and the `label` → `labels` renaming (with int32 dtype).
 */
const classificationRows = (expected: Record<string, unknown>): Feature[] =>
  fixture.features.map((feature, index) => ({
    input_ids: feature.input_ids,
    label: (expected.labels as number[])[index],
  }));

const setups: Record<string, CaseSetup> = {
  with_padding: {
    collator: DataCollatorWithPadding({ padTokenId: PAD_ID }),
    features: classificationRows,
  },
  with_padding_mult8: {
    collator: DataCollatorWithPadding({ padTokenId: PAD_ID, padToMultipleOf: 8 }),
    features: classificationRows,
  },
  seq2seq: {
    collator: DataCollatorForSeq2Seq({ padTokenId: PAD_ID }),
    features: () => fixture.features,
  },
  seq2seq_mult8: {
    collator: DataCollatorForSeq2Seq({ padTokenId: PAD_ID, padToMultipleOf: 8 }),
    features: () => fixture.features,
  },
  token_classification: {
    collator: DataCollatorForTokenClassification({ padTokenId: PAD_ID }),
    features: (expected) => expected.features as Feature[],
  },
};

describe("collators reproduce HF transformers (collators.json)", () => {
  it("covers every case the fixture holds", () => {
    expect(Object.keys(setups).sort()).toEqual(Object.keys(fixture.cases).sort());
  });

  for (const [name, expected] of Object.entries(fixture.cases)) {
    it(name, () => {
      const setup = setups[name];
      const rows = structuredClone(setup.features(expected));
      const batch = setup.collator(rows);
      const expectedKeys = Object.keys(expected).filter((key) => key !== "features");
      expect(Object.keys(batch).sort()).toEqual(expectedKeys.sort());
      for (const key of expectedKeys) {
        expect(batch[key].dtype, key).toBe("int32");
        expect(toNested(batch[key]), key).toEqual(expected[key]);
      }
      // Collating must not rewrite the caller's rows (HF's seq2seq collator pads labels in place; this one copies).
      expect(rows).toEqual(setup.features(expected));
    });
  }
});
