/** What one table row measures, and how a row's process reports back to the table's process. */

export type Workload =
  | { kind: "matmul"; n: number }
  | { kind: "bert-step"; head: BertHead; batch: number; seq: number };

export type BertHead = "seqcls" | "mlm";

/**
 * tfjs backends as the bench distinguishes them (stock wasm and wasm with our kernels are different rows; cpu is
 * always set up by setupBackend, which registers our training kernels: stock cpu is in --kernels only).
 */
export type TfjsVariant = "cpu" | "cpu-parallel" | "wasm" | "wasm+kernels" | "wasm-parallel" | "webgpu";

export type Engine = { runtime: "tfjs"; variant: TfjsVariant } | { runtime: "torch"; device: "cpu" | "cuda" };

export interface RowSpec {
  workload: Workload;
  engine: Engine;
  /** Timed runs wanted (after warm-up). */
  repeats: number;
  /** The row's time, warm-up included: no run starts that would end after it (one timed run always does). */
  budgetMs: number;
}

/**
 * One line of a row's output: the first operation starting (setup is over), a timed run (milliseconds per
 * operation), a note, or why the row has no numbers.
 */
export type RowEvent =
  | { started: true }
  | { sample: number }
  | { note: string }
  | { skip: string }
  | { error: string };

/** Rows print events on stdout behind this marker; tfjs and Dawn print their own lines there too. */
export const EVENT_MARKER = "@@bench ";

export function emit(event: RowEvent): void {
  process.stdout.write(`${EVENT_MARKER}${JSON.stringify(event)}\n`);
}

export function parseEvent(line: string): RowEvent | undefined {
  if (!line.startsWith(EVENT_MARKER)) return undefined;
  return JSON.parse(line.slice(EVENT_MARKER.length)) as RowEvent;
}

export function workloadLabel(workload: Workload): string {
  if (workload.kind === "matmul") return `matMul ${workload.n}³`;
  const head = workload.head === "mlm" ? "BertForMaskedLM" : "BertForSequenceClassification";
  return `BERT-mini step (${head}, batch ${workload.batch} × seq ${workload.seq})`;
}

export function engineLabel(engine: Engine): string {
  if (engine.runtime === "torch") return engine.device === "cuda" ? "PyTorch cuda fp32 eager" : "PyTorch cpu";
  const labels: Record<TfjsVariant, string> = {
    cpu: "tfjs cpu + our training kernels",
    "cpu-parallel": "tfjs cpu + our training kernels, all cores",
    wasm: "tfjs wasm (stock)",
    "wasm+kernels": "tfjs wasm + our training kernels",
    "wasm-parallel": "tfjs wasm + our training kernels, all cores",
    webgpu: "tfjs webgpu (Dawn)",
  };
  return labels[engine.variant];
}
