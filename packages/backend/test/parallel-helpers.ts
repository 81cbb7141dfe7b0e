/**
 * Builds what the data-parallel tests run in other threads and processes: worker threads cannot load TypeScript,
 * so the worker entry, the toy model and the package's parallel API are bundled with esbuild (as tsup would) into
 * a folder under node_modules/.cache, from where their bare imports (@tensorflow/tfjs) resolve as in the package.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll } from "vitest";
import { createDataParallelGradients, type DataParallelGradients } from "../src/parallel/index.js";
import { setupBackend } from "../src/setup-backend.js";
import type { ToyModelOptions } from "./parallel-toy-model.js";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

export interface ParallelBuild {
  folder: string;
  workerUrl: URL;
  /** File path of the bundled toy model (a ModelSource `module`). */
  toyModelPath: string;
  /** File path of the bundled parallel API (for child processes). */
  parallelApiPath: string;
  remove(): Promise<void>;
}

export async function buildParallelFiles(): Promise<ParallelBuild> {
  const cache = join(packageRoot, "node_modules", ".cache");
  await mkdir(cache, { recursive: true });
  const folder = await mkdtemp(join(cache, "parallel-test-"));
  const entries = {
    "parallel-gradient-worker": join(packageRoot, "src/parallel/gradient-worker.ts"),
    "toy-model": join(packageRoot, "test/parallel-toy-model.ts"),
    "parallel-api": join(packageRoot, "src/parallel/index.ts"),
  };
  await build({
    entryPoints: entries,
    outdir: folder,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
  return {
    folder,
    workerUrl: pathToFileURL(join(folder, "parallel-gradient-worker.mjs")),
    toyModelPath: join(folder, "toy-model.mjs"),
    parallelApiPath: join(folder, "parallel-api.mjs"),
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}

/**
 * For a test file on the cpu backend (with the training kernels): the parallel files built before its tests and
 * removed after them, and pools of toy-model workers over them.
 */
export function useParallelFilesOnCpu(): {
  readonly files: ParallelBuild;
  toyPool(workers: number, options: ToyModelOptions, exportName?: string): Promise<DataParallelGradients>;
} {
  let built: ParallelBuild | undefined;
  beforeAll(async () => {
    await setupBackend("cpu");
    built = await buildParallelFiles();
  });
  afterAll(async () => {
    await built?.remove();
  });
  const files = () => {
    if (!built) throw new Error("the parallel files are built before the file's tests run");
    return built;
  };
  return {
    get files() {
      return files();
    },
    toyPool: (workers, options, exportName = "createToyModel") =>
      createDataParallelGradients({
        workers,
        backend: "cpu",
        workerUrl: files().workerUrl,
        model: { module: files().toyModelPath, exportName, args: [options] },
      }),
  };
}
