#!/usr/bin/env node
import { run } from "./main.js";

try {
  run(process.argv.slice(2));
} catch (err) {
  console.error(`tfjs-trainer-data: ${(err as Error).message}`);
  process.exitCode = 1;
}
