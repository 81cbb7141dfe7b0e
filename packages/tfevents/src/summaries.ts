import { type HistogramBins, makeHistogram } from "./histogram.js";
import {
  encodeHParamsPluginData,
  type HParamInfo,
  type HParamValue,
  type MetricInfo,
  type SessionStatus,
} from "./hparams-proto.js";
import { type ImageInit, makeImage } from "./image.js";
import type { SummaryValue } from "./messages.js";
import { utf8 } from "./protobuf.js";

// Summary.Value builders with the layouts torch's SummaryWriter (torch.utils.tensorboard.summary) gives them.

export const TEXT_PLUGIN = "text";
export const HPARAMS_PLUGIN = "hparams";
/** Tags of the HParams plugin (tensorboard/plugins/hparams/metadata.py). */
export const EXPERIMENT_TAG = "_hparams_/experiment";
export const SESSION_START_INFO_TAG = "_hparams_/session_start_info";
export const SESSION_END_INFO_TAG = "_hparams_/session_end_info";
/** What torch appends to a text summary's tag, so TensorBoard shows `args` as `args/text_summary`. */
export const TEXT_TAG_SUFFIX = "/text_summary";

/** A legacy scalar: `simple_value`, a float32, which is what torch's `add_scalar` and TF 1's writers store. */
export function scalarValue(tag: string, value: number): SummaryValue {
  if (typeof value !== "number") throw new TypeError(`scalar "${tag}": ${String(value)} is not a number`);
  return { tag, simple_value: value };
}

/**
 * Text, as torch's `add_text` writes it: a DT_STRING tensor of shape [1] holding the UTF-8 text, with plugin
 * "text" (its content is an empty TextPluginData, version 0). The tag is used as given: SummaryWriter.addText
 * appends TEXT_TAG_SUFFIX as torch does.
 */
export function textValue(tag: string, text: string): SummaryValue {
  return {
    tag,
    metadata: { plugin_data: { plugin_name: TEXT_PLUGIN, content: new Uint8Array() } },
    tensor: { dtype: "DT_STRING", shape: [1], string_val: [utf8(text)] },
  };
}

/** A histogram, binned as torch's `add_histogram` bins it (TensorFlow's buckets by default). */
export function histogramValue(
  tag: string,
  values: ArrayLike<number>,
  bins: HistogramBins = "tensorflow",
): SummaryValue {
  return { tag, histo: makeHistogram(values, bins) };
}

/** A PNG image in a legacy Summary.Image, as torch's `add_image` writes it. */
export function imageValue(tag: string, image: ImageInit): SummaryValue {
  return { tag, image: makeImage(image) };
}

/** What a run's hyperparameters are, and which scalar tags TensorBoard's HParams tab shows beside them. */
export interface HParamsInit {
  hparams: Record<string, HParamValue>;
  /** Scalar tags (of the session's run, or of `<run>/<group>`) whose last value is each metric's value. */
  metrics: (string | MetricInfo)[];
  status?: SessionStatus;
  /** Seconds since the epoch. */
  startTimeSecs?: number;
  endTimeSecs?: number;
  groupName?: string;
  modelUri?: string;
}

/** The three hparams summaries torch's `hparams()` makes: the experiment, the session start and its end. */
export function hparamsValues(init: HParamsInit): {
  experiment: SummaryValue;
  sessionStart: SummaryValue;
  sessionEnd: SummaryValue;
} {
  const hparamInfos: HParamInfo[] = [];
  const hparams: Record<string, HParamValue> = {};
  for (const [name, value] of Object.entries(init.hparams)) {
    if (typeof value === "number") hparamInfos.push({ name, type: "DATA_TYPE_FLOAT64" });
    else if (typeof value === "string") hparamInfos.push({ name, type: "DATA_TYPE_STRING" });
    else if (typeof value === "boolean") hparamInfos.push({ name, type: "DATA_TYPE_BOOL" });
    else throw new TypeError(`hparam "${name}": ${String(value)} is not a number, string or boolean`);
    hparams[name] = value;
  }
  const metricInfos: MetricInfo[] = init.metrics.map((m) =>
    typeof m === "string" ? { name: { group: "", tag: m } } : m,
  );
  const value = (tag: string, content: Uint8Array): SummaryValue => ({
    tag,
    metadata: { plugin_data: { plugin_name: HPARAMS_PLUGIN, content } },
  });
  return {
    experiment: value(
      EXPERIMENT_TAG,
      encodeHParamsPluginData({
        version: 0,
        experiment: { hparam_infos: hparamInfos, metric_infos: metricInfos },
      }),
    ),
    sessionStart: value(
      SESSION_START_INFO_TAG,
      encodeHParamsPluginData({
        version: 0,
        session_start_info: {
          hparams,
          group_name: init.groupName,
          model_uri: init.modelUri,
          start_time_secs: init.startTimeSecs,
        },
      }),
    ),
    sessionEnd: value(
      SESSION_END_INFO_TAG,
      encodeHParamsPluginData({
        version: 0,
        session_end_info: { status: init.status ?? "STATUS_SUCCESS", end_time_secs: init.endTimeSecs },
      }),
    ),
  };
}
