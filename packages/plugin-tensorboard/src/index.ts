export { configJSONString, defaultLogDir, rewriteLogKey, scalarArguments } from "./hf-conventions.js";
export {
  default,
  default as tensorboard,
  HISTOGRAM_KINDS,
  PLUGIN_NAME,
  type TensorBoardOptions,
} from "./tensorboard.js";
