import { fromPretrained } from "../../src/common/pretrained-model.js";
import "../../src/gpt2/index.js";
import type { GPT2LMHeadModel } from "../../src/gpt2/lm-head-model.js";
import { failOnWarning, referencePath } from "./fixtures.js";

/** The tiny GPT-2 HF saved (fixtures/hf-reference/models/gpt2); any load warning fails the test. */
export function loadReferenceGpt2(): Promise<GPT2LMHeadModel> {
  return fromPretrained<GPT2LMHeadModel>(referencePath("models/gpt2"), { warn: failOnWarning });
}
