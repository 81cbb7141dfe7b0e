import * as tf from "@tensorflow/tfjs";
import type { NamedParameter } from "@tfjs-trainer/core";
import type { SafetensorsContents } from "@tfjs-trainer/safetensors";

/**
 * The averaged ("shadow") copy of every trainable weight, by the weight's HF name, in non-trainable tfjs variables.
 * Every tensor it replaces is disposed: an update allocates nothing that outlives it, and a swap for evaluation
 * keeps exactly one backup per weight until it is swapped back.
 */
export class ShadowWeights {
  private readonly shadows = new Map<string, tf.Variable>();
  private backups: Map<string, tf.Tensor> | undefined;

  /** Starts the average at the weights' current values. */
  constructor(
    params: readonly NamedParameter[],
    private readonly owner: string,
  ) {
    for (const { name, variable } of params) {
      if (variable.dtype !== "float32") {
        throw new Error(
          `${owner}: weight "${name}" is ${variable.dtype}; only float32 weights can be averaged`,
        );
      }
      // tfjs never writes into a tensor's data (assign points a variable at new data), so sharing it is a copy
      this.shadows.set(name, tf.variable(variable, false));
    }
  }

  get names(): string[] {
    return [...this.shadows.keys()];
  }

  get swapped(): boolean {
    return this.backups !== undefined;
  }

  /** average ← average − (1 − decay)·(average − weights); a decay of 0 copies the weights exactly. */
  update(params: readonly NamedParameter[], decay: number): void {
    for (const { name, variable } of params) {
      const shadow = this.shadowOf(name);
      if (decay === 0) shadow.assign(variable);
      else tf.tidy(() => shadow.assign(shadow.sub(shadow.sub(variable).mul(1 - decay))));
    }
  }

  /** Puts the averages into the model's weights, keeping the weights to put back with `swapOut`. */
  swapIn(params: readonly NamedParameter[]): void {
    if (this.backups) return;
    const backups = new Map<string, tf.Tensor>();
    for (const { name, variable } of params) {
      const shadow = this.shadowOf(name);
      backups.set(name, variable.clone());
      variable.assign(shadow);
    }
    this.backups = backups;
  }

  swapOut(params: readonly NamedParameter[]): void {
    const backups = this.backups;
    if (!backups) return;
    for (const { name, variable } of params) {
      const backup = backups.get(name);
      if (backup) variable.assign(backup);
    }
    for (const backup of backups.values()) backup.dispose();
    this.backups = undefined;
  }

  /** Writes the averages into the model's weights for good (the model's own values are dropped). */
  copyInto(params: readonly NamedParameter[]): void {
    for (const { name, variable } of params) variable.assign(this.shadowOf(name));
  }

  /** Replaces the averages with saved ones; every weight must be there with its shape, or nothing changes. */
  load(saved: SafetensorsContents["tensors"], source: string): void {
    const problems: string[] = [];
    for (const [name, shadow] of this.shadows) {
      const host = saved.get(name);
      if (!host) problems.push(`no tensor "${name}"`);
      else if (host.shape.join(",") !== shadow.shape.join(",")) {
        problems.push(`"${name}" is [${host.shape.join(", ")}], the model's is [${shadow.shape.join(", ")}]`);
      }
    }
    for (const name of saved.keys())
      if (!this.shadows.has(name)) problems.push(`"${name}" is not a model weight`);
    if (problems.length > 0) {
      throw new Error(`${this.owner}: ${source} does not fit the model: ${problems.slice(0, 3).join("; ")}`);
    }
    for (const [name, shadow] of this.shadows) {
      const host = saved.get(name)!;
      tf.tidy(() => shadow.assign(tf.tensor(host.data, host.shape, "float32")));
    }
  }

  /** The averages as tensors by weight name (owned by this object: do not dispose them). */
  tensors(): Map<string, tf.Tensor> {
    return new Map(this.shadows);
  }

  /** Host copies of the averages, read asynchronously (every backend can). */
  async read(): Promise<Record<string, Float32Array>> {
    const entries = await Promise.all(
      [...this.shadows].map(
        async ([name, shadow]) => [name, Float32Array.from(await shadow.data())] as const,
      ),
    );
    return Object.fromEntries(entries);
  }

  dispose(): void {
    for (const shadow of this.shadows.values()) shadow.dispose();
    for (const backup of this.backups?.values() ?? []) backup.dispose();
    this.shadows.clear();
    this.backups = undefined;
  }

  private shadowOf(name: string): tf.Variable {
    const shadow = this.shadows.get(name);
    if (!shadow)
      throw new Error(`${this.owner}: the model has a weight "${name}" that the average does not hold`);
    return shadow;
  }
}
