import { type HostTensor, isHostTensor } from "../host-tensor.js";
import { checkFeatures, isPresent, readIntegerList } from "./feature-values.js";
import { requireInteger, resolvePadding } from "./options.js";
import { padFeatures } from "./pad-features.js";
import { padColumn, paddedLength } from "./pad-sequences.js";
import type { DataCollator, PaddingOptions } from "./types.js";

/** An encoder-decoder model that builds its decoder inputs from labels (shift right, start token, -100 → pad). */
export interface DecoderInputsFromLabels {
  prepareDecoderInputIdsFromLabels(labels: HostTensor): HostTensor;
}

export interface DataCollatorForSeq2SeqOptions extends PaddingOptions {
  /** Id input_ids are padded with. */
  padTokenId: number;
  /** Value labels are padded with; -100 (the default) is ignored by the loss. */
  labelPadTokenId?: number;
  /** Id token_type_ids are padded with; defaults to 0. */
  padTokenTypeId?: number;
  /**
   * The model being trained. When it offers `prepareDecoderInputIdsFromLabels`, batches carry decoder_input_ids
   * (useful with label smoothing, which computes the loss outside the model); any other model is accepted and ignored.
   */
  model?: object | Partial<DecoderInputsFromLabels>;
}

const NAME = "DataCollatorForSeq2Seq";

/**
 * HF's `DataCollatorForSeq2Seq`: pads the encoder side like `DataCollatorWithPadding` and the labels (`labels`, or
 * `label`) to their own longest row, rounded to the same multiple, with `labelPadTokenId` on the padding side.
 */
export function DataCollatorForSeq2Seq(options: DataCollatorForSeq2SeqOptions): DataCollator {
  const padTokenId = requireInteger(NAME, "padTokenId", options.padTokenId);
  const labelPadTokenId = requireInteger(NAME, "labelPadTokenId", options.labelPadTokenId ?? -100);
  const padTokenTypeId = requireInteger(NAME, "padTokenTypeId", options.padTokenTypeId ?? 0);
  const padding = resolvePadding(NAME, options);
  const prepare = decoderInputsPreparer(options.model);

  return (features) => {
    checkFeatures(features, NAME);
    const labelKey = "label" in features[0] ? "label" : "labels";
    // Rows whose labels are all null (HF: a list of None) carry no labels at all.
    const hasLabels = features.some((feature) => isPresent(feature, labelKey));
    const batch = padFeatures(features, { ...padding, padTokenId, padTokenTypeId, skipKeys: [labelKey] });
    if (!hasLabels) return batch;

    const labels = features.map((feature, index) => readIntegerList(feature, index, labelKey));
    const length = paddedLength(
      labels.map((row) => row.length),
      padding,
    );
    batch.labels = padColumn(labels, labelKey, labelPadTokenId, length, padding.paddingSide);
    if (prepare !== undefined) {
      const decoderInputIds = prepare(batch.labels);
      if (!isHostTensor(decoderInputIds)) {
        throw new Error(`${NAME}: model.prepareDecoderInputIdsFromLabels must return a HostTensor`);
      }
      batch.decoder_input_ids = decoderInputIds;
    }
    return batch;
  };
}

function decoderInputsPreparer(model: object | undefined): ((labels: HostTensor) => HostTensor) | undefined {
  const method = (model as Partial<DecoderInputsFromLabels> | undefined)?.prepareDecoderInputIdsFromLabels;
  return typeof method === "function" ? method.bind(model) : undefined;
}
