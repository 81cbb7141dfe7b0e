#!/usr/bin/env node
import { parseOptions } from "./options.js";
import { formatReference, formatSummary, formatTrial } from "./report.js";
import { runChaos } from "./run-chaos.js";

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const start = performance.now();
  console.log(
    `chaos: ${options.trials} trials, model ${options.spec.model}, ${options.spec.steps} steps, seed ${options.seed}`,
  );
  const report = await runChaos({
    ...options,
    onReference: (reference) => console.log(formatReference(reference)),
    onTrial: (trial) => console.log(formatTrial(trial, options.trials)),
  });
  console.log(formatSummary(report.trials));
  console.log(`took ${((performance.now() - start) / 1000).toFixed(1)} s`);
  if (report.failed > 0 || options.keep) console.log(`runs kept in ${report.workDir}`);
  return report.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(2);
  },
);
