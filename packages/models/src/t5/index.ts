export { T5_DEFAULTS, type T5Config, t5Config } from "./config.js";
export { T5ForConditionalGeneration } from "./model.js";
export { relativePositionBias, relativePositionBucket } from "./relative-position.js";
