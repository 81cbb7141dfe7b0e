import { decodeHParamsPluginData, type HParamsPluginData } from "./hparams-proto.js";
import { ProtoReader, ProtoWriter } from "./protobuf.js";
import { decodeTensor, encodeTensor, type TensorInit, type TensorValue } from "./tensor.js";

// The messages of tensorflow/core/util/event.proto and framework/summary.proto that event files hold, as plain
// objects with the protos' own field names. Field numbers are those of the protos.

/** HistogramProto: `bucket[i]` counts the values in (bucket_limit[i-1], bucket_limit[i]]. */
export interface HistogramProto {
  min: number;
  max: number;
  num: number;
  sum: number;
  sum_squares: number;
  bucket_limit: number[];
  bucket: number[];
}

/** Summary.Image: an encoded (PNG) image; colorspace is the channel count (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA). */
export interface ImageProto {
  height: number;
  width: number;
  colorspace: number;
  encoded_image_string: Uint8Array;
}

export interface AudioProto {
  sample_rate: number;
  num_channels: number;
  length_frames: number;
  encoded_audio_string: Uint8Array;
  content_type: string;
}

export interface PluginData {
  plugin_name: string;
  content: Uint8Array;
}

export interface SummaryMetadata {
  plugin_data?: PluginData;
  display_name?: string;
  summary_description?: string;
  data_class?: number;
}

/** Summary.Value: a tag with at most one of simple_value, histo, image, audio or tensor. */
export interface SummaryValue {
  tag: string;
  node_name?: string;
  metadata?: SummaryMetadata;
  simple_value?: number;
  histo?: HistogramProto;
  image?: ImageProto;
  audio?: AudioProto;
  /** When writing: the tensor to encode; when read: its decoded form. */
  tensor?: TensorValue | TensorInit;
  /** Read only: the text of a "text" plugin value (its strings joined by newlines). */
  text?: string;
  /** Read only: the decoded content of an "hparams" plugin value. */
  hparams?: HParamsPluginData;
}

export interface SessionLog {
  status: number;
  checkpoint_path: string;
  msg: string;
}

/** One Event of an event file. */
export interface TfEvent {
  wall_time: number;
  step: number;
  file_version?: string;
  graph_def?: Uint8Array;
  summary?: { value: SummaryValue[] };
  log_message?: { level: number; message: string };
  session_log?: SessionLog;
  tagged_run_metadata?: { tag: string; run_metadata: Uint8Array };
  meta_graph_def?: Uint8Array;
  source_metadata?: { writer: string };
}

// ── encoding ────────────────────────────────────────────────────────────────────────────────────────────────

export function encodeEvent(event: TfEvent): Uint8Array {
  const w = new ProtoWriter();
  w.doubleField(1, event.wall_time);
  w.varintField(2, event.step);
  // members of the `what` oneof are written even when empty
  if (event.file_version !== undefined) w.stringField(3, event.file_version, true);
  if (event.graph_def) w.bytesField(4, event.graph_def, true);
  if (event.summary) w.messageField(5, encodeSummary(event.summary.value));
  if (event.session_log) {
    const s = event.session_log;
    w.messageField(
      7,
      new ProtoWriter()
        .varintField(1, s.status)
        .stringField(2, s.checkpoint_path)
        .stringField(3, s.msg)
        .finish(),
    );
  }
  if (event.source_metadata) {
    w.messageField(10, new ProtoWriter().stringField(1, event.source_metadata.writer).finish());
  }
  return w.finish();
}

export function encodeSummary(values: SummaryValue[]): Uint8Array {
  const w = new ProtoWriter();
  for (const v of values) w.messageField(1, encodeValue(v));
  return w.finish();
}

function encodeValue(v: SummaryValue): Uint8Array {
  const w = new ProtoWriter();
  w.stringField(1, v.tag);
  if (v.simple_value !== undefined) w.floatField(2, v.simple_value, true);
  if (v.image) {
    const i = v.image;
    w.messageField(
      4,
      new ProtoWriter()
        .varintField(1, i.height)
        .varintField(2, i.width)
        .varintField(3, i.colorspace)
        .bytesField(4, i.encoded_image_string)
        .finish(),
    );
  }
  if (v.histo) w.messageField(5, encodeHistogram(v.histo));
  w.stringField(7, v.node_name);
  if (v.tensor) w.messageField(8, encodeTensor(v.tensor as TensorInit));
  if (v.metadata) w.messageField(9, encodeMetadata(v.metadata));
  return w.finish();
}

