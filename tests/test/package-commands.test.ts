import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" });

/** Every workspace package's commands (package.json "bin"), with the file each names, relative to the root. */
function commands(): { pkg: string; name: string; file: string }[] {
  const manifests = git("ls-files", "*package.json")
    .split("\n")
    .filter(
      (path) => path.endsWith("package.json") && !path.includes("node_modules") && path !== "package.json",
    );
  return manifests.flatMap((manifest) => {
    const { name: pkg, bin } = JSON.parse(readFileSync(join(root, manifest), "utf8")) as {
      name: string;
      bin?: Record<string, string>;
    };
    return Object.entries(bin ?? {}).map(([name, file]) => ({
      pkg,
      name,
      file: normalize(join(dirname(manifest), file)),
    }));
  });
}

describe("package commands are linked by a plain npm install", () => {
  // npm links a workspace package's commands at install time, before any build, and skips a command whose file is
  // missing: a command pointing into dist/ is absent from a fresh clone after `npm ci`
  const all = commands();

  it("finds the repository's commands", () => {
    expect(all.map((c) => c.name)).toEqual(expect.arrayContaining(["tfjs-trainer", "tfjs-trainer-data"]));
  });

  it.each(all.map((c) => [c.name, c]))(
    "%s names a committed, executable node script outside dist/",
    (_, c) => {
      expect(c.file.split("/")).not.toContain("dist");
      const [mode] = git("ls-files", "-s", "--", c.file).split(" ");
      expect(mode, `${c.file} (of ${c.pkg}) is not committed`).toBe("100755");
      expect(readFileSync(join(root, c.file), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    },
  );
});
