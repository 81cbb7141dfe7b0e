import type { BenchOptions } from "./options.js";
import { type Engine, engineLabel, type RowSpec, type Workload, workloadLabel } from "./row.js";

const SEQUENCE_LENGTH = 128;

const CPU_ENGINES: Engine[] = [
  { runtime: "tfjs", variant: "cpu" },
  { runtime: "tfjs", variant: "wasm" },
  { runtime: "torch", device: "cpu" },
];

/** The training step also on the variants that only differ for training (our kernels, all cores). */
const CPU_STEP_ENGINES: Engine[] = [
  { runtime: "tfjs", variant: "cpu" },
  { runtime: "tfjs", variant: "cpu-parallel" },
  { runtime: "tfjs", variant: "wasm" },
  { runtime: "tfjs", variant: "wasm+kernels" },
  { runtime: "tfjs", variant: "wasm-parallel" },
  { runtime: "torch", device: "cpu" },
];

const GPU_ENGINES: Engine[] = [
  { runtime: "tfjs", variant: "webgpu" },
  { runtime: "torch", device: "cuda" },
];

/** Every row of the table, in the order it prints. */
export function planRows(options: BenchOptions): RowSpec[] {
  const gpu = options.mode === "gpu";
  const sizes = gpu ? [512, 1024, 2048, 8192] : [512, 2048];
  const step: Workload = {
    kind: "bert-step",
    head: options.head,
    batch: options.batch,
    seq: SEQUENCE_LENGTH,
  };
  const pairs: [Workload, Engine[]][] = [
    ...sizes.map((n): [Workload, Engine[]] => [{ kind: "matmul", n }, gpu ? GPU_ENGINES : CPU_ENGINES]),
    [step, gpu ? GPU_ENGINES : CPU_STEP_ENGINES],
  ];
  const rows = pairs.flatMap(([workload, engines]) =>
    engines.map((engine) => ({ workload, engine, repeats: options.repeats, budgetMs: options.budgetMs })),
  );
  const only = options.only?.toLowerCase();
  if (!only) return rows;
  return rows.filter((row) =>
    `${workloadLabel(row.workload)} ${engineLabel(row.engine)}`.toLowerCase().includes(only),
  );
}
