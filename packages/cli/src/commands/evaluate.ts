import { ConfigError } from "../config/config-error.js";
import type { LoadedConfig } from "../config/load-config.js";
import { prepareRun } from "../run/prepare-run.js";
import { reportMetrics } from "../run/report.js";

/** do_eval alone: evaluates the model the config names (e.g. `--model.name_or_path <output_dir>`) on validation. */
export async function evaluateCommand(config: LoadedConfig, print: (line: string) => void): Promise<void> {
  const run = await prepareRun(config, print);
  try {
    if (!run.prepared.validation) {
      throw new ConfigError(config.file, "data.validation_file", `"evaluate" needs a validation split`);
    }
    const metrics = await run.trainer.evaluate();
    await reportMetrics("eval", metrics, config.args.output_dir, run.prepared, print);
  } finally {
    run.dispose();
  }
}
