import { names, normalizePath } from "@nx/devkit";
import validatePackageName from "validate-npm-package-name";
import type { PluginGeneratorSchema } from "./schema.js";

/** Everything the templates are filled with, derived from the options. */
export interface NormalizedOptions {
  /** kebab-case, as given: the source file's name. */
  fileName: string;
  /** PascalCase: the options type's prefix and the checkpoint state key (HF keys callback state by class name). */
  className: string;
  /** camelCase: the default import's name in examples. */
  propertyName: string;
  packageName: string;
  description: string;
  /** Relative to the workspace root, without a trailing slash. */
  directory: string;
  skipFormat: boolean;
}

const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Checks the options (errors name the option) and fills in the defaults. */
export function normalizeOptions(options: PluginGeneratorSchema): NormalizedOptions {
  const name = options.name?.trim() ?? "";
  if (!KEBAB_CASE.test(name)) {
    throw new Error(
      `plugin generator: --name "${name}" must be kebab-case (lowercase letters, digits, single dashes), e.g. ema-weights`,
    );
  }
  const packageName = options.packageName?.trim() || `@tfjs-trainer/${name}`;
  const validity = validatePackageName(packageName);
  if (!validity.validForNewPackages) {
    const reasons = [...(validity.errors ?? []), ...(validity.warnings ?? [])].join("; ");
    throw new Error(
      `plugin generator: --packageName "${packageName}" is not a valid npm package name: ${reasons}`,
    );
  }
  const directory = normalizeDirectory(options.directory ?? `packages/${name}`);
  const { className, propertyName, fileName } = names(name);
  return {
    fileName,
    className,
    propertyName,
    packageName,
    description: options.description?.trim() || `A tfjs-trainer plugin: ${name}`,
    directory,
    skipFormat: options.skipFormat ?? false,
  };
}

/** A folder inside the workspace: relative, without `..`, so the generator never writes outside the tree. */
function normalizeDirectory(raw: string): string {
  const directory = normalizePath(raw.trim()).replace(/^\.\//, "").replace(/\/+$/, "");
  if (directory === "" || directory.startsWith("/") || /^[A-Za-z]:/.test(directory)) {
    throw new Error(`plugin generator: --directory "${raw}" must be a folder relative to the workspace root`);
  }
  if (directory.split("/").includes("..")) {
    throw new Error(`plugin generator: --directory "${raw}" must stay inside the workspace (no "..")`);
  }
  return directory;
}
