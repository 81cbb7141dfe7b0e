import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatFiles, generateFiles, logger, offsetFromRoot, readJson, type Tree } from "@nx/devkit";
import { type NormalizedOptions, normalizeOptions } from "./normalize-options.js";
import type { PluginGeneratorSchema } from "./schema.js";
import { readWorkspaceVersions } from "./workspace-versions.js";

// ../files from both src/generator.ts (tests) and dist/generator.cjs (nx g): the templates sit beside both.
const TEMPLATES = fileURLToPath(new URL("../files", import.meta.url));

/**
 * `nx g @tfjs-trainer/plugin-generator:plugin --name <name> [--directory <dir>]`: a plugin package with
 * definePlugin and typed options, a test that trains a tiny model with it, a README, and a package.json that npm
 * can publish (core and tfjs as peers, the keyword `tfjs-trainer-plugin` the CLI discovers plugins by).
 */
export default async function pluginGenerator(
  tree: Tree,
  schema: PluginGeneratorSchema,
): Promise<() => void> {
  const options = normalizeOptions(schema);
  refuseNonEmptyDirectory(tree, options.directory);
  const versions = readWorkspaceVersions(tree);
  generateFiles(tree, TEMPLATES, options.directory, {
    ...options,
    versions,
    offsetFromRoot: offsetFromRoot(options.directory),
    tmpl: "",
  });
  if (!options.skipFormat) await formatFiles(tree);
  const outsideWorkspaces = !isWorkspaceFolder(tree, options.directory);
  return () => {
    if (!options.skipFormat) formatWithBiome(tree.root, options.directory);
    printNextSteps(options, outsideWorkspaces);
  };
}

/**
 * formatFiles only knows Prettier; this workspace formats with Biome, whose import sorting and line wrapping depend
 * on the names substituted, so the written files go through it once they are on disk.
 */
function formatWithBiome(root: string, directory: string): void {
  const biome = join(root, "node_modules", ".bin", "biome");
  if (!existsSync(biome)) {
    logger.warn(`Biome is not installed in ${root}: ${directory} was left unformatted`);
    return;
  }
  execFileSync(biome, ["check", "--write", directory], { cwd: root, stdio: "inherit" });
}

function refuseNonEmptyDirectory(tree: Tree, directory: string): void {
  if (tree.exists(directory) && tree.children(directory).length > 0) {
    throw new Error(`plugin generator: --directory "${directory}" already exists and is not empty`);
  }
}

/** Whether the root package.json's workspaces hold the folder (`packages/*` holds `packages/x`). */
function isWorkspaceFolder(tree: Tree, directory: string): boolean {
  if (!tree.exists("package.json")) return false;
  const { workspaces } = readJson<{ workspaces?: string[] | { packages?: string[] } }>(tree, "package.json");
  const globs = Array.isArray(workspaces) ? workspaces : (workspaces?.packages ?? []);
  const parent = directory.includes("/") ? directory.slice(0, directory.lastIndexOf("/")) : ".";
  return globs.includes(directory) || globs.includes(`${parent}/*`);
}

function printNextSteps(options: NormalizedOptions, outsideWorkspaces: boolean): void {
  if (outsideWorkspaces) {
    logger.warn(
      `${options.directory} is not under the workspaces of the root package.json: add it there, or npm will not ` +
        "link the new package",
    );
  }
  logger.info(
    [
      `created ${options.packageName} in ${options.directory}. Next:`,
      "  npm install   (links the new workspace package)",
      `  npx nx run ${options.packageName}:test   (trains a tiny model with the plugin)`,
      `  edit ${options.directory}/src/${options.fileName}.ts; publish with npm publish from ${options.directory}`,
    ].join("\n"),
  );
}
