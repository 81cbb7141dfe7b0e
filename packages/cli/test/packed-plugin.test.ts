import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readSafetensorsFile } from "@tfjs-trainer/safetensors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/main.js";

/**
 * A plugin as a user gets it: examples/custom-plugin packed with `npm pack`, installed from the tarball into a
 * project outside the workspace, named by its package name in that project's config.yaml, and trained with.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const pluginDir = join(root, "examples", "custom-plugin");
const PLUGIN = "@tfjs-trainer/example-ema-plugin";

/** The plugin's peers, which npm does not install with --legacy-peer-deps (see installTarball). */
const PEERS = ["@tfjs-trainer/core", "@tfjs-trainer/safetensors", "@tensorflow/tfjs"];

let project: string;

// nx builds the plugin first, as a devDependency of this package; run alone, the test builds it (its .d.ts pass is slow)
beforeAll(() => {
  if (!existsSync(join(pluginDir, "dist", "index.js"))) {
    execFileSync(join(root, "node_modules", ".bin", "tsup"), { cwd: pluginDir, stdio: "pipe" });
  }
  project = mkdtempSync(join(tmpdir(), "packed-plugin-"));
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "uses-a-packed-plugin", private: true }),
  );
  installTarball(project, pack(project));
  writeProjectFiles(project);
}, 120_000);

// rm removes the links to the workspace's packages, never what they point at
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** `npm pack` into the project folder; returns the tarball's path. */
function pack(into: string): string {
  const output = npm(["pack", "--json", "--ignore-scripts", "--pack-destination", into], pluginDir);
  const [{ filename }] = JSON.parse(output) as { filename: string }[];
  return join(into, filename);
}

/**
 * Installs the tarball as a user would, with one difference: its peers come from this workspace. They are not on
 * the registry (the workspace's packages are not published), so npm is told to leave peers alone
 * (--legacy-peer-deps) and they are linked from the workspace's node_modules afterwards (npm would remove links it
 * did not make). The plugin's own dependency (zod) is installed by npm from the registry or its cache.
 */
function installTarball(dir: string, tarball: string): void {
  npm(
    [
      "install",
      "--no-save",
      "--ignore-scripts",
      "--legacy-peer-deps",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      tarball,
    ],
    dir,
  );
  for (const peer of PEERS) {
    const link = join(dir, "node_modules", peer);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(join(root, "node_modules", peer)), link, "dir");
  }
}

/**
 * npm run from this test inherits npm's variables when the test itself runs under npm; those that name the
 * workspace would make the child act on it, so they are dropped (registry, cache and proxy settings are kept).
 */
const WORKSPACE_VARIABLES =
  /^npm_(config_(workspaces?|include_workspace_root|local_prefix|global)|package_.*|lifecycle_.*)$/i;

function npm(args: string[], cwd: string): string {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !WORKSPACE_VARIABLES.test(key)),
  );
  return execFileSync("npm", args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Tiny sentiment data and a config that trains a one-layer BERT for 4 steps with the plugin, saving at 2 and 4. */
function writeProjectFiles(dir: string): void {
  const words = ["good", "great", "fine", "nice", "bad", "awful", "poor", "dull"];
  const rows = (count: number) =>
    Array.from({ length: count }, (_, i) => {
      const positive = i % 2 === 0;
      const word = words[(i % 4) + (positive ? 0 : 4)];
      return JSON.stringify({
        sentence: `the film was ${word} and ${word}`,
        label: positive ? "positive" : "negative",
      });
    }).join("\n");
  writeFileSync(join(dir, "train.jsonl"), `${rows(16)}\n`);
  writeFileSync(join(dir, "validation.jsonl"), `${rows(8)}\n`);
  writeFileSync(
    join(dir, "config.yaml"),
    `task: text-classification
model:
  config: { hidden_size: 16, num_hidden_layers: 1, num_attention_heads: 1, intermediate_size: 32, max_position_embeddings: 32 }
tokenizer:
  train: { vocab_size: 48 }
data:
  train_file: train.jsonl
  validation_file: validation.jsonl
  max_seq_length: 16
plugins:
  - ["${PLUGIN}", { decay: 0.9, update_after_step: 1 }]
output_dir: ${JSON.stringify(join(dir, "out"))}
max_steps: 4
per_device_train_batch_size: 4
per_device_eval_batch_size: 8
save_strategy: steps
save_steps: 2
logging_steps: 1
disable_tqdm: true
backend: cpu
seed: 1
`,
  );
}

async function runCli(argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main(argv, (line) => lines.push(line));
  return { code, lines };
}

describe("a plugin packed with npm pack and installed from the tarball", () => {
  it("is installed outside the workspace, from the tarball", () => {
    const installed = join(project, "node_modules", PLUGIN);
    expect(realpathSync(installed).startsWith(root)).toBe(false);
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
    expect(manifest.keywords).toContain("tfjs-trainer-plugin");
    expect(existsSync(join(installed, "dist", "index.js"))).toBe(true);
    expect(existsSync(join(installed, "src"))).toBe(false);
  });

  it("`tfjs-trainer plugins --dir` lists it", async () => {
    const { code, lines } = await runCli(["plugins", "--dir", project]);
    expect(code).toBe(0);
    const installedSection = lines.slice(lines.findIndex((line) => line.startsWith("installed")));
    expect(installedSection.some((line) => line.includes(`${PLUGIN}@0.1.0`))).toBe(true);
  });

  it("trains with it composed in a config by package name; checkpoints hold its state and file", async () => {
    const { code, lines } = await runCli(["train", "--config", join(project, "config.yaml")]);
    expect(code, lines.join("\n")).toBe(0);
    const out = join(project, "out");
    expect(JSON.parse(readFileSync(join(out, "train_results.json"), "utf8")).train_loss).toBeGreaterThan(0);
    for (const step of [2, 4]) {
      const checkpoint = join(out, `checkpoint-${step}`);
      const state = JSON.parse(readFileSync(join(checkpoint, "trainer_state.json"), "utf8"));
      expect(state.global_step).toBe(step);
      expect(state.stateful_callbacks.EmaWeights).toEqual({
        args: {
          decay: 0.9,
          update_after_step: 1,
          use_for_evaluation: true,
          warmup: false,
          copy_to_model_at_end: false,
        },
        attributes: { weights_file: "ema.safetensors", updated_at_step: step },
      });
      const ema = await readSafetensorsFile(join(checkpoint, "ema.safetensors"));
      expect(ema.metadata?.global_step).toBe(String(step));
      const model = await readSafetensorsFile(join(checkpoint, "model.safetensors"));
      // one average per weight, under the model's names and shapes
      for (const [name, tensor] of ema.tensors)
        expect(model.tensors.get(name)?.shape, name).toEqual(tensor.shape);
      expect(ema.tensors.size).toBeGreaterThan(10);
    }
  });
});
