import type { HParamsPluginData } from "./hparams-proto.js";
import type { HistogramProto, ImageProto, TfEvent } from "./messages.js";
import { EXPERIMENT_TAG, SESSION_END_INFO_TAG, SESSION_START_INFO_TAG } from "./summaries.js";
import type { TensorValue } from "./tensor.js";

export interface Point<T> {
  step: number;
  wall_time: number;
  value: T;
}

/**
 * What TensorBoard's EventAccumulator finds in a run's events: the tags of each kind in the order they first
 * appear (a value with `simple_value` is a scalar, `histo` a histogram — and a distribution —, `image` an image,
 * `audio` audio, `tensor` a tensor; a value with only metadata, such as the hparams ones, is none of them), every
 * point of each tag in event order, the content of each plugin's tags (the first seen, as TensorBoard keeps it),
 * and the decoded hparams summaries.
 */
export interface RunContents {
  tags: {
    images: string[];
    audio: string[];
    histograms: string[];
    scalars: string[];
    distributions: string[];
    tensors: string[];
    run_metadata: string[];
  };
  scalars: Record<string, Point<number>[]>;
  histograms: Record<string, Point<HistogramProto>[]>;
  images: Record<string, Point<ImageProto>[]>;
  tensors: Record<string, Point<TensorValue>[]>;
  /** The values of "text" plugin tags, decoded. */
  texts: Record<string, Point<string>[]>;
  /** plugin name → tag → content of the first metadata seen for that tag. */
  plugins: Record<string, Record<string, Uint8Array>>;
  hparams: {
    experiment?: HParamsPluginData["experiment"];
    session_start_info?: HParamsPluginData["session_start_info"];
    session_end_info?: HParamsPluginData["session_end_info"];
  };
}

export function collectRunContents(events: TfEvent[]): RunContents {
  const out: RunContents = {
    tags: {
      images: [],
      audio: [],
      histograms: [],
      scalars: [],
      distributions: [],
      tensors: [],
      run_metadata: [],
    },
    scalars: {},
    histograms: {},
    images: {},
    tensors: {},
    texts: {},
    plugins: {},
    hparams: {},
  };
  const seen = new Set<string>();
  const push = <T>(kind: string, map: Record<string, Point<T>[]>, tag: string, point: Point<T>) => {
    map[tag] ??= [];
    map[tag].push(point);
    if (!seen.has(`${kind}\0${tag}`)) {
      seen.add(`${kind}\0${tag}`);
      (out.tags as Record<string, string[]>)[kind].push(tag);
      if (kind === "histograms") out.tags.distributions.push(tag);
    }
  };
  for (const event of events) {
    const { step, wall_time } = event;
    if (event.tagged_run_metadata && !out.tags.run_metadata.includes(event.tagged_run_metadata.tag)) {
      out.tags.run_metadata.push(event.tagged_run_metadata.tag);
    }
    for (const v of event.summary?.value ?? []) {
      const plugin = v.metadata?.plugin_data;
      if (plugin?.plugin_name) {
        out.plugins[plugin.plugin_name] ??= {};
        out.plugins[plugin.plugin_name][v.tag] ??= plugin.content;
      }
      if (v.hparams) {
        if (v.tag === EXPERIMENT_TAG) out.hparams.experiment ??= v.hparams.experiment;
        if (v.tag === SESSION_START_INFO_TAG) out.hparams.session_start_info ??= v.hparams.session_start_info;
        if (v.tag === SESSION_END_INFO_TAG) out.hparams.session_end_info ??= v.hparams.session_end_info;
      }
      if (v.simple_value !== undefined)
        push("scalars", out.scalars, v.tag, { step, wall_time, value: v.simple_value });
      if (v.histo) push("histograms", out.histograms, v.tag, { step, wall_time, value: v.histo });
      if (v.image) push("images", out.images, v.tag, { step, wall_time, value: v.image });
      if (v.audio) push("audio", {}, v.tag, { step, wall_time, value: v.audio });
      if (v.tensor) {
        const tag = v.tag || v.node_name || "";
        push("tensors", out.tensors, tag, { step, wall_time, value: v.tensor as TensorValue });
        if (v.text !== undefined) {
          out.texts[tag] ??= [];
          out.texts[tag].push({ step, wall_time, value: v.text });
        }
      }
    }
  }
  return out;
}
