import { distance } from "fastest-levenshtein";

/**
 * The valid name closest to a misspelt one, or undefined when none is close enough to be a plausible typo.
 * "Close" scales with length (a third of the characters may differ), so short names need near-exact matches
 * while long snake_case names tolerate a missing word part.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase().replaceAll("-", "_");
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = distance(wanted, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const allowed = Math.max(1, Math.floor(Math.max(wanted.length, best.length) / 3));
  return bestDistance <= allowed ? best : undefined;
}
