import {
  Trainer as CoreTrainer,
  type PluginSpec,
  type TrainerOptions,
  TrainingArguments,
} from "@tfjs-trainer/core";
import checkpointRotation from "@tfjs-trainer/plugin-checkpoint-rotation";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import earlyStopping from "@tfjs-trainer/plugin-early-stopping";
import progress from "@tfjs-trainer/plugin-progress";
import tensorboard from "@tfjs-trainer/plugin-tensorboard";
import wandb from "@tfjs-trainer/plugin-wandb";
import { withReportTo } from "./report-to.js";

export * from "@tfjs-trainer/core";
export * from "@tfjs-trainer/data";
export { INTEGRATIONS, withReportTo } from "./report-to.js";
export { checkpointRotation, defaultFlow, earlyStopping, progress, tensorboard, wandb };

/**
 * The core Trainer with HF's default callbacks installed when no plugins are named: the default flow
 * (DefaultFlowCallback) and progress (ProgressCallback on a terminal, PrinterCallback otherwise); and, as HF,
 * the integrations `report_to` names (tensorboard, wandb, or "all") added to whichever plugins run.
 * Naming `plugins` replaces the defaults; spread `Trainer.defaultPlugins` to keep them.
 */
export class Trainer extends CoreTrainer {
  static override defaultPlugins: PluginSpec[] = [defaultFlow, progress];

  constructor(options: TrainerOptions) {
    const args =
      options.args instanceof TrainingArguments ? options.args : new TrainingArguments(options.args);
    const plugins = options.plugins ?? (new.target as typeof Trainer).defaultPlugins;
    super({ ...options, args, plugins: withReportTo(plugins, args.report_to) });
  }
}
