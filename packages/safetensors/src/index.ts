export { writeFileAtomic } from "./atomic-write.js";
export {
  BYTES_PER_ELEMENT,
  type FloatStorageDType,
  type IntStorageDType,
  isSafetensorsDType,
  SAFETENSORS_DTYPES,
  type SafetensorsDType,
} from "./dtypes.js";
export { SafetensorsError } from "./errors.js";
export { readSafetensorsFile, readSafetensorsHeader, writeSafetensorsFile } from "./files.js";
export {
  bfloat16BitsToNumber,
  float16BitsToNumber,
  numberToBfloat16Bits,
  numberToFloat16Bits,
} from "./half-float.js";
export { MAX_HEADER_BYTES, type SafetensorsHeader, type TensorInfo } from "./header.js";
export { parseSafetensors, parseSafetensorsHeader, type SafetensorsContents } from "./parse.js";
export { DEFAULT_METADATA, type SerializeOptions, serializeSafetensors } from "./serialize.js";
export {
  fromTfTensors,
  isTfTensor,
  type NamedTensors,
  readTfTensorToHost,
  readToHost,
  toTfTensors,
} from "./tfjs.js";
