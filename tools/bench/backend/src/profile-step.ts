import * as tf from "@tensorflow/tfjs";
import {
  BACKEND_NAMES,
  type BackendName,
  dropoutMask,
  dropoutMaskAttrs,
  dropoutMaskValues,
  setupBackend,
} from "@tfjs-trainer/backend";
import type { BertHead } from "./row.js";
import { freshBertMini, gradientsByName, randomTensorBatch } from "./workloads/bert-step.js";

const USAGE = `usage: profile-step.mjs --backend NAME [--head seqcls|mlm] [--batch 32] [--seq 128] [--runs 5]
                       [--flag TFJS_FLAG=VALUE]...
  Where the BERT-mini training step spends its time on one backend: wall time of its parts (forward, forward +
  gradients, AdamW), how many kernels each part launches, the launch cost of a tiny kernel, and the kernels that
  run most often. Prints one table. --flag sets a tfjs environment flag once the backend is up (e.g.
  WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE=64).`;

function option(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
}

/** Median wall time of `runs` calls of `part`, each waited for by reading what it returns. */
async function time(part: () => tf.Tensor, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const start = performance.now();
    const out = part();
    await out.data();
    out.dispose();
    if (i > 0) times.push(performance.now() - start); // the first call compiles shaders: not counted
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

interface KernelTally {
  count: number;
  /** Device time, where the backend measures it (webgpu with timestamp queries, wasm and cpu by wall time). */
  ms: number;
}

/** Kernels launched by one call of `part`, by name, with the time the backend measured for them. */
async function kernelsOf(part: () => tf.Tensor): Promise<Map<string, KernelTally>> {
  const info = await tf.profile(() => part());
  const tallies = new Map<string, KernelTally>();
  for (const k of info.kernels) {
    const time = await k.kernelTimeMs;
    const ms = typeof time === "number" ? time : 0;
    const tally = tallies.get(k.name) ?? { count: 0, ms: 0 };
    tally.count += 1;
    tally.ms += ms;
    tallies.set(k.name, tally);
  }
  tf.dispose(info.result as tf.Tensor);
  return tallies;
}

const sum = (tallies: Map<string, KernelTally>, key: keyof KernelTally) =>
  [...tallies.values()].reduce((a, b) => a + b[key], 0);

/**
 * Dawn with timestamp queries allowed, so tfjs's webgpu profiler can time each kernel on the device: installed as
 * navigator.gpu before setupBackend, which then keeps it.
 */
async function installDawnWithTimestamps(): Promise<void> {
  const dawn = (await import("webgpu")) as unknown as { create(o: string[]): unknown; globals: object };
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create(["enable-dawn-features=allow_unsafe_apis"]);
  Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true, writable: true });
}

async function main(args: string[]): Promise<void> {
  const backend = option(args, "--backend") as BackendName | undefined;
  if (!backend || !BACKEND_NAMES.includes(backend)) throw new Error(USAGE);
  const head = (option(args, "--head") ?? "seqcls") as BertHead;
  const batch = Number(option(args, "--batch") ?? 32);
  const seq = Number(option(args, "--seq") ?? 128);
  const runs = Number(option(args, "--runs") ?? 5);
  if (backend === "webgpu") await installDawnWithTimestamps();
  const choice = await setupBackend(backend, (m) => console.error(m));
  const flags: string[] = [];
  args.forEach((arg, i) => {
    if (arg !== "--flag") return;
    const [name, value] = (args[i + 1] ?? "").split("=");
    if (!name || value === undefined) throw new Error(`--flag needs NAME=VALUE\n${USAGE}`);
    tf.env().set(name, Number.isNaN(Number(value)) ? value === "true" : Number(value));
    flags.push(`${name}=${tf.env().get(name)}`);
  });

  const { model, optimizer } = freshBertMini(head);
  const parameters = model.namedParameters();
  const inputs = randomTensorBatch(head, batch, seq);
  let seed = 0;
  const forward = () => tf.tidy(() => model.forward(inputs, { training: true, seed: seed++ }).loss!);
  const gradients = () => gradientsByName(parameters, forward);

  const forwardBackward = () => {
    const { value, grads } = gradients();
    tf.dispose(Object.values(grads));
    return value;
  };
  const fixedGrads = gradients();
  fixedGrads.value.dispose();
  const adamw = () => {
    optimizer.step(fixedGrads.grads);
    return tf.sum(parameters[0].variable);
  };
  const wholeStep = () => {
    const { value, grads } = gradients();
    optimizer.step(grads);
    tf.dispose(Object.values(grads));
    return value;
  };
  const evalForward = () => tf.tidy(() => model.forward(inputs, { training: false }).loss!);
  const attentionShape = [batch, 4, seq, seq];
  const stockDropout = () => tf.tidy(() => tf.dropout(tf.ones(attentionShape), 0.1, undefined, seed++));
  const ourDropout = () =>
    tf.tidy(() => tf.mul(tf.ones(attentionShape), dropoutMask(attentionShape, 0.1, seed++)));
  const tinyAdds = () =>
    tf.tidy(() => {
      let x = tf.scalar(1);
      for (let i = 0; i < 1000; i++) x = tf.add(x, 1);
      return x;
    });

  const rows: [string, number, Map<string, KernelTally>][] = [];
  for (const [name, part] of [
    ["forward (eval mode: no dropout)", evalForward],
    ["forward (training mode)", forward],
    ["one attention dropout (tf.dropout)", stockDropout],
    ["one attention dropout (ours)", ourDropout],
    ["forward + gradients", forwardBackward],
    ["AdamW on all weights", adamw],
    ["whole step", wholeStep],
    ["1000 scalar adds", tinyAdds],
  ] as const) {
    const ms = await time(part, runs);
    rows.push([name, ms, await kernelsOf(part)]);
  }
  const device = choice.device ? ` (${choice.device})` : "";
  const flagNote = flags.length > 0 ? `, flags ${flags.join(" ")}` : "";
  console.log(`backend ${choice.name}${device}, ${head} batch ${batch} × ${seq}${flagNote}`);
  console.log("| part | median ms | kernels | ms per kernel | kernel time ms |\n|---|---|---|---|---|");
  for (const [name, ms, tallies] of rows) {
    const n = sum(tallies, "count");
    const perKernel = (ms / Math.max(n, 1)).toFixed(3);
    console.log(`| ${name} | ${ms.toFixed(1)} | ${n} | ${perKernel} | ${sum(tallies, "ms").toFixed(1)} |`);
  }
  const step = rows.find(([name]) => name === "whole step")![2];
  const top = (key: keyof KernelTally) =>
    [...step.entries()]
      .sort((a, b) => b[1][key] - a[1][key])
      .slice(0, 15)
      .map(([k, t]) => `${k} ${t.count}× ${t.ms.toFixed(1)} ms`)
      .join(", ");
  console.log(`\nkernels of the whole step, most frequent: ${top("count")}`);
  console.log(`kernels of the whole step, most time: ${top("ms")}`);
  console.log(`tensors alive: ${tf.memory().numTensors}`);
  const onDevice = dropoutMask(attentionShape, 0.1, 12345);
  const host = dropoutMaskValues(dropoutMaskAttrs(attentionShape, 0.1, 12345));
  const deviceValues = await onDevice.data();
  onDevice.dispose();
  const differing = host.reduce((n, v, i) => n + (v === deviceValues[i] ? 0 : 1), 0);
  console.log(
    `dropout mask of ${host.length} values on ${tf.getBackend()}: ${differing} differ from the host's`,
  );
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error.message);
    process.exit(2);
  },
);
