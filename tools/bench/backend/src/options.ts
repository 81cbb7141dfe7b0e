import type { BertHead } from "./row.js";

export interface BenchOptions {
  mode: "cpu" | "gpu";
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

export const USAGE = `usage: bench.mjs [--quick] [--gpu] [--head seqcls|mlm] [--batch N] [--repeats N] [--budget SECONDS] [--only TEXT]
  (default)  this machine's CPU: matMul 512³/2048³ and a BERT-mini training step on tfjs cpu, wasm (stock, with our
             training kernels, on all cores) and PyTorch cpu (python3 + torch; skipped when not importable)
  --gpu      the GPU machine: matMul 512³…8192³ and the BERT-mini step on tfjs webgpu (Dawn) and PyTorch cuda
             (fp32, eager, TF32 off); exits 3 when WebGPU has no adapter
  --quick    fewer runs, a shorter budget per row and (on the CPU) batch 8 instead of 32
  --head     seqcls (BertForSequenceClassification, default) or mlm (BertForMaskedLM: adds the 30522-wide decoder)
  --budget   seconds per row, warm-up included; a row that needs longer keeps the runs it finished`;

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

const KNOWN = new Set(["--quick", "--gpu", "--head", "--batch", "--repeats", "--budget", "--only"]);
const TAKES_VALUE = new Set(["--head", "--batch", "--repeats", "--budget", "--only"]);

export function parseOptions(args: string[]): BenchOptions {
  args.forEach((arg, i) => {
    if (arg.startsWith("--") && !KNOWN.has(arg)) throw new Error(`unknown option ${arg}\n${USAGE}`);
    if (!arg.startsWith("--") && !TAKES_VALUE.has(args[i - 1] ?? "")) {
      throw new Error(`unexpected argument ${arg}\n${USAGE}`);
    }
  });
  const mode = args.includes("--gpu") ? "gpu" : "cpu";
  const quick = args.includes("--quick");
  const head = valueAfter(args, "--head") ?? "seqcls";
  if (head !== "seqcls" && head !== "mlm") throw new Error(`--head must be seqcls or mlm, got ${head}`);
  // the GPU machine gives one command 10 minutes: rows there get seconds, not minutes
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
