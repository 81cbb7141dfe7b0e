export { EMA_FILE } from "./checkpoint-file.js";
export { decayAt } from "./decay.js";
export { readEmaWeights } from "./ema-run.js";
export { default, default as emaWeights, PLUGIN_NAME, STAGE_EMA_SWAP } from "./ema-weights.js";
export type { EmaWeightsOptions } from "./options.js";
