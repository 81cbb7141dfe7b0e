import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The package.json keyword that marks a package as a tfjs-trainer plugin (the plugin generator adds it). */
export const PLUGIN_KEYWORD = "tfjs-trainer-plugin";

export interface InstalledPlugin {
  packageName: string;
  version: string;
  description: string;
  path: string;
}

/**
 * Plugin packages installed where a config could import them: every node_modules folder from `fromDir` up to the
 * root, as Node's resolution walks them; a package found nearer wins.
 */
export function discoverInstalledPlugins(fromDir: string): InstalledPlugin[] {
  const found = new Map<string, InstalledPlugin>();
  for (let dir = resolve(fromDir); ; dir = dirname(dir)) {
    const modules = join(dir, "node_modules");
    if (existsSync(modules)) {
      for (const packageDir of packageDirs(modules)) {
        const plugin = readPluginPackage(packageDir);
        if (plugin && !found.has(plugin.packageName)) found.set(plugin.packageName, plugin);
      }
    }
    if (dirname(dir) === dir) break;
  }
  return [...found.values()].sort((a, b) => a.packageName.localeCompare(b.packageName));
}

function packageDirs(modules: string): string[] {
  const dirs: string[] = [];
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith(".")) continue;
    if (entry.startsWith("@")) {
      for (const scoped of readdirSync(join(modules, entry))) dirs.push(join(modules, entry, scoped));
    } else dirs.push(join(modules, entry));
  }
  return dirs;
}

function readPluginPackage(dir: string): InstalledPlugin | undefined {
  let manifest: { name?: string; version?: string; description?: string; keywords?: unknown };
  try {
    manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  } catch {
    return undefined;
  }
  const keywords = Array.isArray(manifest.keywords) ? manifest.keywords : [];
  if (!manifest.name || !keywords.includes(PLUGIN_KEYWORD)) return undefined;
  return {
    packageName: manifest.name,
    version: manifest.version ?? "",
    description: manifest.description ?? "",
    path: dir,
  };
}
