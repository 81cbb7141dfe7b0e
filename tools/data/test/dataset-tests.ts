import { expect, it } from "vitest";
import { TINY } from "../src/core/sizes.js";
import { readBytes, readRows, runTiny } from "./helpers.js";
import { INPUT_OF, ROW_CHECKS } from "./row-checks.js";

const SPLITS = ["train", "validation", "test"] as const;

/** The checks every dataset passes at --size tiny; called inside a describe per dataset (see dataset-groups.ts). */
export function datasetTests(name: string): void {
  // built once with --stats; the other tests read what it wrote
  const first = runTiny(name, 42, ["--stats"]);
  const rows = {
    train: readRows(first.dir, "train"),
    validation: readRows(first.dir, "validation"),
    test: readRows(first.dir, "test"),
  };

  it("writes a few dozen rows per split and logs what, from which package, under which license", () => {
    for (const split of SPLITS) expect(rows[split]).toHaveLength(TINY[split] ?? 0);
    const text = first.log.join("\n");
    expect(text).toMatch(/train\.jsonl: 48 rows/);
    expect(text).toMatch(/validation\.jsonl: 24 rows/);
    expect(text).toMatch(/source: /);
    expect(text).toMatch(/license: .{20,}/);
  });

  it("writes rows in the dataset's format", () => {
    const check = ROW_CHECKS[name];
    expect(check, `no row check for ${name}`).toBeDefined();
    check(rows);
  });

  it("puts no example in two splits", () => {
    const key = INPUT_OF[name];
    expect(key, `no input key for ${name}`).toBeDefined();
    const seen = new Map<string, string>();
    for (const split of SPLITS)
      for (const row of rows[split]) {
        const k = key(row);
        expect(seen.get(k) ?? split, `${name}: a row of ${split} is also in ${seen.get(k)}`).toBe(split);
        seen.set(k, split);
      }
  });

  it("writes the same bytes for the same seed, other bytes for another seed", () => {
    const again = runTiny(name, 42);
    const other = runTiny(name, 43);
    for (const split of SPLITS)
      expect(readBytes(again.dir, split).equals(readBytes(first.dir, split))).toBe(true);
    expect(SPLITS.some((split) => !readBytes(other.dir, split).equals(readBytes(first.dir, split)))).toBe(
      true,
    );
  });

  it("prints finite baselines with --stats", () => {
    expect(first.baselines?.length).toBeGreaterThan(0);
    for (const b of first.baselines ?? []) expect(Number.isFinite(b.value), b.name).toBe(true);
    expect(first.log.join("\n")).toMatch(/baselines on validation:/);
  });
}
