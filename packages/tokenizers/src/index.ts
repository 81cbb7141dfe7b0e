export { cleanUpTokenization } from "./clean-up-tokenization";
export { TokenizerError } from "./errors";
export { charSpanToUtf16 } from "./offsets";
export { PreTrainedTokenizer, type TokenizerJsonOptions } from "./pretrained-tokenizer";
export {
  type DecodeOptions,
  type EncodeOptions,
  type Encoding,
  SPECIAL_TOKEN_ROLES,
  type SpecialTokenRole,
  type SpecialTokens,
  type TrainTokenizerOptions,
} from "./types";
