export { BART_DEFAULTS, type BartConfig, bartConfig } from "./config.js";
export { BartForConditionalGeneration } from "./model.js";
export { BART_POSITION_OFFSET } from "./parameters.js";
