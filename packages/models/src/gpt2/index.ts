import { registerArchitecture } from "../common/pretrained-model.js";
import { GPT2Model } from "./base-model.js";
import { GPT2LMHeadModel } from "./lm-head-model.js";

// A config.json without `architectures` loads as the model the Trainer can train (the LM head).
registerArchitecture("GPT2LMHeadModel", GPT2LMHeadModel, "gpt2");
registerArchitecture("GPT2Model", GPT2Model);

export { GPT2Model } from "./base-model.js";
export { GPT2Cache, type LayerKeyValues } from "./cache.js";
export { causalLmLoss, countLabelItems } from "./causal-lm-loss.js";
export { GPT2_DEFAULTS, type GPT2Config, type GPT2Fields, gpt2Config } from "./config.js";
export { GPT2LMHeadModel } from "./lm-head-model.js";
export { GPT2Transformer } from "./transformer.js";
