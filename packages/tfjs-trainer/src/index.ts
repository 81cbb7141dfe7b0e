import { Trainer as CoreTrainer, type PluginSpec } from "@tfjs-trainer/core";
import checkpointRotation from "@tfjs-trainer/plugin-checkpoint-rotation";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import earlyStopping from "@tfjs-trainer/plugin-early-stopping";
import progress from "@tfjs-trainer/plugin-progress";

export * from "@tfjs-trainer/core";
export * from "@tfjs-trainer/data";
export { checkpointRotation, defaultFlow, earlyStopping, progress };

/**
 * The core Trainer with HF's default callbacks installed when no plugins are named: the default flow
 * (DefaultFlowCallback) and progress (ProgressCallback on a terminal, PrinterCallback otherwise).
 * Naming `plugins` replaces the defaults; spread `Trainer.defaultPlugins` to keep them.
 */
export class Trainer extends CoreTrainer {
  static override defaultPlugins: PluginSpec[] = [defaultFlow, progress];
}
