import { mkdir } from "node:fs/promises";
import { ConfigError } from "../config/config-error.js";
import type { LoadedConfig } from "../config/load-config.js";
import { prepareRun } from "../run/prepare-run.js";
import { reportMetrics } from "../run/report.js";

/** do_predict: predicts the test split (else validation) and writes the task's predictions file to output_dir. */
export async function predictCommand(config: LoadedConfig, print: (line: string) => void): Promise<void> {
  const run = await prepareRun(config, print);
  try {
    const { trainer, prepared } = run;
    const dataset = prepared.test ?? prepared.validation;
    if (!dataset) {
      throw new ConfigError(config.file, "data.test_file", `"predict" needs a test (or validation) split`);
    }
    const output = await trainer.predict(dataset);
    await mkdir(config.args.output_dir, { recursive: true });
    await reportMetrics("test", output.metrics, config.args.output_dir, prepared, print);
    if (prepared.writePredictions) {
      const file = await prepared.writePredictions(output, config.args.output_dir, trainer);
      print(`predictions written to ${file}`);
    }
  } finally {
    run.dispose();
  }
}
