import { cpus } from "node:os";
import { setupBackend } from "@tfjs-trainer/backend";
import { runTfjsRow } from "./child.js";
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
  const mode = `${options.mode === "gpu" ? "--gpu" : "cpu"}${options.quick ? " --quick" : ""}`;
  return (
    `tfjs-trainer backend bench (${mode}), ${new Date().toISOString().slice(0, 10)}: ` +
    `${cpu[0]?.model.trim() ?? "unknown CPU"} × ${cpu.length} cores, node ${process.version}; ` +
    `medians of up to ${options.repeats} timed runs after warm-up, at most ${options.budgetMs / 1000} s a row`
  );
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
  const options = parseOptions(args);
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
