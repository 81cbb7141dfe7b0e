import { cpus } from "node:os";
import { setupBackend } from "@tfjs-trainer/backend";
import { runTfjsRow } from "./child.js";
import { runKernelSide } from "./kernels/child.js";
import { type KernelSideSpec, planKernelRows } from "./kernels/plan.js";
import { type KernelRowResult, runKernelRow } from "./kernels/run.js";
import { renderKernelTable } from "./kernels/table.js";
import { kernelWorkload } from "./kernels/workloads.js";
import { type BenchOptions, parseOptions, USAGE } from "./options.js";
import { planRows } from "./plan.js";
import { engineLabel, type RowSpec, workloadLabel } from "./row.js";
import { type RowResult, runRow } from "./run-row.js";
import { renderTable } from "./table.js";

/** In --gpu mode nothing is worth running without an adapter: say why at once and exit as run.sh does. */
async function requireWebGpu(): Promise<void> {
  try {
    const choice = await setupBackend("webgpu");
    console.error(`bench: webgpu adapter: ${choice.device}`);
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    process.exit(3);
  }
}

function title(options: BenchOptions): string {
  const cpu = cpus();
  const mode = `${options.mode === "cpu" ? "cpu" : `--${options.mode}`}${options.quick ? " --quick" : ""}`;
  const budget =
    options.mode === "kernels"
      ? `at most ${options.budgetMs / 1000} s a process (stock and ours each)`
      : `at most ${options.budgetMs / 1000} s a row`;
  return (
    `tfjs-trainer backend bench (${mode}), ${new Date().toISOString().slice(0, 10)}: ` +
    `${cpu[0]?.model.trim() ?? "unknown CPU"} × ${cpu.length} cores, node ${process.version}; ` +
    `medians of up to ${options.repeats} timed runs after warm-up, ${budget}`
  );
}

/** --kernels: each row's stock process, then its own, in turn. */
async function kernelsTable(options: BenchOptions): Promise<string> {
  const rows = planKernelRows(options);
  const results: KernelRowResult[] = [];
  for (const [i, id] of rows.entries()) {
    const { label, backend } = kernelWorkload(id);
    console.error(`bench: [${i + 1}/${rows.length}] ${label} on ${backend}, stock and ours`);
    results.push(await runKernelRow(id, { repeats: options.repeats, budgetMs: options.budgetMs }));
  }
  return renderKernelTable(results);
}

async function main(args: string[]): Promise<void> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return;
  }
  const rowAt = args.indexOf("--row");
  if (rowAt >= 0) {
    // a row's own process, started by runRow
    await runTfjsRow(JSON.parse(args[rowAt + 1]!) as RowSpec);
    return;
  }
  const kernelRowAt = args.indexOf("--kernel-row");
  if (kernelRowAt >= 0) {
    // one side of a --kernels row, started by runKernelRow
    await runKernelSide(JSON.parse(args[kernelRowAt + 1]!) as KernelSideSpec);
    return;
  }
  const options = parseOptions(args);
  if (options.mode === "kernels") {
    console.log(`${title(options)}\n\n${await kernelsTable(options)}`);
    return;
  }
  if (options.mode === "gpu") await requireWebGpu();
  const rows = planRows(options);
  const results: RowResult[] = [];
  for (const [i, spec] of rows.entries()) {
    console.error(
      `bench: [${i + 1}/${rows.length}] ${workloadLabel(spec.workload)} on ${engineLabel(spec.engine)}`,
    );
    results.push(await runRow(spec));
  }
  console.log(`${title(options)}\n\n${renderTable(results)}`);
}

main(process.argv.slice(2)).then(
  // a row process may hold Dawn's device or wasm threads open: leave once the work is reported
  () => process.exit(0),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
