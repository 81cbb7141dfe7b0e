import { registerArchitecture } from "../common/pretrained-model.js";
import { T5ForConditionalGeneration } from "./model.js";

export { T5_DEFAULTS, type T5Config, t5Config } from "./config.js";
export { relativePositionBias, relativePositionBucket } from "./relative-position.js";
export { T5ForConditionalGeneration };

// Loadable by name from config.json (`architectures`), and as the default of model_type "t5".
registerArchitecture("T5ForConditionalGeneration", T5ForConditionalGeneration, "t5");
