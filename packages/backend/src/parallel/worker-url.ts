import { pathToFileURL } from "node:url";

/** The worker entry's built file name (tsup entry `parallel-gradient-worker: src/parallel/gradient-worker.ts`). */
export const GRADIENT_WORKER_FILE = "parallel-gradient-worker.js";

/**
 * Where the built worker entry is: next to the bundle running this code (dist/). The ESM build is used from the
 * CJS bundle too, since the worker imports models as ES modules. Code running from source (tests) passes its own.
 */
export function defaultWorkerUrl(): URL {
  // the CJS bundle has no import.meta; tsup leaves it an empty object there
  const here = typeof import.meta.url === "string" ? import.meta.url : pathToFileURL(__filename).href;
  return new URL(`./${GRADIENT_WORKER_FILE}`, here);
}
