import { dirname, isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { resolve as resolveImport } from "import-meta-resolve";
import { type PluginFactory, type PluginInstance, PluginOptionsError } from "tfjs-trainer";
import { ConfigError } from "../config/config-error.js";
import type { PluginEntry } from "../config/config-schema.js";
import { didYouMean } from "../config/suggest.js";
import { BUILTIN_PLUGINS, builtinPlugin } from "./builtin-plugins.js";

/** A config's plugin entry, loaded and with its options validated. */
export interface ResolvedPlugin {
  /** As written in the config. */
  name: string;
  factory: PluginFactory;
  /** The options as written in the config (before the plugin's schema filled in its defaults). */
  options: unknown;
  instance: PluginInstance;
}

/**
 * Loads each `plugins:` entry: a built-in short name, or a package name / local path resolved from the config file's
 * folder (as Node resolves an import written in that folder), whose default export (or `plugin` export) is a
 * `definePlugin` factory; then validates its options by the plugin's schema. Every failure names the config file,
 * the entry and the plugin.
 */
export async function resolvePlugins(
  entries: readonly PluginEntry[],
  configFile: string,
): Promise<ResolvedPlugin[]> {
  const resolved: ResolvedPlugin[] = [];
  for (const [index, entry] of entries.entries()) {
    const [name, options] = typeof entry === "string" ? [entry, undefined] : entry;
    const field = `plugins[${index}]`;
    const factory = await loadPluginFactory(name, configFile, field);
    resolved.push({ name, factory, options, instance: instantiate(factory, options, configFile, field) });
  }
  return resolved;
}

export async function loadPluginFactory(
  name: string,
  configFile: string,
  field: string,
): Promise<PluginFactory> {
  const builtin = builtinPlugin(name);
  if (builtin) return builtin;
  const url = resolvePluginUrl(name, configFile, field);
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(
      configFile,
      field,
      `cannot load plugin module ${url}: ${(error as Error).message}`,
      name,
    );
  }
  const factory = [module.default, module.plugin].find(isPluginFactory);
  if (!factory) {
    throw new ConfigError(
      configFile,
      field,
      "the module exports no plugin (expected a definePlugin(...) result as its default export or as `plugin`)",
      name,
    );
  }
  return factory;
}

function resolvePluginUrl(name: string, configFile: string, field: string): string {
  const configUrl = pathToFileURL(resolve(configFile)).href;
  if (name.startsWith(".") || isAbsolute(name)) {
    return pathToFileURL(resolve(dirname(resolve(configFile)), name)).href;
  }
  try {
    return resolveImport(name, configUrl);
  } catch {
    const hint = didYouMean(name, Object.keys(BUILTIN_PLUGINS));
    throw new ConfigError(
      configFile,
      field,
      `unknown plugin${hint}: not a built-in (${Object.keys(BUILTIN_PLUGINS).join(", ")}) and no package ` +
        `"${name}" is installed where ${configFile} is (npm install it, or give a path starting with ./)`,
      name,
    );
  }
}

function isPluginFactory(value: unknown): value is PluginFactory {
  return typeof value === "function" && typeof (value as PluginFactory).pluginName === "string";
}

function instantiate(
  factory: PluginFactory,
  options: unknown,
  configFile: string,
  field: string,
): PluginInstance {
  rejectUnknownOptions(factory, options, configFile, field);
  try {
    return factory(options);
  } catch (error) {
    if (error instanceof PluginOptionsError) {
      const detail = error.issues.map((i) => `${i.path || "(options)"}: ${i.message}`).join("; ");
      throw new ConfigError(configFile, field, `invalid options: ${detail}`, factory.pluginName);
    }
    throw new ConfigError(configFile, field, (error as Error).message, factory.pluginName);
  }
}

/** A plugin schema may accept unknown keys; a config must not, or a misspelt option would silently do nothing. */
function rejectUnknownOptions(
  factory: PluginFactory,
  options: unknown,
  configFile: string,
  field: string,
): void {
  // Duck-typed: a published plugin may bring its own copy of zod, so instanceof would not see its objects.
  const shape = (factory.optionsSchema as { shape?: unknown } | undefined)?.shape;
  if (!shape || typeof shape !== "object" || options === null || typeof options !== "object") return;
  const known = Object.keys(shape);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ConfigError(
        configFile,
        `${field}.${key}`,
        `unknown option${didYouMean(key, known)} (options: ${known.join(", ") || "none"})`,
        factory.pluginName,
      );
    }
  }
}
