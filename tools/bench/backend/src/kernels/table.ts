import type { ChildResult } from "../run-row.js";
import { escapeCell, formatTime, median, shorten } from "../table.js";
import type { KernelRowResult } from "./run.js";
import { kernelWorkload } from "./workloads.js";

/** A side's median, "> …" when it stopped before its first run ended, "missing"/"—" when it has no number. */
function timeCell(result: ChildResult): string {
  if (result.samples.length > 0) return formatTime(median(result.samples));
  if (result.atLeastMs !== undefined) return `> ${formatTime(result.atLeastMs)}`;
  return result.skip?.startsWith("missing") ? "missing" : "—";
}

function ratio(stockMs: number, oursMs: number): string {
  const times = stockMs / oursMs;
  return `${times >= 100 ? times.toFixed(0) : times.toFixed(1)}×`;
}

/** Stock time ÷ ours; a lower bound where the stock process stopped before its first run ended. */
function speedUp(stock: ChildResult, ours: ChildResult): string {
  if (ours.samples.length === 0) return "";
  const oursMs = median(ours.samples);
  if (stock.samples.length > 0) return ratio(median(stock.samples), oursMs);
  if (stock.atLeastMs !== undefined) return `> ${ratio(stock.atLeastMs, oursMs)}`;
  return "";
}

function notes(side: string, result: ChildResult): string[] {
  return [
    ...(result.skip && !result.skip.startsWith("missing") ? [`skipped: ${result.skip}`] : []),
    ...(result.error ? [`failed: ${result.error}`] : []),
    ...result.notes,
  ].map((n) => `${side}: ${shorten(n)}`);
}

/** The markdown table of --kernels: per row the stock and our medians (ms per call) and stock ÷ ours. */
export function renderKernelTable(results: KernelRowResult[]): string {
  const header = ["workload", "backend", "stock median", "ours median", "speed-up", "runs", "notes"];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const { workload, stock, ours } of results) {
    const { label, backend } = kernelWorkload(workload);
    const cells = [
      label,
      backend,
      timeCell(stock),
      timeCell(ours),
      speedUp(stock, ours),
      `${stock.samples.length} / ${ours.samples.length}`,
      [...notes("stock", stock), ...notes("ours", ours)].join("; "),
    ];
    lines.push(`| ${cells.map(escapeCell).join(" | ")} |`);
  }
  return lines.join("\n");
}
