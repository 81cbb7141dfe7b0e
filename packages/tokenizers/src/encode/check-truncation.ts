import { TokenizerError } from "../errors";
import type { TruncationSettings } from "./backends";

/**
 * The Rust library aborts the whole process (a panic it does not turn into an error) when a sequence it must cut
 * keeps no more tokens than the stride, and its length arithmetic underflows when the special tokens alone exceed
 * maxLength. These checks mirror its truncation rules (`truncate_encodings`) and throw a clear error instead.
 */
export function checkSpecialTokensFit(settings: TruncationSettings, specialTokens: number): void {
  if (settings.maxLength < specialTokens) {
    throw new TokenizerError(
      `maxLength ${settings.maxLength} is smaller than the ${specialTokens} special tokens this input needs`,
    );
  }
}

/** `lengths`: tokens of the text (and of the pair) before truncation, special tokens excluded. */
export function checkStrideFits(
  lengths: number[],
  settings: TruncationSettings,
  specialTokens: number,
): void {
  if (settings.stride === 0) return;
  const cuts = cutLengths(lengths, settings.maxLength - specialTokens, settings.strategy);
  cuts.forEach((keep, i) => {
    // A sequence cut to nothing becomes one overflowing part; only a real cut is split into stride windows.
    if (keep !== undefined && keep > 0 && settings.stride >= keep) {
      throw new TokenizerError(
        `stride ${settings.stride} must be smaller than the ${keep} tokens truncation keeps of the ` +
          `${i === 0 ? "text" : "pair"} (maxLength ${settings.maxLength}, ${specialTokens} special tokens): ` +
          "lower stride or raise maxLength",
      );
    }
  });
}

/** The length each sequence is cut to, or undefined where it is left whole. */
function cutLengths(
  lengths: number[],
  room: number,
  strategy: TruncationSettings["strategy"],
): (number | undefined)[] {
  const total = lengths.reduce((sum, n) => sum + n, 0);
  const untouched = lengths.map(() => undefined);
  if (total <= room) return untouched;
  const cut = (kept: number[]) => kept.map((keep, i) => (keep < lengths[i] ? keep : undefined));
  if (room <= 0) return cut(lengths.map(() => 0));
  if (lengths.length === 1) return strategy === "OnlySecond" ? untouched : cut([room]);
  if (strategy === "LongestFirst") {
    let [n1, n2] = lengths;
    const swap = n1 > n2;
    if (swap) [n1, n2] = [n2, n1];
    n2 = n1 > room ? n1 : Math.max(n1, room - n1);
    if (n1 + n2 > room) {
      n1 = Math.floor(room / 2);
      n2 = n1 + (room % 2);
    }
    return cut(swap ? [n2, n1] : [n1, n2]);
  }
  const target = strategy === "OnlyFirst" ? 0 : 1;
  const toRemove = total - room;
  // A target shorter than what must go is the library's own (catchable) "sequence too short" error.
  if (lengths[target] <= toRemove) return untouched;
  const kept = [...lengths];
  kept[target] = lengths[target] - toRemove;
  return cut(kept);
}
