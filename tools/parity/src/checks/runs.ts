import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { InMemoryDataset, Trainer } from "@tfjs-trainer/core";
import { fromPretrained } from "@tfjs-trainer/models";
import { readSafetensorsFile } from "@tfjs-trainer/safetensors";
import { guard, type ParityRow, relativeToMax } from "../table.js";
import { comparePredict } from "./run-predict.js";
import {
  type RunFiles,
  readRun,
  reportedMetrics,
  runArguments,
  runCollator,
  runMetrics,
  runPlugins,
} from "./run-setup.js";

/** Tolerances of the runs comparison (the issue's). */
export const RUN_TOLERANCE = {
  loss: 1e-3,
  learningRate: 1e-7,
  evalLoss: 1e-3,
  bestMetric: 1e-3,
  weights: 1e-3,
  /** Float predictions of predict() (logits), relative to their largest magnitude. */
  predictions: 1e-3,
};
const WALL_CLOCK = /_(runtime|per_second)$|^total_flos$/;

/** Rebuilds each runs/<name>/ with our Trainer (train, evaluate, predict when HF did) and compares with HF. */
export async function checkRuns(dir: string): Promise<ParityRow[]> {
  const rows: ParityRow[] = [];
  for (const name of readdirSync(join(dir, "runs")).sort()) {
    rows.push(...(await guard(`runs/${name}`, "run", () => compareRun(readRun(dir, name)))));
  }
  return rows;
}

async function compareRun(files: RunFiles): Promise<ParityRow[]> {
  const outputDir = mkdtempSync(join(tmpdir(), `parity-${files.name}-`));
  const model = await fromPretrained(files.modelDir, { warn: () => {} });
  const trainer = new Trainer({
    model,
    args: runArguments(files, outputDir),
    trainDataset: new InMemoryDataset(files.data.train),
    evalDataset: new InMemoryDataset(files.data.eval),
    dataCollator: runCollator(files),
    computeMetrics: runMetrics(files),
    plugins: runPlugins(files),
    logger: () => {},
  });
  try {
    await trainer.train();
    await trainer.evaluate();
    const c = `runs/${files.name}`;
    const row = (
      measure: string,
      value: number | string,
      tolerance: number | string,
      ok: boolean,
    ): ParityRow => ({
      case: c,
      measure,
      value,
      tolerance,
      ok,
    });
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
    const ours = trainer.state.log_history;
    const theirs = files.run.log_history;
    const result: ParityRow[] = [
      row("log entries", `${ours.length} vs ${theirs.length}`, "equal", ours.length === theirs.length),
    ];
    const worst = { keys: 0, loss: 0, grad: 0, lr: 0, epoch: 0, evalLoss: 0 };
    const metrics = reportedMetrics(files);
    const metricsDiffering = new Map(metrics.map((name) => [name, 0]));
    theirs.forEach((hf, i) => {
      const mine = ours[i] ?? {};
      const keys = (e: Record<string, number>) =>
        Object.keys(e)
          .filter((k) => !WALL_CLOCK.test(k))
          .sort()
          .join(",");
      if (keys(hf) !== keys(mine) || hf.step !== mine.step) worst.keys++;
      if ("loss" in hf) worst.loss = Math.max(worst.loss, rel(mine.loss, hf.loss));
      if ("train_loss" in hf) worst.loss = Math.max(worst.loss, rel(mine.train_loss, hf.train_loss));
      if ("grad_norm" in hf) worst.grad = Math.max(worst.grad, rel(mine.grad_norm, hf.grad_norm));
      if ("learning_rate" in hf)
        worst.lr = Math.max(worst.lr, Math.abs(mine.learning_rate - hf.learning_rate));
      if ("epoch" in hf && mine.epoch !== hf.epoch) worst.epoch++;
      if ("eval_loss" in hf) worst.evalLoss = Math.max(worst.evalLoss, rel(mine.eval_loss, hf.eval_loss));
      for (const name of metrics) {
        const key = `eval_${name}`;
        if (key in hf && mine[key] !== hf[key])
          metricsDiffering.set(name, (metricsDiffering.get(name) ?? 0) + 1);
      }
    });
    const nan = (x: number) => (Number.isNaN(x) ? Number.POSITIVE_INFINITY : x);
    result.push(
      row("entries with other keys or step", worst.keys, 0, worst.keys === 0),
      row("loss rel.", nan(worst.loss), RUN_TOLERANCE.loss, nan(worst.loss) <= RUN_TOLERANCE.loss),
      row("grad_norm rel.", nan(worst.grad), RUN_TOLERANCE.loss, nan(worst.grad) <= RUN_TOLERANCE.loss),
      row(
        "learning_rate abs.",
        nan(worst.lr),
        RUN_TOLERANCE.learningRate,
        nan(worst.lr) <= RUN_TOLERANCE.learningRate,
      ),
      row("epochs differing", worst.epoch, 0, worst.epoch === 0),
      row(
        "eval_loss rel.",
        nan(worst.evalLoss),
        RUN_TOLERANCE.evalLoss,
        nan(worst.evalLoss) <= RUN_TOLERANCE.evalLoss,
      ),
      ...metrics.map((name) => {
        const differing = metricsDiffering.get(name) ?? 0;
        return row(`eval_${name} differing`, differing, 0, differing === 0);
      }),
      row(
        "stop step",
        `${trainer.state.global_step} vs ${files.run.train_output.global_step}`,
        "equal",
        trainer.state.global_step === files.run.train_output.global_step,
      ),
    );
    const bestOurs = trainer.state.best_model_checkpoint
      ? basename(trainer.state.best_model_checkpoint)
      : null;
    const bestHF = files.run.best_model_checkpoint ? basename(files.run.best_model_checkpoint) : null;
    result.push(row("best_model_checkpoint", `${bestOurs} vs ${bestHF}`, "equal", bestOurs === bestHF));
    if (files.run.best_metric !== null) {
      const err = rel(trainer.state.best_metric ?? Number.NaN, files.run.best_metric);
      result.push(
        row("best_metric rel.", nan(err), RUN_TOLERANCE.bestMetric, nan(err) <= RUN_TOLERANCE.bestMetric),
      );
    }
    const kept = readdirSync(outputDir)
      .filter((n) => /^checkpoint-\d+$/.test(n))
      .sort();
    const keptHF = [...files.run.checkpoints_kept].sort();
    result.push(
      row("checkpoints kept", kept.join(" ") || "-", keptHF.join(" ") || "-", kept.join() === keptHF.join()),
    );
    result.push(...(await compareWeights(c, trainer, join(files.dir, "final"))));
    if (files.run.predict) result.push(...(await comparePredict(c, trainer, files, RUN_TOLERANCE)));
    if (files.trainerState && kept.length > 0) {
      const mine = JSON.parse(readFileSync(join(outputDir, kept.at(-1)!, "trainer_state.json"), "utf8"));
      const missing = Object.keys(files.trainerState).filter((k) => !(k in mine));
      result.push(
        row("trainer_state keys missing", missing.join(" ") || "none", "none", missing.length === 0),
      );
    }
    return result;
  } finally {
    model.dispose();
  }
}

