import { STEP_METRIC } from "./hf-rules.js";

/**
 * Metric definitions as the SDK stores them in the config's `_wandb.m`: MetricRecord protobufs written as objects
 * keyed by field number (1 name, 5 one-based index of the step metric in this list, 6 the set boolean options:
 * 1 step_sync, 3 defined). HF's setup declares `define_metric("train/global_step")` and
 * `define_metric("*", step_metric="train/global_step", step_sync=True)`; the glob is expanded, as the SDK does, into
 * one record per history key the first time the key is logged.
 */
export class MetricDefinitions {
  readonly #records: Record<string, unknown>[] = [{ "1": STEP_METRIC, "6": [3] }];
  readonly #names = new Set<string>([STEP_METRIC]);

  /** Adds a record for each new history key; true when any was added. */
  observe(keys: Iterable<string>): boolean {
    let added = false;
    for (const key of keys) {
      if (key.startsWith("_") || this.#names.has(key)) continue;
      this.#names.add(key);
      this.#records.push({ "1": key, "5": 1, "6": [1] });
      added = true;
    }
    return added;
  }

  toJSON(): Record<string, unknown>[] {
    return this.#records.map((record) => ({ ...record }));
  }
}

/**
 * The config as W&B's backend takes it (upsertBucket's `config`, the run folder's config file): every key wrapped as
 * `{ value, desc }`, with the SDK's own `_wandb` entry (metric definitions, start time).
 */
export function wrapConfig(
  config: Record<string, unknown>,
  internal: { metrics: Record<string, unknown>[]; startTimeMs: number },
): Record<string, { value: unknown; desc: null }> {
  const wrapped: Record<string, { value: unknown; desc: null }> = {};
  for (const [key, value] of Object.entries(config)) wrapped[key] = { value, desc: null };
  wrapped._wandb = {
    value: { m: internal.metrics, start_time: internal.startTimeMs, framework: "tfjs-trainer" },
    desc: null,
  };
  return wrapped;
}
