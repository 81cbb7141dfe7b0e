import { closest, distance } from "fastest-levenshtein";

/** The candidate nearest to a misspelt name, when it is near enough to be what was meant. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(name, candidates as string[]);
  return distance(name, best) <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

export function didYouMean(name: string, candidates: readonly string[]): string {
  const suggestion = closestName(name, candidates);
  return suggestion ? ` (did you mean "${suggestion}"?)` : "";
}