function encodeHistogram(h: HistogramProto): Uint8Array {
  return new ProtoWriter()
    .doubleField(1, h.min)
    .doubleField(2, h.max)
    .doubleField(3, h.num)
    .doubleField(4, h.sum)
    .doubleField(5, h.sum_squares)
    .packedDoubles(6, h.bucket_limit)
    .packedDoubles(7, h.bucket)
    .finish();
}

function encodeMetadata(m: SummaryMetadata): Uint8Array {
  const w = new ProtoWriter();
  if (m.plugin_data) {
    w.messageField(
      1,
      new ProtoWriter()
        .stringField(1, m.plugin_data.plugin_name)
        .bytesField(2, m.plugin_data.content)
        .finish(),
    );
  }
  return w
    .stringField(2, m.display_name)
    .stringField(3, m.summary_description)
    .varintField(4, m.data_class)
    .finish();
}

// ── decoding ────────────────────────────────────────────────────────────────────────────────────────────────

export function decodeEvent(bytes: Uint8Array, what: string): TfEvent {
  const r = new ProtoReader(bytes, what);
  const event: TfEvent = { wall_time: 0, step: 0 };
  while (!r.done) {
    const { field, wire } = r.next();
    switch (field) {
      case 1:
        event.wall_time = r.double(wire);
        break;
      case 2:
        event.step = r.int64(wire);
        break;
      case 3:
        event.file_version = r.string(wire);
        break;
      case 4:
        event.graph_def = r.bytes(wire);
        break;
      case 5:
        event.summary = { value: decodeSummary(r.bytes(wire), `${what} summary`) };
        break;
      case 6:
        event.log_message = decodeLogMessage(r.bytes(wire), what);
        break;
      case 7:
        event.session_log = decodeSessionLog(r.bytes(wire), what);
        break;
      case 8:
        event.tagged_run_metadata = decodeTaggedRunMetadata(r.bytes(wire), what);
        break;
      case 9:
        event.meta_graph_def = r.bytes(wire);
        break;
      case 10:
        event.source_metadata = { writer: decodeSourceWriter(r.bytes(wire), what) };
        break;
      default:
        r.skip(wire);
    }
  }
  return event;
}

function decodeSummary(bytes: Uint8Array, what: string): SummaryValue[] {
  const r = new ProtoReader(bytes, what);
  const values: SummaryValue[] = [];
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) values.push(decodeValue(r.bytes(wire), `${what} value ${values.length}`));
    else r.skip(wire);
  }
  return values;
}

function decodeValue(bytes: Uint8Array, what: string): SummaryValue {
  const r = new ProtoReader(bytes, what);
  const v: SummaryValue = { tag: "" };
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) v.tag = r.string(wire);
    else if (field === 2) v.simple_value = r.float(wire);
    else if (field === 4) v.image = decodeImage(r.bytes(wire), `${what} image`);
    else if (field === 5) v.histo = decodeHistogram(r.bytes(wire), `${what} histo`);
    else if (field === 6) v.audio = decodeAudio(r.bytes(wire), `${what} audio`);
    else if (field === 7) v.node_name = r.string(wire);
    else if (field === 8) v.tensor = decodeTensor(r.bytes(wire), `${what} tensor`);
    else if (field === 9) v.metadata = decodeMetadata(r.bytes(wire), `${what} metadata`);
    else r.skip(wire);
  }
  const plugin = v.metadata?.plugin_data;
  const tensor = v.tensor as TensorValue | undefined;
  if (plugin?.plugin_name === "text" && tensor?.strings) v.text = tensor.strings.join("\n");
  if (plugin?.plugin_name === "hparams") {
    v.hparams = decodeHParamsPluginData(plugin.content, `${what} hparams`);
  }
  return v;
}

