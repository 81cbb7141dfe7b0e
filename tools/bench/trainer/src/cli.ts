import { loadavg } from "node:os";
import type { CaseSpec } from "./case-spec.js";
import { machineLine } from "./machine.js";
import { type BenchOptions, parseOptions, USAGE } from "./options.js";
import { runCase } from "./run-case.js";
import { runCaseHere } from "./run-case-here.js";
import { checkpointSection } from "./sections/checkpoint.js";
import { evalMemorySection } from "./sections/eval-memory.js";
import { fitSection } from "./sections/fit.js";
import { hookDispatchSection } from "./sections/hook-dispatch.js";
import { resumeSection } from "./sections/resume.js";
import type { Section } from "./sections/section.js";
import { stepOverheadSection } from "./sections/step-overhead.js";
import { renderTable, type TableRow } from "./table.js";

/** Every section, in the order the table shows them. */
const SECTIONS: Section[] = [
  stepOverheadSection("bert-small"),
  stepOverheadSection("tiny"),
  fitSection,
  hookDispatchSection,
  checkpointSection,
  resumeSection,
  evalMemorySection,
];

async function table(options: BenchOptions): Promise<string> {
  const loadAtStart = loadavg();
  const sections = SECTIONS.filter((s) => !options.only || s.title.toLowerCase().includes(options.only));
  if (sections.length === 0) {
    throw new Error(
      `--only ${options.only}: no section matches (${SECTIONS.map((s) => s.title).join("; ")})`,
    );
  }
  const rows: TableRow[] = [];
  for (const section of sections) {
    rows.push(
      ...(await section.run({
        sizes: options.sizes,
        runCase: (spec) => runCase(spec, options.sizes.capMs),
        progress: (message) => console.error(`bench: ${message}`),
      })),
    );
  }
  const mode = options.quick ? " --quick (small sizes: a check, not the measurement)" : "";
  return (
    `tfjs-trainer trainer bench${mode}, tfjs wasm backend with our training kernels (setupBackend("wasm")); ` +
    `every timed thing in a process of its own\n${machineLine(loadAtStart)}\n\n${renderTable(rows)}`
  );
}

async function main(args: string[]): Promise<void> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return;
  }
  const caseAt = args.indexOf("--case");
  if (caseAt >= 0) {
    // a measurement's own process, started by runCase
    await runCaseHere(JSON.parse(args[caseAt + 1]!) as CaseSpec);
    return;
  }
  console.log(await table(parseOptions(args)));
}

main(process.argv.slice(2)).then(
  // a measurement process may hold a progress bar's timer or a stream open: leave once the work is reported
  () => process.exit(0),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
