import { join } from "node:path";
import { type Trainer, tensorboard } from "tfjs-trainer";
import type { ResolvedPlugin } from "../plugins/resolve-plugins.js";

/**
 * Tells where TensorBoard event files went, with the command to view them, when the plugin ran (named in `plugins`
 * or by report_to). The folder given is the one above the run folders, so every run of output_dir shows up.
 */
export function printTensorBoardHint(
  trainer: Trainer,
  plugins: readonly ResolvedPlugin[],
  print: (line: string) => void,
): void {
  const configured = plugins.find((plugin) => plugin.factory.pluginName === tensorboard.pluginName);
  const reported = trainer.args.report_to.some((name) => name === "tensorboard" || name === "all");
  if (!configured && !reported) return;
  const options = configured?.instance.options as { log_dir?: string } | undefined;
  const dir = options?.log_dir ?? trainer.args.logging_dir ?? join(trainer.args.output_dir, "runs");
  print(`TensorBoard logs: tensorboard --logdir ${dir}`);
}
