import { basename, join } from "node:path";
import type { ExportedState, HookContext, Trainer } from "@tfjs-trainer/core";
import { EMA_FILE, readEmaFile, writeEmaFile } from "./checkpoint-file.js";
import { decayAt } from "./decay.js";
import type { ResolvedEmaOptions } from "./options.js";
import { ShadowWeights } from "./shadow-weights.js";

/** The averages each trainer holds, for `readEmaWeights`. */
const averagesByTrainer = new WeakMap<Trainer, ShadowWeights>();

/** The plugin's work for one trainer: what each hook does, and the state a checkpoint keeps. */
export class EmaRun {
  private shadow: ShadowWeights | undefined;
  /** The optimizer step the averages belong to (0 before the first update). */
  private updatedAtStep = 0;
  /** Set by loadState: the averages are read from the checkpoint's file at train begin. */
  private restoreFrom: { path: string; step: number } | undefined;

  constructor(
    private readonly trainer: Trainer,
    private readonly options: ResolvedEmaOptions,
    private readonly owner: string,
  ) {}

  /** After a checkpoint (if any) is loaded: the averages restored from it, or started at the current weights. */
  async trainBegin({ state, model }: HookContext): Promise<void> {
    this.swapOut();
    const params = model.namedParameters();
    const shadow = new ShadowWeights(params, this.owner);
    try {
      if (this.restoreFrom) {
        const { path } = this.restoreFrom;
        shadow.load(await readEmaFile(path, state.global_step, this.owner), path);
        this.updatedAtStep = this.restoreFrom.step;
      } else {
        if (state.global_step > 0) {
          this.trainer.logger(
            `${this.owner}: the checkpoint holds no EMA weights; the average starts at the resumed weights`,
          );
        }
        this.updatedAtStep = state.global_step;
      }
    } catch (error) {
      shadow.dispose();
      throw error;
    }
    this.shadow?.dispose();
    this.shadow = shadow;
    this.restoreFrom = undefined;
    averagesByTrainer.set(this.trainer, shadow);
  }

  /** Right after each optimizer update; global_step is incremented after this hook, hence the + 1. */
  optimizerStep({ state, model }: HookContext): void {
    const step = state.global_step + 1;
    this.shadow?.update(model.namedParameters(), decayAt(step, this.options));
    this.updatedAtStep = step;
  }

  /** First batch of an evaluation or prediction: the averages go in (once per evaluation). */
  evaluationBatch({ model }: HookContext): void {
    if (this.options.use_for_evaluation && this.shadow && !this.shadow.swapped) {
      this.shadow.swapIn(model.namedParameters());
    }
  }

  /** After evaluate() / predict(), and before anything else that would otherwise see the averages in the model. */
  swapOut(): void {
    if (this.shadow?.swapped) this.shadow.swapOut(this.trainer.model.namedParameters());
  }

  async save(checkpointDir: string): Promise<void> {
    if (!this.shadow) return;
    await writeEmaFile(checkpointDir, this.shadow.tensors(), this.updatedAtStep, this.options.decay);
  }

  trainEnd({ model }: HookContext): void {
    if (this.options.copy_to_model_at_end) this.shadow?.copyInto(model.namedParameters());
  }

  state(): ExportedState {
    const { decay, update_after_step, use_for_evaluation, warmup, copy_to_model_at_end } = this.options;
    return {
      args: { decay, update_after_step, use_for_evaluation, warmup, copy_to_model_at_end },
      attributes: { weights_file: EMA_FILE, updated_at_step: this.updatedAtStep },
    };
  }

  loadState(saved: ExportedState, checkpointDir: string): void {
    const { weights_file: file, updated_at_step: step } = saved.attributes;
    if (typeof file !== "string" || basename(file) !== file || typeof step !== "number") {
      throw new Error(
        `${this.owner}: the checkpoint's EMA state needs attributes.weights_file (a file name) and ` +
          `attributes.updated_at_step (a number), got ${JSON.stringify(saved.attributes)}`,
      );
    }
    this.restoreFrom = { path: join(checkpointDir, file), step };
  }
}

/**
 * Host copies of the averaged weights of a trainer the plugin was applied to, by HF weight name (after train()
 * began; they live until the next train() replaces them).
 */
export async function readEmaWeights(trainer: Trainer): Promise<Record<string, Float32Array>> {
  const shadow = averagesByTrainer.get(trainer);
  if (!shadow) {
    throw new Error(
      "readEmaWeights: this trainer has no EMA weights (apply the EMA plugin, then call train())",
    );
  }
  return shadow.read();
}
