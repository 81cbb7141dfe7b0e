import { registerArchitecture } from "../common/pretrained-model.js";
import { BartForConditionalGeneration } from "./model.js";

export { BART_DEFAULTS, type BartConfig, bartConfig } from "./config.js";
export { BART_POSITION_OFFSET } from "./parameters.js";
export { BartForConditionalGeneration };

// Loadable by name from config.json (`architectures`), and as the default of model_type "bart".
registerArchitecture("BartForConditionalGeneration", BartForConditionalGeneration, "bart");
