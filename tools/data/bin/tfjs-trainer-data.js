#!/usr/bin/env node
// Committed, unlike dist/: npm links a package's commands when it installs the workspace, before anything is built,
// and links none whose file is missing. This file stays put and runs the built command.
const built = new URL("../dist/cli.js", import.meta.url);
import(built.href).catch((error) => {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes(built.pathname)) throw error;
  console.error(
    "tfjs-trainer-data: not built yet (dist/cli.js is missing): run `npm run build` at the repository root first",
  );
  process.exit(1);
});
