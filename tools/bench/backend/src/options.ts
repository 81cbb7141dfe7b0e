import type { BertHead } from "./row.js";

export interface BenchOptions {
  /** cpu and gpu: the backends table; kernels: our training kernels against the stock ones (see kernels/). */
  mode: "cpu" | "gpu" | "kernels";
  quick: boolean;
  head: BertHead;
  /** BERT batch size (sequence length is always 128). */
  batch: number;
  repeats: number;
  /** Each row's time, warm-up included. */
  budgetMs: number;
  /** Only rows whose workload or engine label contains this (case-insensitive). */
  only?: string;
}

export const USAGE = `usage: bench.mjs [--quick] [--gpu | --kernels] [--head seqcls|mlm] [--batch N] [--repeats N] [--budget SECONDS] [--only TEXT]
  (default)  this machine's CPU: matMul 512³/2048³ and a BERT-mini training step on tfjs cpu (with our training
             kernels, also on all cores), wasm (stock, with our training kernels, on all cores) and PyTorch cpu
             (python3 + torch; skipped when not importable)
  --gpu      the GPU machine: matMul 512³…8192³ and the BERT-mini step on tfjs webgpu (Dawn) and PyTorch cuda
             (fp32, eager, TF32 off); exits 3 when WebGPU has no adapter
  --kernels  the training kernels of @tfjs-trainer/backend (UnsortedSegmentSum, BatchMatMul, Sum, Conv2DBackpropFilter)
             and a BERT-mini MLM forward + gradients on tfjs cpu and wasm, stock against ours: each row runs once in
             a process with the stock kernels and once in one where registerTrainingKernels was called (--head and
             --batch do not apply)
  --quick    fewer runs, a shorter budget per row and (in the default CPU table) batch 8 instead of 32
  --head     seqcls (BertForSequenceClassification, default) or mlm (BertForMaskedLM: adds the 30522-wide decoder)
  --budget   seconds per row (--kernels: per process, stock and ours each), warm-up included; a row that needs
             longer keeps the runs it finished
  --only     only the rows whose workload or engine (--kernels: backend) contains TEXT, case-insensitive`;

function valueAfter(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value\n${USAGE}`);
  return value;
}

function positiveNumber(args: string[], flag: string): number | undefined {
  const raw = valueAfter(args, flag);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`${flag} must be a positive number, got ${raw}`);
  return value;
}

const KNOWN = new Set([
  "--quick",
  "--gpu",
  "--kernels",
  "--head",
  "--batch",
  "--repeats",
  "--budget",
  "--only",
]);
const TAKES_VALUE = new Set(["--head", "--batch", "--repeats", "--budget", "--only"]);

export function parseOptions(args: string[]): BenchOptions {
  args.forEach((arg, i) => {
    if (arg.startsWith("--") && !KNOWN.has(arg)) throw new Error(`unknown option ${arg}\n${USAGE}`);
    if (!arg.startsWith("--") && !TAKES_VALUE.has(args[i - 1] ?? "")) {
      throw new Error(`unexpected argument ${arg}\n${USAGE}`);
    }
  });
  if (args.includes("--kernels")) {
    const clash = ["--gpu", "--head", "--batch"].find((flag) => args.includes(flag));
    if (clash) throw new Error(`--kernels does not take ${clash}\n${USAGE}`);
  }
  const mode = args.includes("--kernels") ? "kernels" : args.includes("--gpu") ? "gpu" : "cpu";
  const quick = args.includes("--quick");
  const head = valueAfter(args, "--head") ?? "seqcls";
  if (head !== "seqcls" && head !== "mlm") throw new Error(`--head must be seqcls or mlm, got ${head}`);
  // the GPU machine gives one command 10 minutes: rows there get seconds, not minutes. In --kernels the stock BERT
  // step and the stock cpu UnsortedSegmentSum take 20-60 s a call here: a quick row gets one to three of those.
  const defaults =
    mode === "gpu"
      ? { batch: 32, repeats: quick ? 5 : 10, budgetS: quick ? 10 : 20 }
      : { batch: quick ? 8 : 32, repeats: quick ? 3 : 5, budgetS: quick ? 90 : 600 };
  return {
    mode,
    quick,
    head,
    batch: positiveNumber(args, "--batch") ?? defaults.batch,
    repeats: Math.round(positiveNumber(args, "--repeats") ?? defaults.repeats),
    budgetMs: (positiveNumber(args, "--budget") ?? defaults.budgetS) * 1000,
    only: valueAfter(args, "--only"),
  };
}
