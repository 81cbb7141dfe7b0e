import * as tf from "@tensorflow/tfjs";
import type { NamedParameter } from "@tfjs-trainer/core";
import { readSafetensorsFile, writeSafetensorsFile } from "@tfjs-trainer/safetensors";

export type Init = { kind: "normal"; std: number } | { kind: "zeros" } | { kind: "ones" };

/** What loading a checkpoint found, as HF reports it (missing weights are freshly initialised). */
export interface LoadReport {
  missing: string[];
  unexpected: string[];
}

// tfjs variable names are global: a counter keeps two models apart.
let storeCounter = 0;

/**
 * A model's weights under their Hugging Face names: created with HF's init, loaded from and saved to
 * `model.safetensors`. Tied weights (e.g. `lm_head.weight` = the word embeddings) are one variable under the
 * canonical name; aliases are accepted when loading and never written, as HF stores tied weights once.
 */
export class ParameterStore {
  private readonly vars = new Map<string, tf.Variable>();
  private readonly aliases = new Map<string, string>();
  private readonly id = storeCounter++;
  private initCount = 0;

  constructor(private readonly seed: number) {}

  create(name: string, shape: number[], init: Init): tf.Variable {
    if (this.vars.has(name)) throw new Error(`parameter "${name}" is declared twice`);
    const value = tf.tidy(() => {
      if (init.kind === "zeros") return tf.zeros(shape);
      if (init.kind === "ones") return tf.ones(shape);
      return tf.randomNormal(shape, 0, init.std, "float32", this.seed * 100_003 + this.initCount++);
    });
    const variable = tf.variable(value, true, `m${this.id}/${name}`);
    value.dispose();
    this.vars.set(name, variable);
    return variable;
  }

  /** Declares `alias` as another name of `canonical` (tied weights). */
  tie(alias: string, canonical: string): void {
    if (!this.vars.has(canonical))
      throw new Error(`cannot tie "${alias}" to unknown parameter "${canonical}"`);
    this.aliases.set(alias, canonical);
  }

  get(name: string): tf.Variable {
    const variable = this.vars.get(this.aliases.get(name) ?? name);
    if (!variable) throw new Error(`no parameter "${name}"`);
    return variable;
  }

  has(name: string): boolean {
    return this.vars.has(this.aliases.get(name) ?? name);
  }

  named(): NamedParameter[] {
    return [...this.vars].map(([name, variable]) => ({ name, variable }));
  }

  /**
   * Loads a safetensors file. Names may carry or lack the base model prefix (a `BertModel` checkpoint into a
   * `BertForSequenceClassification` and back), as HF allows. Shapes must match; nothing is assigned if one does not.
   */
  async load(path: string, basePrefix?: string): Promise<LoadReport> {
    const { tensors } = await readSafetensorsFile(path);
    const byOurName = new Map<string, { data: Float32Array | Int32Array; shape: number[] }>();
    const unexpected: string[] = [];
    for (const [fileName, tensor] of tensors) {
      const ours = this.resolveName(fileName, basePrefix);
      if (ours === undefined) unexpected.push(fileName);
      // a file may hold a tied weight under both names: the canonical one wins over an alias, whatever the order
      else if (!byOurName.has(ours) || fileName === ours) byOurName.set(ours, tensor);
    }
    if (byOurName.size === 0 && tensors.size > 0) {
      // HF would load nothing and initialise everything, with a warning easy to miss: never what was meant
      const theirs = [...tensors.keys()].slice(0, 3).join(", ");
      const ours = [...this.vars.keys()].slice(0, 3).join(", ");
      throw new Error(
        `${path}: none of its ${tensors.size} tensors is a weight of this model (the file holds ${theirs}, …; ` +
          `the model needs ${ours}, …): is it a checkpoint of another architecture?`,
      );
    }
    const mismatches = [...byOurName]
      .filter(([name, tensor]) => tensor.shape.join(",") !== this.vars.get(name)!.shape.join(","))
      .map(
        ([name, tensor]) =>
          `tensor "${name}" is [${tensor.shape.join(", ")}], the model needs [${this.vars.get(name)!.shape.join(", ")}]`,
      );
    if (mismatches.length > 0) {
      const more = mismatches.length > 3 ? `; and ${mismatches.length - 3} more` : "";
      throw new Error(
        `${path} does not fit the model's shapes (a checkpoint of another configuration?): ` +
          `${mismatches.slice(0, 3).join("; ")}${more}`,
      );
    }
    for (const [name, tensor] of byOurName) {
      tf.tidy(() => this.vars.get(name)!.assign(tf.tensor(tensor.data, tensor.shape, "float32")));
    }
    const missing = [...this.vars.keys()].filter((name) => !byOurName.has(name));
    return { missing, unexpected };
  }

  private resolveName(fileName: string, basePrefix?: string): string | undefined {
    const candidates = [fileName];
    if (basePrefix) {
      candidates.push(`${basePrefix}.${fileName}`);
      if (fileName.startsWith(`${basePrefix}.`)) candidates.push(fileName.slice(basePrefix.length + 1));
    }
    for (const candidate of candidates) {
      const canonical = this.aliases.get(candidate) ?? candidate;
      if (this.vars.has(canonical)) return canonical;
    }
    return undefined;
  }

  /** Writes every parameter once (aliases left out) with HF's metadata. */
  async save(path: string): Promise<void> {
    const tensors = Object.fromEntries([...this.vars].map(([name, v]) => [name, v as tf.Tensor]));
    await writeSafetensorsFile(path, tensors, { metadata: { format: "pt" } });
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
