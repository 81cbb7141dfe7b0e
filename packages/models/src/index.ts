// Importing an architecture's module registers it for fromPretrained (config.json → class).
export * from "./bart/index.js";
export * from "./bert/index.js";
export { type HFConfig, numLabels, readConfig, withDefaults } from "./common/config.js";
export { type Init, type LoadReport, ParameterStore } from "./common/parameter-store.js";
export {
  architectureFor,
  fromPretrained,
  type LoadOptions,
  type ModelConstructor,
  PreTrainedModel,
  registerArchitecture,
} from "./common/pretrained-model.js";
export * from "./generation/index.js";
export * from "./gpt2/index.js";
export * from "./seq2seq/index.js";
export * from "./t5/index.js";
