import { ConfigError } from "../config/config-error.js";
import type { LoadedConfig } from "../config/load-config.js";
import { prepareRun } from "../run/prepare-run.js";
import { reportMetrics } from "../run/report.js";
import { printTensorBoardHint } from "../run/tensorboard-hint.js";

/** HF run_*.py with do_train (and do_eval when there is a validation split): train, save, evaluate. */
export async function trainCommand(config: LoadedConfig, print: (line: string) => void): Promise<void> {
  const run = await prepareRun(config, print);
  try {
    const { trainer, prepared, tokenizer, plugins } = run;
    if (!prepared.train) throw new ConfigError(config.file, "data.train_file", `"train" needs a train split`);
    const outputDir = config.args.output_dir;
    const result = await trainer.train();
    await trainer.saveModel();
    await tokenizer?.savePretrained(outputDir);
    await reportMetrics("train", result.metrics, outputDir, prepared, print);
    if (prepared.validation) {
      const metrics = await trainer.evaluate();
      await reportMetrics("eval", metrics, outputDir, prepared, print);
    }
    print(`model${tokenizer ? ", tokenizer" : ""} and checkpoints saved in ${outputDir}`);
    printTensorBoardHint(trainer, plugins, print);
  } finally {
    run.dispose();
  }
}
