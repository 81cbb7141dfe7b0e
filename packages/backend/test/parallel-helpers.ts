/**
 * Builds what the data-parallel tests run in other threads and processes: worker threads cannot load TypeScript,
 * so the worker entry, the toy model and the package's parallel API are bundled with esbuild (as tsup would) into
 * a folder under node_modules/.cache, from where their bare imports (@tensorflow/tfjs) resolve as in the package.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

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
