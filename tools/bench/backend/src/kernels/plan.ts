import type { BenchOptions } from "../options.js";
import { KERNEL_WORKLOADS } from "./workloads.js";

/** Which kernels a process of a --kernels row runs with. */
export type KernelSide = "stock" | "ours";

/** One process of a --kernels row: the workload, on one side, with the row's repeats and budget. */
export interface KernelSideSpec {
  /** A KernelWorkload id. */
  workload: string;
  side: KernelSide;
  /** Timed runs wanted (after warm-up). */
  repeats: number;
  /** The process's time, warm-up included (each side has its own). */
  budgetMs: number;
}

/** The --kernels rows (workload ids), in the order they print; --only keeps those whose label or backend match. */
export function planKernelRows(options: BenchOptions): string[] {
  const only = options.only?.toLowerCase();
  return KERNEL_WORKLOADS.filter(
    ({ label, backend }) => !only || `${label} ${backend}`.toLowerCase().includes(only),
  ).map((w) => w.id);
}
