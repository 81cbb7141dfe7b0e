#!/usr/bin/env node
import { runSyncCommand } from "./sync-command.js";

runSyncCommand(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
