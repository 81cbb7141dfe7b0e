export { type GenerateInputs, generate } from "./generate.js";
export {
  GENERATION_CONFIG_FILE,
  type GenerationConfig,
  generationConfigFromModelConfig,
  loadGenerationConfig,
  readGenerationConfig,
  writeGenerationConfig,
} from "./generation-config.js";
export { generateOptionsFromHF } from "./hf-kwargs.js";
export { GENERATE_OPTION_NAMES, type GenerateOptions } from "./options.js";
export type {
  DecoderCache,
  DecodeStepArgs,
  DecodeStepResult,
  EncoderState,
  GenerativeModel,
} from "./types.js";
