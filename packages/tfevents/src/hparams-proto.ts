import { ProtoReader, ProtoWriter } from "./protobuf.js";

// The HParams plugin's messages (tensorboard/plugins/hparams/plugin_data.proto and api.proto) and the
// google.protobuf.Value they hold hyperparameter values in. Enums are given by their names.

export type HParamValue = number | string | boolean;

export const HPARAM_DATA_TYPES = [
  "DATA_TYPE_UNSET",
  "DATA_TYPE_STRING",
  "DATA_TYPE_BOOL",
  "DATA_TYPE_FLOAT64",
] as const;
export type HParamDataType = (typeof HPARAM_DATA_TYPES)[number];

export const SESSION_STATUSES = [
  "STATUS_UNKNOWN",
  "STATUS_SUCCESS",
  "STATUS_FAILURE",
  "STATUS_RUNNING",
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface HParamInfo {
  name: string;
  display_name?: string;
  description?: string;
  type: HParamDataType;
  domain_discrete?: HParamValue[];
  domain_interval?: { min_value: number; max_value: number };
}

export interface MetricName {
  group: string;
  tag: string;
}

export interface MetricInfo {
  name: MetricName;
  display_name?: string;
  description?: string;
  /** 0 unknown, 1 training, 2 validation. */
  dataset_type?: number;
}

export interface Experiment {
  name?: string;
  description?: string;
  user?: string;
  time_created_secs?: number;
  hparam_infos: HParamInfo[];
  metric_infos: MetricInfo[];
}

export interface SessionStartInfo {
  hparams: Record<string, HParamValue | null>;
  model_uri?: string;
  monitor_url?: string;
  group_name?: string;
  start_time_secs?: number;
}

export interface SessionEndInfo {
  status: SessionStatus;
  end_time_secs?: number;
}

/** The content of an "hparams" plugin summary: exactly one of the three. */
export interface HParamsPluginData {
  version: number;
  experiment?: Experiment;
  session_start_info?: SessionStartInfo;
  session_end_info?: SessionEndInfo;
}

// ── encoding ────────────────────────────────────────────────────────────────────────────────────────────────

export function encodeHParamsPluginData(data: HParamsPluginData): Uint8Array {
  const w = new ProtoWriter().varintField(1, data.version);
  if (data.experiment) w.messageField(2, encodeExperiment(data.experiment));
  if (data.session_start_info) w.messageField(3, encodeSessionStart(data.session_start_info));
  if (data.session_end_info) {
    const e = data.session_end_info;
    w.messageField(
      4,
      new ProtoWriter()
        .varintField(1, SESSION_STATUSES.indexOf(e.status))
        .doubleField(2, e.end_time_secs)
        .finish(),
    );
  }
  return w.finish();
}

function encodeExperiment(e: Experiment): Uint8Array {
  const w = new ProtoWriter()
    .stringField(1, e.description)
    .stringField(2, e.user)
    .doubleField(3, e.time_created_secs);
  for (const info of e.hparam_infos) w.messageField(4, encodeHParamInfo(info));
  for (const info of e.metric_infos) {
    const name = new ProtoWriter().stringField(1, info.name.group).stringField(2, info.name.tag).finish();
    w.messageField(
      5,
      new ProtoWriter()
        .messageField(1, name)
        .stringField(3, info.display_name)
        .stringField(4, info.description)
        .varintField(5, info.dataset_type)
        .finish(),
    );
  }
  return w.stringField(6, e.name).finish();
}

function encodeHParamInfo(info: HParamInfo): Uint8Array {
  const w = new ProtoWriter()
    .stringField(1, info.name)
    .stringField(2, info.display_name)
    .stringField(3, info.description)
    .varintField(4, HPARAM_DATA_TYPES.indexOf(info.type));
  if (info.domain_discrete) w.messageField(5, encodeListValue(info.domain_discrete));
  if (info.domain_interval) {
    w.messageField(
      6,
      new ProtoWriter()
        .doubleField(1, info.domain_interval.min_value)
        .doubleField(2, info.domain_interval.max_value)
        .finish(),
    );
  }
  return w.finish();
}

function encodeSessionStart(s: SessionStartInfo): Uint8Array {
  const w = new ProtoWriter();
  for (const [key, value] of Object.entries(s.hparams)) {
    // a map entry is a message { key = 1; value = 2 }
    w.messageField(
      1,
      new ProtoWriter().stringField(1, key, true).messageField(2, encodeValue(value)).finish(),
    );
  }
  return w
    .stringField(2, s.model_uri)
    .stringField(3, s.monitor_url)
    .stringField(4, s.group_name)
    .doubleField(5, s.start_time_secs)
    .finish();
}

/** google.protobuf.Value: a oneof, so its member is written even when it holds the default. */
function encodeValue(value: HParamValue | null): Uint8Array {
  const w = new ProtoWriter();
  if (value === null) w.varintField(1, 0, true);
  else if (typeof value === "number") w.doubleField(2, value, true);
  else if (typeof value === "string") w.stringField(3, value, true);
  else w.boolField(4, value, true);
  return w.finish();
}

function encodeListValue(values: HParamValue[]): Uint8Array {
  const w = new ProtoWriter();
  for (const v of values) w.messageField(1, encodeValue(v));
  return w.finish();
}

// ── decoding ────────────────────────────────────────────────────────────────────────────────────────────────

export function decodeHParamsPluginData(bytes: Uint8Array, what: string): HParamsPluginData {
  const r = new ProtoReader(bytes, what);
  const data: HParamsPluginData = { version: 0 };
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) data.version = r.int64(wire);
    else if (field === 2) data.experiment = decodeExperiment(r.bytes(wire), `${what} experiment`);
    else if (field === 3)
      data.session_start_info = decodeSessionStart(r.bytes(wire), `${what} session_start_info`);
    else if (field === 4) data.session_end_info = decodeSessionEnd(r.bytes(wire), `${what} session_end_info`);
    else r.skip(wire);
  }
  return data;
}

