import { pyFloat } from "./format-logs.js";

/** What one bar line shows. */
export interface BarLineInput {
  value: number;
  /** Undefined when the number of items is not known: the line then shows a count, `7it [00:01, 5.20it/s]`. */
  total: number | undefined;
  /** Value when the bar started: the rate counts only the items done since. */
  startValue: number;
  elapsedMs: number;
  /** Appended inside the brackets, e.g. `loss=0.6931, learning_rate=5e-5`. */
  postfix: string;
  /** Columns available; the bar itself takes what the text leaves. */
  width: number;
}

const PARTIAL_BLOCKS = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/**
 * A tqdm-style line: ` 40%|████▍     | 4/10 [00:01<00:02, 3.20it/s, loss=0.6931]` for a known total, a count with
 * elapsed time and rate otherwise. Never wider than `width` (the bar shrinks, then is left out).
 */
export function formatBarLine(input: BarLineInput): string {
  const { value, total, startValue, elapsedMs, postfix, width } = input;
  const seconds = elapsedMs / 1000;
  const done = value - startValue;
  const rate = done > 0 && seconds > 0 ? done / seconds : undefined;
  const extra = postfix ? `, ${postfix}` : "";
  if (total === undefined) {
    return fit(`${value}it [${formatInterval(seconds)}, ${formatRate(rate)}${extra}]`, width);
  }
  const progress = total > 0 ? Math.min(Math.max(value / total, 0), 1) : 1;
  const remaining = rate === undefined ? "?" : formatInterval(Math.max(total - value, 0) / rate);
  const left = `${String(Math.floor(progress * 100)).padStart(3)}%|`;
  const right = `| ${value}/${total} [${formatInterval(seconds)}<${remaining}, ${formatRate(rate)}${extra}]`;
  const barWidth = width - left.length - right.length;
  if (barWidth < 1) return fit(`${left.slice(0, -1)} ${right.slice(2)}`, width);
  return `${left}${drawBar(progress, barWidth)}${right}`;
}

/** The bar's body in Unicode blocks, eighths for the last partial cell (tqdm's default on a UTF-8 terminal). */
export function drawBar(progress: number, width: number): string {
  const cells = progress * width;
  const full = Math.floor(cells);
  if (full >= width) return "█".repeat(width);
  const partial = PARTIAL_BLOCKS[Math.floor((cells - full) * 8)];
  return `${"█".repeat(full)}${partial}${" ".repeat(width - full - 1)}`;
}

/** tqdm's interval format: `mm:ss`, or `h:mm:ss` from an hour on. */
export function formatInterval(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** `3.20it/s`, or `1.50s/it` below one item a second; `?it/s` before the first item. */
export function formatRate(rate: number | undefined): string {
  if (rate === undefined || !Number.isFinite(rate)) return "?it/s";
  return rate >= 1 ? `${rate.toFixed(2)}it/s` : `${(1 / rate).toFixed(2)}s/it`;
}

/**
 * A number as the bar's postfix shows it: tqdm's compact form (`5e-5`, `0.6931`), with four significant digits
 * rather than tqdm's three, so that a loss moving in its fourth digit is seen to move; the full value when shorter.
 */
export function formatPostfixNumber(x: number): string {
  const short = formatG(x, 4).replace("e+0", "e+").replace("e-0", "e-");
  const full = pyFloat(x);
  return short.length < full.length ? short : full;
}

/** Python's `format(x, '.<precision>g')`. */
function formatG(x: number, precision: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return "0";
  const sign = x < 0 ? "-" : "";
  const [mantissa, exponent] = Math.abs(x)
    .toExponential(precision - 1)
    .split("e");
  const exp = Number(exponent);
  if (exp >= -4 && exp < precision) return sign + stripZeros(Math.abs(x).toFixed(precision - 1 - exp));
  return `${sign}${stripZeros(mantissa)}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

function stripZeros(fixed: string): string {
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}

function fit(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, Math.max(0, width));
}
