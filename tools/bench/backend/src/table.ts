import { engineLabel, type Workload, workloadLabel } from "./row.js";
import type { RowResult } from "./run-row.js";

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function formatTime(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(1)} µs`;
}

function throughput(workload: Workload, ms: number): string {
  if (workload.kind === "bert-step") return `${(workload.batch / (ms / 1000)).toFixed(1)} samples/s`;
  const flops = (2 * workload.n ** 3) / (ms / 1000);
  return flops >= 1e12 ? `${(flops / 1e12).toFixed(2)} TFLOP/s` : `${(flops / 1e9).toFixed(2)} GFLOP/s`;
}

export function shorten(text: string, max = 140): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** The markdown table: one row per result, medians, and each time over PyTorch's for the same workload. */
export function renderTable(results: RowResult[]): string {
  const torchMedian = new Map<string, number>();
  for (const r of results) {
    if (r.spec.engine.runtime === "torch" && r.samples.length > 0) {
      torchMedian.set(workloadLabel(r.spec.workload), median(r.samples));
    }
  }
  const header = ["workload", "engine", "median", "throughput", "time ÷ PyTorch", "runs", "notes"];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const r of results) {
    const workload = workloadLabel(r.spec.workload);
    const m = r.samples.length > 0 ? median(r.samples) : undefined;
    const reference = torchMedian.get(workload);
    const ratio =
      m !== undefined && reference !== undefined && r.spec.engine.runtime !== "torch"
        ? `${(m / reference).toFixed(1)}×`
        : "";
    const notes = [
      ...(r.skip ? [`skipped: ${r.skip}`] : []),
      ...(r.error ? [`failed: ${r.error}`] : []),
      ...r.notes,
    ].map((n) => shorten(n));
    const cells = [
      workload,
      engineLabel(r.spec.engine),
      m !== undefined ? formatTime(m) : r.atLeastMs !== undefined ? `> ${formatTime(r.atLeastMs)}` : "—",
      m !== undefined ? throughput(r.spec.workload, m) : "—",
      ratio,
      String(r.samples.length),
      notes.join("; "),
    ];
    lines.push(`| ${cells.map(escapeCell).join(" | ")} |`);
  }
  return lines.join("\n");
}
