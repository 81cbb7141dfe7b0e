import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readJson, type Tree, writeJson } from "@nx/devkit";
import { createTreeWithEmptyWorkspace } from "@nx/devkit/testing";
import { beforeEach, describe, expect, it } from "vitest";
import pluginGenerator from "../src/generator.js";

const CORE = {
  name: "@tfjs-trainer/core",
  version: "0.3.1",
  dependencies: { zod: "^4.0.0" },
  peerDependencies: { "@tensorflow/tfjs": "^4.22.0" },
};

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

let tree: Tree;

beforeEach(() => {
  tree = createTreeWithEmptyWorkspace();
  writeJson(tree, "packages/core/package.json", CORE);
  writeJson(tree, "packages/plugin-default-flow/package.json", {
    name: "@tfjs-trainer/plugin-default-flow",
    version: "0.3.0",
  });
  writeJson(tree, "package.json", { name: "workspace", workspaces: ["packages/*", "examples/*"] });
});

function text(path: string): string {
  const content = tree.read(path, "utf-8");
  if (content === null) throw new Error(`${path} was not generated`);
  return content;
}

describe("plugin generator", () => {
  it("creates the package's files under --directory, names substituted", async () => {
    await pluginGenerator(tree, {
      name: "grad-histogram",
      directory: "examples/grad-histogram",
      skipFormat: true,
    });
    const dir = "examples/grad-histogram";
    expect(tree.children(dir).sort()).toEqual(
      [
        "README.md",
        "package.json",
        "src",
        "test",
        "tsconfig.json",
        "tsup.config.ts",
        "vitest.config.ts",
      ].sort(),
    );
    expect(tree.children(`${dir}/src`).sort()).toEqual(["grad-histogram.ts", "index.ts"]);
    expect(tree.children(`${dir}/test`)).toEqual(["plugin.test.ts"]);

    const source = text(`${dir}/src/grad-histogram.ts`);
    expect(source).toContain('export const PLUGIN_NAME = "@tfjs-trainer/grad-histogram";');
    expect(source).toContain('stateKey: "GradHistogram",');
    expect(source).toContain("export type GradHistogramOptions = z.input<typeof options>;");
    expect(source).toContain("export default definePlugin({");
    expect(source).toContain('.describe("A tfjs-trainer plugin: grad-histogram")');
    expect(text(`${dir}/src/index.ts`)).toBe(
      'export type { GradHistogramOptions } from "./grad-histogram.js";\n' +
        'export { default, default as gradHistogram, PLUGIN_NAME } from "./grad-histogram.js";\n',
    );
    const test = text(`${dir}/test/plugin.test.ts`);
    expect(test).toContain('import gradHistogram, { PLUGIN_NAME } from "../src/index.js";');
    expect(test).toContain("plugins: [defaultFlow, gradHistogram(options)],");
    expect(test).toContain("new TinyClassifier(");
    expect(test).toContain("new InMemoryDataset(rows)");
    const readme = text(`${dir}/README.md`);
    expect(readme).toContain("  - [@tfjs-trainer/grad-histogram, { every: 10 }]");
    expect(readme).toContain("stateful_callbacks.GradHistogram");
    expect(readme).toContain("cd examples/grad-histogram && npm publish");
    // no template syntax survives
    for (const file of [
      "README.md",
      "package.json",
      "src/grad-histogram.ts",
      "src/index.ts",
      "test/plugin.test.ts",
    ]) {
      expect(text(`${dir}/${file}`)).not.toMatch(/<%|%>|__tmpl__|__fileName__/);
    }
  });

  it("writes a publishable package.json: keyword, core and tfjs as peers taken from the workspace's core", async () => {
    await pluginGenerator(tree, { name: "ema", directory: "examples/ema", skipFormat: true });
    const manifest = readJson(tree, "examples/ema/package.json");
    expect(manifest.name).toBe("@tfjs-trainer/ema");
    expect(manifest.private).toBeUndefined();
    expect(manifest.keywords).toContain("tfjs-trainer-plugin");
    expect(manifest.type).toBe("module");
    expect(manifest.exports["."].import).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" });
    expect(manifest.exports["."].require).toEqual({
      types: "./dist/index.d.cts",
      default: "./dist/index.cjs",
    });
    expect(manifest.files).toEqual(["dist", "README.md"]);
    expect(manifest.peerDependencies).toEqual({
      "@tensorflow/tfjs": "^4.22.0",
      "@tfjs-trainer/core": "^0.3.1",
    });
    expect(manifest.devDependencies).toEqual({
      "@tensorflow/tfjs": "^4.22.0",
      "@tfjs-trainer/core": "^0.3.1",
      "@tfjs-trainer/plugin-default-flow": "^0.3.0",
    });
    expect(manifest.dependencies).toEqual({ zod: "^4.0.0" });
    expect(manifest.scripts).toEqual({
      build: "tsup",
      typecheck: "tsc -p tsconfig.json --noEmit",
      test: "vitest run",
      lint: "biome check .",
    });
    // configs reach the workspace root's shared files from any depth
    expect(readJson(tree, "examples/ema/tsconfig.json").extends).toBe("../../tsconfig.base.json");
    expect(text("examples/ema/tsup.config.ts")).toContain('from "../../tools/config/tsup.base"');
  });

  it("defaults: packages/<name>, @tfjs-trainer/<name>; a given package name and description are used as given", async () => {
    await pluginGenerator(tree, { name: "lr-logger", skipFormat: true });
    expect(readJson(tree, "packages/lr-logger/package.json").name).toBe("@tfjs-trainer/lr-logger");
    await pluginGenerator(tree, {
      name: "lr-logger",
      directory: "examples/deep/er/lr",
      packageName: "tfjs-trainer-plugin-lr",
      description: 'Logs the "learning rate" & more',
      skipFormat: true,
    });
    const manifest = readJson(tree, "examples/deep/er/lr/package.json");
    expect(manifest.name).toBe("tfjs-trainer-plugin-lr");
    expect(manifest.description).toBe('Logs the "learning rate" & more');
    expect(text("examples/deep/er/lr/src/lr-logger.ts")).toContain(
      '.describe("Logs the \\"learning rate\\" & more")',
    );
    expect(readJson(tree, "examples/deep/er/lr/tsconfig.json").extends).toBe(
      "../../../../tsconfig.base.json",
    );
  });

  it("refuses bad options, naming the option", async () => {
    await expect(pluginGenerator(tree, { name: "My Plugin" })).rejects.toThrow(
      /--name "My Plugin" must be kebab-case/,
    );
    await expect(pluginGenerator(tree, { name: "ok", packageName: "Bad Name" })).rejects.toThrow(
      /--packageName "Bad Name" is not a valid npm package name/,
    );
    await expect(pluginGenerator(tree, { name: "ok", directory: "../outside" })).rejects.toThrow(
      /--directory "..\/outside" must stay inside the workspace/,
    );
    await expect(pluginGenerator(tree, { name: "ok", directory: "/abs" })).rejects.toThrow(
      /--directory "\/abs" must be a folder relative to the workspace root/,
    );
    tree.write("packages/taken/index.ts", "export {};\n");
    await expect(pluginGenerator(tree, { name: "taken" })).rejects.toThrow(
      /--directory "packages\/taken" already exists and is not empty/,
    );
    tree.delete("packages/core/package.json");
    await expect(pluginGenerator(tree, { name: "fresh" })).rejects.toThrow(
      /packages\/core\/package.json not found/,
    );
  });

  it.each(["zeta-logger", "ab"])(
    "writes files the workspace's Biome check passes as they are (%s)",
    async (name) => {
      await pluginGenerator(tree, { name, directory: `examples/${name}`, skipFormat: true });
      const out = mkdtempSync(join(tmpdir(), "generated-plugin-"));
      for (const change of tree.listChanges()) {
        if (!change.path.startsWith(`examples/${name}/`) || change.content === null) continue;
        const path = join(out, change.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, change.content);
      }
      const biome = join(root, "node_modules", ".bin", "biome");
      const check = () =>
        execFileSync(biome, ["check", "--config-path", join(root, "biome.json"), out], { stdio: "pipe" });
      try {
        expect(check).not.toThrow();
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
  );
});
