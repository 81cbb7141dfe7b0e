import { type Rng, shuffled } from "./random.js";
import { type Row, SPLIT_NAMES, type SplitName, type SplitSizes, type Splits } from "./types.js";

/** Keeps the first row of each key: duplicates would otherwise land in train and validation at once. */
export function dedupeBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
}

function requested(sizes: SplitSizes): SplitName[] {
  return SPLIT_NAMES.filter((name) => (sizes[name] ?? 0) > 0);
}

function total(sizes: SplitSizes): number {
  return requested(sizes).reduce((sum, name) => sum + (sizes[name] ?? 0), 0);
}

/** Fails naming the dataset when its source holds fewer rows than the sizes ask for. */
export function assertEnough(dataset: string, available: number, sizes: SplitSizes): void {
  if (available < total(sizes))
    throw new Error(
      `${dataset}: the source gives ${available} rows, fewer than the ${total(sizes)} asked for`,
    );
}

/**
 * Seeded shuffle, then consecutive slices: validation and test first (so their content does not depend on how
 * large train is), train from the rest.
 */
export function splitRows<T>(
  dataset: string,
  items: readonly T[],
  sizes: SplitSizes,
  rng: Rng,
): Splits<T & Row> {
  assertEnough(dataset, items.length, sizes);
  const order = shuffled(items, rng);
  const out: Splits<T & Row> = {};
  let at = 0;
  for (const name of ["validation", "test", "train"] as const) {
    const n = sizes[name] ?? 0;
    if (n <= 0) continue;
    out[name] = order.slice(at, at + n) as (T & Row)[];
    at += n;
  }
  return out;
}

/** Turns each split's chosen items into rows: the costly formatting is done for the chosen few only. */
export function mapSplits<T, R extends Row>(splits: Splits<T & Row>, toRow: (item: T) => R): Splits<R> {
  const out: Splits<R> = {};
  for (const name of SPLIT_NAMES) {
    const items = splits[name];
    if (items) out[name] = items.map(toRow);
  }
  return out;
}

export interface Group<T> {
  key: string;
  /** Computed when the group is taken, so a small size does not pay for sentence-splitting a whole book. */
  rows: () => T[];
}

/**
 * Splits whole groups (chapters, addresses, WordNet hypernyms): no group has rows in two splits, so a model is
 * evaluated on text it has not seen the neighbours of. Groups are taken in seeded order, rows within a group keep
 * their order (for language modelling the text stays contiguous), and each split is cut to its size. A group's rows
 * are computed in that seeded order too, so a filter shared across groups (dropping repeats) stays deterministic.
 */
export function splitByGroup<T>(
  dataset: string,
  groups: readonly Group<T>[],
  sizes: SplitSizes,
  rng: Rng,
): { splits: Splits<T & Row>; groupsOf: Partial<Record<SplitName, string[]>> } {
  const order = shuffled(groups, rng);
  const splits: Splits<T & Row> = {};
  const groupsOf: Partial<Record<SplitName, string[]>> = {};
  let next = 0;
  for (const name of ["validation", "test", "train"] as const) {
    const want = sizes[name] ?? 0;
    if (want <= 0) continue;
    const rows: T[] = [];
    const keys: string[] = [];
    while (rows.length < want && next < order.length) {
      const taken = order[next++];
      const groupRows = taken.rows();
      if (groupRows.length === 0) continue;
      rows.push(...groupRows);
      keys.push(taken.key);
    }
    if (rows.length < want)
      throw new Error(
        `${dataset}: the source ran out of groups for the ${name} split (${rows.length} < ${want})`,
      );
    splits[name] = rows.slice(0, want) as (T & Row)[];
    groupsOf[name] = keys;
  }
  return { splits, groupsOf };
}

/** "validation chapters: 12, 87" lines for the report on stderr. */
export function groupNotes(what: string, groupsOf: Partial<Record<SplitName, string[]>>): string[] {
  return (["validation", "test", "train"] as const)
    .filter((name) => groupsOf[name])
    .map((name) => {
      const keys = groupsOf[name] ?? [];
      const shown =
        keys.length > 12 ? `${keys.slice(0, 12).join(", ")} … (${keys.length} in all)` : keys.join(", ");
      return `${name} ${what}: ${shown}`;
    });
}
