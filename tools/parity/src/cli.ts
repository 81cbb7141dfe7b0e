#!/usr/bin/env node
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { checkCollators } from "./checks/collators.js";
import { checkForward } from "./checks/forward.js";
import { checkGenerate } from "./checks/generate.js";
import { checkRuns } from "./checks/runs.js";
import { checkSchedulers } from "./checks/schedulers.js";
import { type ParityRow, renderTable } from "./table.js";

const CHECKS: Record<string, { needs: string; run: (dir: string) => Promise<ParityRow[]> }> = {
  forward: { needs: "forward", run: checkForward },
  generate: { needs: "generate", run: checkGenerate },
  schedulers: { needs: "schedulers.json", run: checkSchedulers },
  collators: { needs: "collators.json", run: checkCollators },
  runs: { needs: "runs", run: checkRuns },
};

const USAGE = `usage: npm run parity -- <fixtures-dir> [--only ${Object.keys(CHECKS).join(",")}]`;

function parse(argv: string[]): { dir: string; only: string[] } {
  const positional: string[] = [];
  let only: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--only") only = (argv[++i] ?? "").split(",").filter(Boolean);
    else if (argv[i].startsWith("--only=")) only = argv[i].slice(7).split(",").filter(Boolean);
    else if (argv[i] === "--help" || argv[i] === "-h") throw new Error(USAGE);
    else positional.push(argv[i]);
  }
  if (positional.length !== 1) throw new Error(USAGE);
  const unknown = (only ?? []).filter((n) => !(n in CHECKS));
  if (unknown.length > 0) throw new Error(`unknown check ${unknown.join(", ")}; ${USAGE}`);
  return { dir: resolve(positional[0]), only: only ?? Object.keys(CHECKS) };
}

async function main(): Promise<number> {
  const { dir, only } = parse(process.argv.slice(2));
  if (!existsSync(dir)) throw new Error(`${dir}: no such fixtures directory`);
  await tf.setBackend("cpu");
  const rows: ParityRow[] = [];
  for (const name of only) {
    const check = CHECKS[name];
    if (!existsSync(join(dir, check.needs))) {
      rows.push({
        case: name,
        measure: "cases found",
        value: 0,
        tolerance: "-",
        ok: false,
        error: `no ${check.needs} in ${dir}`,
      });
      continue;
    }
    rows.push(...(await check.run(dir)));
  }
  console.log(renderTable(rows));
  return rows.every((r) => r.ok) && rows.length > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(2);
  },
);