function decodeExperiment(bytes: Uint8Array, what: string): Experiment {
  const r = new ProtoReader(bytes, what);
  const e: Experiment = { hparam_infos: [], metric_infos: [] };
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) e.description = r.string(wire);
    else if (field === 2) e.user = r.string(wire);
    else if (field === 3) e.time_created_secs = r.double(wire);
    else if (field === 4) e.hparam_infos.push(decodeHParamInfo(r.bytes(wire), `${what} hparam_info`));
    else if (field === 5) e.metric_infos.push(decodeMetricInfo(r.bytes(wire), `${what} metric_info`));
    else if (field === 6) e.name = r.string(wire);
    else r.skip(wire);
  }
  return e;
}

function decodeHParamInfo(bytes: Uint8Array, what: string): HParamInfo {
  const r = new ProtoReader(bytes, what);
  const info: HParamInfo = { name: "", type: "DATA_TYPE_UNSET" };
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) info.name = r.string(wire);
    else if (field === 2) info.display_name = r.string(wire);
    else if (field === 3) info.description = r.string(wire);
    else if (field === 4) info.type = HPARAM_DATA_TYPES[r.int64(wire)] ?? "DATA_TYPE_UNSET";
    else if (field === 5) {
      info.domain_discrete = decodeListValue(r.bytes(wire), what).filter((v): v is HParamValue => v !== null);
    } else if (field === 6) {
      const i = new ProtoReader(r.bytes(wire), `${what} domain_interval`);
      const interval = { min_value: 0, max_value: 0 };
      while (!i.done) {
        const f = i.next();
        if (f.field === 1) interval.min_value = i.double(f.wire);
        else if (f.field === 2) interval.max_value = i.double(f.wire);
        else i.skip(f.wire);
      }
      info.domain_interval = interval;
    } else r.skip(wire);
  }
  return info;
}

function decodeMetricInfo(bytes: Uint8Array, what: string): MetricInfo {
  const r = new ProtoReader(bytes, what);
  const info: MetricInfo = { name: { group: "", tag: "" } };
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) {
      const n = new ProtoReader(r.bytes(wire), `${what} name`);
      while (!n.done) {
        const f = n.next();
        if (f.field === 1) info.name.group = n.string(f.wire);
        else if (f.field === 2) info.name.tag = n.string(f.wire);
        else n.skip(f.wire);
      }
    } else if (field === 3) info.display_name = r.string(wire);
    else if (field === 4) info.description = r.string(wire);
    else if (field === 5) info.dataset_type = r.int64(wire);
    else r.skip(wire);
  }
  return info;
}

function decodeSessionStart(bytes: Uint8Array, what: string): SessionStartInfo {
  const r = new ProtoReader(bytes, what);
  const s: SessionStartInfo = { hparams: {} };
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) {
      const entry = new ProtoReader(r.bytes(wire), `${what} hparams entry`);
      let key = "";
      let value: HParamValue | null = null;
      while (!entry.done) {
        const f = entry.next();
        if (f.field === 1) key = entry.string(f.wire);
        else if (f.field === 2) value = decodeValue(entry.bytes(f.wire), `${what} hparams["${key}"]`);
        else entry.skip(f.wire);
      }
      s.hparams[key] = value;
    } else if (field === 2) s.model_uri = r.string(wire);
    else if (field === 3) s.monitor_url = r.string(wire);
    else if (field === 4) s.group_name = r.string(wire);
    else if (field === 5) s.start_time_secs = r.double(wire);
    else r.skip(wire);
  }
  return s;
}

function decodeSessionEnd(bytes: Uint8Array, what: string): SessionEndInfo {
  const r = new ProtoReader(bytes, what);
  const e: SessionEndInfo = { status: "STATUS_UNKNOWN" };
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) e.status = SESSION_STATUSES[r.int64(wire)] ?? "STATUS_UNKNOWN";
    else if (field === 2) e.end_time_secs = r.double(wire);
    else r.skip(wire);
  }
  return e;
}

function decodeValue(bytes: Uint8Array, what: string): HParamValue | null {
  const r = new ProtoReader(bytes, what);
  let value: HParamValue | null = null;
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) {
      r.int64(wire);
      value = null;
    } else if (field === 2) value = r.double(wire);
    else if (field === 3) value = r.string(wire);
    else if (field === 4) value = r.bool(wire);
    else r.skip(wire); // struct and list values do not occur in hyperparameters
  }
  return value;
}

function decodeListValue(bytes: Uint8Array, what: string): (HParamValue | null)[] {
  const r = new ProtoReader(bytes, `${what} list`);
  const out: (HParamValue | null)[] = [];
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) out.push(decodeValue(r.bytes(wire), `${what} list value`));
    else r.skip(wire);
  }
  return out;
}
