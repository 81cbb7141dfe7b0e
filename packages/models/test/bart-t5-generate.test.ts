import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "../src/bart/index.js";
import { fromPretrained, type PreTrainedModel } from "../src/common/pretrained-model.js";
import { type GenerativeModel, generate, generateOptionsFromHF } from "../src/generation/index.js";
import "../src/t5/index.js";
import { readGenerateCases, referencePath } from "./helpers/fixtures.js";

const MODELS = ["bart", "t5"];
const fixtures = MODELS.map((name) => ({ name, ...readGenerateCases(name) }));

describe.each(fixtures)(
  "generate() with $name against HF 5.17 (generate/$name.json)",
  ({ name, inputs, cases }) => {
    let model: PreTrainedModel & GenerativeModel;

    beforeAll(async () => {
      await tf.setBackend("cpu");
      model = (await fromPretrained(referencePath(`models/${name}`))) as PreTrainedModel & GenerativeModel;
    });
    afterAll(() => model.dispose());

    it("has the recorded cases", () => {
      expect(cases.map(([caseName]) => caseName)).toEqual(
        expect.arrayContaining(["greedy", "beam3", "beam3_early", "greedy_norepeat2"]),
      );
    });

    it.each(cases)(
      "%s gives HF's token ids and leaks no tensor",
      async (_caseName, { kwargs, output_ids }) => {
        const before = tf.memory().numTensors;
        const out = await generate(
          model,
          { inputIds: inputs.input_ids, attentionMask: inputs.attention_mask },
          generateOptionsFromHF(kwargs),
        );
        expect(await out.array()).toEqual(output_ids);
        out.dispose();
        expect(tf.memory().numTensors).toBe(before);
      },
    );
  },
);