/**
 * Attention key biases have a zero gradient in exact arithmetic (adding q·b to every score of a row leaves the softmax
 * unchanged), so what moves them is AdamW normalising float rounding noise: their values are noise in HF's run as in
 * ours. They get a row of their own, for information; every other weight is held to the tolerance.
 */
function keyBiasRange(name: string, length: number): [number, number] | undefined {
  if (/attention\.self\.key\.bias$|\.k_proj\.bias$/.test(name)) return [0, length];
  if (/attn\.c_attn\.bias$/.test(name)) return [length / 3, (2 * length) / 3]; // GPT-2 packs query, key, value
  return undefined;
}

async function compareWeights(c: string, trainer: Trainer, finalDir: string): Promise<ParityRow[]> {
  const { tensors } = await readSafetensorsFile(join(finalDir, "model.safetensors"));
  let worst = 0;
  let worstName = "-";
  let keyBias = 0;
  for (const { name, variable } of trainer.model.namedParameters()) {
    const hf = tensors.get(name);
    if (!hf)
      return [
        {
          case: c,
          measure: "final weights",
          value: "-",
          tolerance: "-",
          ok: false,
          error: `HF has no ${name}`,
        },
      ];
    const ours = variable.dataSync();
    const range = keyBiasRange(name, ours.length);
    const keep = (_: number, i: number) => !range || i < range[0] || i >= range[1];
    if (range)
      keyBias = Math.max(
        keyBias,
        relativeToMax(ours.subarray(range[0], range[1]), hf.data.subarray(range[0], range[1])),
      );
    const err = relativeToMax(Array.from(ours).filter(keep), Array.from(hf.data).filter(keep));
    if (err > worst) [worst, worstName] = [err, name];
  }
  const tolerance = RUN_TOLERANCE.weights;
  return [
    {
      case: c,
      measure: "final weights rel. to max",
      value: worst,
      tolerance,
      ok: worst <= tolerance,
      ...(worst > tolerance ? { error: `worst: ${worstName}` } : {}),
    },
    { case: c, measure: "attention key biases (noise)", value: keyBias, tolerance: "info", ok: true },
  ];
}
