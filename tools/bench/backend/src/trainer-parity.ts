import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BACKEND_NAMES, type BackendName, setupBackend } from "@tfjs-trainer/backend";
import { InMemoryDataset, type PluginSpec, Trainer } from "@tfjs-trainer/core";
import { DataCollatorWithPadding, type Feature } from "@tfjs-trainer/data";
import { type BertPreTrainedModel, fromPretrained } from "@tfjs-trainer/models";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";

const USAGE = `usage: trainer-parity.mjs --backend NAME [--steps N] [--fixtures DIR]
       trainer-parity.mjs --compare A.json B.json [--tolerance 1e-4]
  Trains fixtures/hf-reference/models/bert-seqcls with the Trainer on the runs/bert-seqcls data and arguments
  (batch 8, accumulation 2, lr 3e-3 linear, warmup 2, weight decay 0.01, clip 1.0, sequential order) on the named
  backend, and prints the logged losses as JSON; --compare reads two such files and fails when a loss differs by
  more than the tolerance.`;

/** The fixtures, found from this script's place in the repository (tools/bench/backend/dist or src). */
const DEFAULT_FIXTURES = fileURLToPath(new URL("../../../../fixtures/hf-reference/", import.meta.url));

interface LoggedStep {
  step: number;
  loss: number;
  grad_norm?: number;
  learning_rate?: number;
}

interface ParityRun {
  backend: string;
  device?: string;
  losses: LoggedStep[];
  /** HF's losses at the same steps (transformers on CPU), for context; parity is judged between our backends. */
  hf_reference: LoggedStep[];
}

function option(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** Ends training after `steps` optimizer steps, keeping the learning-rate schedule of HF's whole 3-epoch run. */
function stopAfter(steps: number): PluginSpec {
  return {
    name: "stop-after",
    options: {},
    apply(trainer) {
      trainer.hooks.stepEnd.tapPromise("stop-after", async ({ state, control }) => {
        if (state.global_step >= steps) control.should_training_stop = true;
      });
    },
  };
}

async function train(backend: BackendName, steps: number, fixtures: string): Promise<ParityRun> {
  // the backend first: the weights are created on whichever backend is active when they load
  const choice = await setupBackend(backend, (m) => console.error(m));
  const model = await fromPretrained<BertPreTrainedModel>(join(fixtures, "models/bert-seqcls"));
  const data = readJson<{ train: Feature[]; pad_token_id: number }>(
    join(fixtures, "runs/bert-seqcls/data.json"),
  );
  const outputDir = await mkdtemp(join(tmpdir(), "trainer-parity-"));
  const trainer = new Trainer({
    model,
    args: {
      output_dir: outputDir,
      per_device_train_batch_size: 8,
      gradient_accumulation_steps: 2,
      learning_rate: 3e-3,
      lr_scheduler_type: "linear",
      warmup_steps: 2,
      weight_decay: 0.01,
      max_grad_norm: 1.0,
      num_train_epochs: 3,
      logging_steps: 1,
      save_strategy: "no",
      train_sampling_strategy: "sequential",
      seed: 1234,
      backend,
    },
    trainDataset: new InMemoryDataset(data.train),
    dataCollator: DataCollatorWithPadding({ padTokenId: data.pad_token_id }),
    plugins: [defaultFlow, stopAfter(steps)],
    logger: (m) => console.error(m),
  });
  await trainer.train();
  await rm(outputDir, { recursive: true, force: true });
  const logged = (entries: Record<string, number>[]): LoggedStep[] =>
    entries
      .filter((e) => typeof e.loss === "number" && e.step <= steps)
      .map(({ step, loss, grad_norm, learning_rate }) => ({ step, loss, grad_norm, learning_rate }));
  const hf = readJson<{ log_history: Record<string, number>[] }>(join(fixtures, "runs/bert-seqcls/run.json"));
  return {
    backend: choice.name,
    device: choice.device,
    losses: logged(trainer.state.log_history as unknown as Record<string, number>[]),
    hf_reference: logged(hf.log_history),
  };
}

/** Largest |loss A − loss B| over the steps both logged; fails (exit 1) above the tolerance. */
function compare(pathA: string, pathB: string, tolerance: number): boolean {
  const a = readJson<ParityRun>(pathA);
  const b = readJson<ParityRun>(pathB);
  const byStep = new Map(b.losses.map((s) => [s.step, s.loss]));
  const shared = a.losses.filter((s) => byStep.has(s.step));
  if (shared.length === 0 || shared.length !== a.losses.length || a.losses.length !== b.losses.length) {
    console.log(`${pathA} and ${pathB} did not log the same steps`);
    return false;
  }
  const worst = Math.max(...shared.map((s) => Math.abs(s.loss - byStep.get(s.step)!)));
  const ok = worst <= tolerance;
  console.log(
    `${a.backend} vs ${b.backend}: ${shared.length} logged losses, largest difference ${worst.toExponential(2)} ` +
      `(tolerance ${tolerance}): ${ok ? "equal" : "DIFFERENT"}`,
  );
  return ok;
}

async function main(args: string[]): Promise<number> {
  if (args.includes("--help") || args.length === 0) {
    console.log(USAGE);
    return args.length === 0 ? 1 : 0;
  }
  const compareAt = args.indexOf("--compare");
  if (compareAt >= 0) {
    const [pathA, pathB] = [args[compareAt + 1], args[compareAt + 2]];
    if (!pathA || !pathB) throw new Error(`--compare needs two files\n${USAGE}`);
    return compare(pathA, pathB, Number(option(args, "--tolerance") ?? 1e-4)) ? 0 : 1;
  }
  const backend = option(args, "--backend") as BackendName | undefined;
  if (!backend || !BACKEND_NAMES.includes(backend)) {
    throw new Error(`--backend must be one of ${BACKEND_NAMES.join(", ")}\n${USAGE}`);
  }
  // 12 steps: HF's whole run (64 examples, batch 8, accumulation 2, 3 epochs)
  const steps = Number(option(args, "--steps") ?? 12);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`--steps must be a positive integer`);
  const run = await train(backend, steps, option(args, "--fixtures") ?? DEFAULT_FIXTURES);
  console.log(JSON.stringify(run, null, 2));
  return 0;
}

main(process.argv.slice(2)).then(
  // Dawn's device keeps the event loop alive: leave once the result is printed
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(2);
  },
);
