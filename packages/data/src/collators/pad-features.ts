import type { HostBatch } from "../host-tensor.js";
import { featureError, isPresent, readIntegerList } from "./feature-values.js";
import type { ResolvedPadding } from "./options.js";
import { padColumn, paddedLength } from "./pad-sequences.js";
import { stackField } from "./stack-field.js";
import type { Feature } from "./types.js";

export interface PadFeaturesOptions extends ResolvedPadding {
  padTokenId: number;
  /** Fill for token_type_ids (HF's `tokenizer.pad_token_type_id`, 0 for every tokenizer this project targets). */
  padTokenTypeId: number;
  /** Fields the calling collator pads itself (labels); they are left out of the result. */
  skipKeys?: readonly string[];
}

/**
 * Fields that follow input_ids token by token, with the value their padding takes. special_tokens_mask pads with 1:
 * padding counts as a special token, so masked language modeling never selects it (HF's `_pad` does the same).
 */
function tokenAlignedFills(options: PadFeaturesOptions): Record<string, number> {
  return { attention_mask: 0, token_type_ids: options.padTokenTypeId, special_tokens_mask: 1 };
}

/**
 * HF's `tokenizer.pad`: pads input_ids with the pad id and its token-aligned fields alongside, creates the
 * attention_mask when the rows have none, and stacks every other numeric field unchanged. The fields present in
 * feature 0 decide the columns, as in HF.
 */
export function padFeatures(features: readonly Feature[], options: PadFeaturesOptions): HostBatch {
  const first = features[0];
  const inputIds = features.map((feature, index) => readIntegerList(feature, index, "input_ids"));
  const length = paddedLength(
    inputIds.map((row) => row.length),
    options,
  );
  const side = options.paddingSide;
  const batch: HostBatch = { input_ids: padColumn(inputIds, "input_ids", options.padTokenId, length, side) };

  const fills = tokenAlignedFills(options);
  for (const [key, fill] of Object.entries(fills)) {
    if (options.skipKeys?.includes(key)) continue;
    if (!isPresent(first, key)) {
      if (key !== "attention_mask") continue;
      // Rows without a mask attend to every real token.
      const ones = inputIds.map((row) => new Array<number>(row.length).fill(1));
      batch[key] = padColumn(ones, key, fill, length, side);
      continue;
    }
    const rows = features.map((feature, index) => {
      const row = readIntegerList(feature, index, key);
      if (row.length !== inputIds[index].length) {
        throw featureError(
          index,
          key,
          `has length ${row.length} but "input_ids" has ${inputIds[index].length}`,
        );
      }
      return row;
    });
    batch[key] = padColumn(rows, key, fill, length, side);
  }

  for (const key of Object.keys(first)) {
    if (key === "input_ids" || key in fills || options.skipKeys?.includes(key)) continue;
    if (!isPresent(first, key) || typeof first[key] === "string") continue;
    batch[key] = stackField(features, key);
  }
  return batch;
}
