export { appendKeyValue, type KeyValue } from "../common/key-value-cache.js";
export {
  ConditionalGenerationModel,
  type DecoderInputs,
  type DecoderRun,
  SEQ2SEQ_INPUT_NAMES,
} from "./conditional-generation.js";
export { SelfAttentionCache } from "./decoder-cache.js";
export { CrossAttentionState } from "./encoder-state.js";
export { decoderSelfAttentionMask, encoderPaddingMask } from "./masks.js";
export { type ShiftIds, shiftTokensRight, shiftTokensRightTensor } from "./shift-right.js";