function decodeHistogram(bytes: Uint8Array, what: string): HistogramProto {
  const r = new ProtoReader(bytes, what);
  const h: HistogramProto = { min: 0, max: 0, num: 0, sum: 0, sum_squares: 0, bucket_limit: [], bucket: [] };
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) h.min = r.double(wire);
    else if (field === 2) h.max = r.double(wire);
    else if (field === 3) h.num = r.double(wire);
    else if (field === 4) h.sum = r.double(wire);
    else if (field === 5) h.sum_squares = r.double(wire);
    else if (field === 6) r.doubles(wire, h.bucket_limit);
    else if (field === 7) r.doubles(wire, h.bucket);
    else r.skip(wire);
  }
  return h;
}

function decodeImage(bytes: Uint8Array, what: string): ImageProto {
  const r = new ProtoReader(bytes, what);
  const i: ImageProto = { height: 0, width: 0, colorspace: 0, encoded_image_string: new Uint8Array() };
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) i.height = r.int64(wire);
    else if (field === 2) i.width = r.int64(wire);
    else if (field === 3) i.colorspace = r.int64(wire);
    else if (field === 4) i.encoded_image_string = r.bytes(wire);
    else r.skip(wire);
  }
  return i;
}

function decodeAudio(bytes: Uint8Array, what: string): AudioProto {
  const r = new ProtoReader(bytes, what);
  const a: AudioProto = {
    sample_rate: 0,
    num_channels: 0,
    length_frames: 0,
    encoded_audio_string: new Uint8Array(),
    content_type: "",
  };
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) a.sample_rate = r.float(wire);
    else if (field === 2) a.num_channels = r.int64(wire);
    else if (field === 3) a.length_frames = r.int64(wire);
    else if (field === 4) a.encoded_audio_string = r.bytes(wire);
    else if (field === 5) a.content_type = r.string(wire);
    else r.skip(wire);
  }
  return a;
}

function decodeMetadata(bytes: Uint8Array, what: string): SummaryMetadata {
  const r = new ProtoReader(bytes, what);
  const m: SummaryMetadata = {};
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) {
      const p = new ProtoReader(r.bytes(wire), `${what} plugin_data`);
      const data: PluginData = { plugin_name: "", content: new Uint8Array() };
      while (!p.done) {
        const f = p.next();
        if (f.field === 1) data.plugin_name = p.string(f.wire);
        else if (f.field === 2) data.content = p.bytes(f.wire);
        else p.skip(f.wire);
      }
      m.plugin_data = data;
    } else if (field === 2) m.display_name = r.string(wire);
    else if (field === 3) m.summary_description = r.string(wire);
    else if (field === 4) m.data_class = r.int64(wire);
    else r.skip(wire);
  }
  return m;
}

function decodeLogMessage(bytes: Uint8Array, what: string): { level: number; message: string } {
  const r = new ProtoReader(bytes, `${what} log_message`);
  const out = { level: 0, message: "" };
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) out.level = r.int64(wire);
    else if (field === 2) out.message = r.string(wire);
    else r.skip(wire);
  }
  return out;
}

function decodeSessionLog(bytes: Uint8Array, what: string): SessionLog {
  const r = new ProtoReader(bytes, `${what} session_log`);
  const out: SessionLog = { status: 0, checkpoint_path: "", msg: "" };
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) out.status = r.int64(wire);
    else if (field === 2) out.checkpoint_path = r.string(wire);
    else if (field === 3) out.msg = r.string(wire);
    else r.skip(wire);
  }
  return out;
}

function decodeTaggedRunMetadata(bytes: Uint8Array, what: string): { tag: string; run_metadata: Uint8Array } {
  const r = new ProtoReader(bytes, `${what} tagged_run_metadata`);
  const out: { tag: string; run_metadata: Uint8Array } = { tag: "", run_metadata: new Uint8Array() };
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) out.tag = r.string(wire);
    else if (field === 2) out.run_metadata = r.bytes(wire);
    else r.skip(wire);
  }
  return out;
}

function decodeSourceWriter(bytes: Uint8Array, what: string): string {
  const r = new ProtoReader(bytes, `${what} source_metadata`);
  let writer = "";
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) writer = r.string(wire);
    else r.skip(wire);
  }
  return writer;
}
