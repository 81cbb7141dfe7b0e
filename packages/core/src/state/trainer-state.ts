import type { ExportedState } from "./trainer-control.js";

/** One entry of log_history: numbers keyed by metric name, plus `step` (and usually `epoch`). */
export type LogEntry = Record<string, number>;

/**
 * The trainer's progress, with HF's field names so trainer_state.json is the file HF writes and reads
 * (HF loads it with `TrainerState(**json)`, so no other keys may appear in it).
 */
export class TrainerState {
  epoch: number | null = null;
  global_step = 0;
  max_steps = 0;
  logging_steps = 500;
  eval_steps = 500;
  save_steps = 500;
  train_batch_size: number | null = null;
  num_train_epochs = 0;
  num_input_tokens_seen = 0;
  total_flos = 0;
  log_history: LogEntry[] = [];
  best_metric: number | null = null;
  best_global_step: number | null = null;
  best_model_checkpoint: string | null = null;
  is_local_process_zero = true;
  is_world_process_zero = true;
  is_hyper_param_search = false;
  trial_name: string | null = null;
  trial_params: Record<string, unknown> | null = null;
  stateful_callbacks: Record<string, ExportedState | ExportedState[]> = {};

  /** Absolute logging/eval/save intervals: a value below 1 is a fraction of max_steps, rounded up as HF does. */
  computeSteps(
    intervals: { logging_steps: number; eval_steps: number | null; save_steps: number },
    maxSteps: number,
  ) {
    const resolve = (value: number) => (value < 1 ? Math.ceil(maxSteps * value) : value);
    this.logging_steps = resolve(intervals.logging_steps);
    this.eval_steps = resolve(intervals.eval_steps ?? intervals.logging_steps);
    this.save_steps = resolve(intervals.save_steps);
  }

  toJSON(): Record<string, unknown> {
    return { ...this } as Record<string, unknown>;
  }

  /** trainer_state.json as HF writes it: keys sorted, two-space indent, trailing newline. */
  toJSONString(): string {
    return `${JSON.stringify(sortKeysDeep(this.toJSON()), null, 2)}\n`;
  }

  static fromJSON(json: unknown, source: string): TrainerState {
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      throw new Error(`${source}: trainer state must be a JSON object`);
    }
    const state = new TrainerState();
    const record = json as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (!(key in state)) continue; // fields of newer HF versions are kept out rather than rejected
      const expected = typeof (state as unknown as Record<string, unknown>)[key];
      const nullable = NULLABLE_FIELDS.has(key);
      if (value === null ? !nullable : expected !== "object" && typeof value !== expected && !nullable) {
        const got = value === null ? "null" : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
        throw new Error(`${source}: field "${key}" must be a ${expected}, got ${got}`);
      }
      (state as unknown as Record<string, unknown>)[key] = value;
    }
    if (!Array.isArray(state.log_history)) throw new Error(`${source}: field "log_history" must be a list`);
    if (!Number.isInteger(state.global_step) || state.global_step < 0) {
      throw new Error(`${source}: field "global_step" must be a non-negative integer`);
    }
    return state;
  }
}

const NULLABLE_FIELDS = new Set([
  "epoch",
  "train_batch_size",
  "best_metric",
  "best_global_step",
  "best_model_checkpoint",
  "trial_name",
  "trial_params",
  "eval_steps",
]);

export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value && typeof value === "object" && !ArrayBuffer.isView(value)) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeysDeep(v)]));
  }
  return value;
}
