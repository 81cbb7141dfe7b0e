import { Trainer as CoreTrainer, type PluginSpec } from "@tfjs-trainer/core";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";

export * from "@tfjs-trainer/core";
export * from "@tfjs-trainer/data";
export { defaultFlow };

/**
 * The core Trainer with HF's default callbacks installed when no plugins are named (HF: DefaultFlowCallback).
 * Naming `plugins` replaces the defaults; spread `Trainer.defaultPlugins` to keep them.
 */
export class Trainer extends CoreTrainer {
  static override defaultPlugins: PluginSpec[] = [defaultFlow];
}
