import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { BertPreTrainedModel } from "../src/bert/index.js";
import { fromPretrained } from "../src/common/pretrained-model.js";
import { bertForwardCases } from "./helpers/bert.js";
import {
  jsonTensor,
  jsonTensors,
  type Nested,
  readReferenceJson,
  referencePath,
  relativeError,
} from "./helpers/fixtures.js";
import { disposeAll } from "./helpers/tensors.js";

interface ForwardCase {
  inputs: Record<string, Nested>;
  loss: number;
  logits?: Nested;
  start_logits?: Nested;
  end_logits?: Nested;
}

const OUTPUT_KEYS = ["logits", "start_logits", "end_logits"] as const;
const cases = bertForwardCases();

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("BERT heads against HF transformers' forward (eval mode)", () => {
  it("finds the BERT cases HF recorded", () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });

  it.each(cases)("%s: logits within 1e-4 and loss within 1e-5 of HF", async (name) => {
    const reference = readReferenceJson<ForwardCase>(`forward/${name}.json`);
    const warnings: string[] = [];
    const model = await fromPretrained(referencePath(`models/${name}/`), { warn: (m) => warnings.push(m) });
    expect(model).toBeInstanceOf(BertPreTrainedModel);
    // HF's own checkpoint of this very head: every weight is there and used
    expect(warnings).toEqual([]);

    const inputs = jsonTensors(reference.inputs);
    const outputs = model.forward(inputs, { training: false });
    const expectedKeys = OUTPUT_KEYS.filter((key) => reference[key] !== undefined);
    expect(expectedKeys.length).toBeGreaterThan(0);
    for (const key of OUTPUT_KEYS) {
      if (reference[key] === undefined) {
        expect(outputs[key], `${name} should not output ${key}`).toBeUndefined();
        continue;
      }
      const ours = outputs[key]!;
      const expected = jsonTensor(reference[key]);
      expect(ours.shape).toEqual(expected.shape);
      expect(relativeError(ours.dataSync(), expected.dataSync())).toBeLessThanOrEqual(1e-4);
      expected.dispose();
    }
    const loss = outputs.loss!.dataSync()[0];
    expect(Math.abs(loss - reference.loss) / Math.abs(reference.loss)).toBeLessThanOrEqual(1e-5);

    disposeAll(outputs);
    disposeAll(inputs);
    model.dispose();
  });
});
