import { type ChildResult, hardCapMs, runChild } from "../run-row.js";
import type { KernelSide, KernelSideSpec } from "./plan.js";

/** A --kernels row: what its stock process and its own process reported. */
export interface KernelRowResult {
  /** A KernelWorkload id. */
  workload: string;
  stock: ChildResult;
  ours: ChildResult;
}

export interface KernelRunOptions {
  repeats: number;
  budgetMs: number;
}

function runSide(workload: string, side: KernelSide, options: KernelRunOptions): Promise<ChildResult> {
  const spec: KernelSideSpec = { workload, side, ...options };
  // this same script, in kernel-row mode (see cli.ts)
  return runChild(
    process.execPath,
    [process.argv[1]!, "--kernel-row", JSON.stringify(spec)],
    hardCapMs(options.budgetMs),
  );
}

/** Times the workload with the stock kernels and with ours, each in a fresh process, one after the other. */
export async function runKernelRow(workload: string, options: KernelRunOptions): Promise<KernelRowResult> {
  const stock = await runSide(workload, "stock", options);
  const ours = await runSide(workload, "ours", options);
  return { workload, stock, ours };
}
