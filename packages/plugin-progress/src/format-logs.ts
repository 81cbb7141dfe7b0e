/** Log keys whose values HF logs as Python ints (printed without a trailing `.0`); every other number is a float. */
const INT_KEYS = new Set(["num_input_tokens_seen", "step"]);

export interface FormatLogsOptions {
  /** Round `epoch` to two decimals, as HF's progress-bar callback does before writing the line (default false). */
  roundEpoch?: boolean;
}

/**
 * A log entry as HF prints it: Python's `str(dict)`, e.g. `{'loss': 0.6931, 'learning_rate': 5e-05, 'epoch': 1.0}`.
 * `total_flos` is left out (HF drops it from printed logs); the entry itself is not changed.
 */
export function formatLogs(logs: Readonly<Record<string, number>>, options: FormatLogsOptions = {}): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(logs)) {
    if (key === "total_flos") continue;
    const shown = key === "epoch" && options.roundEpoch ? roundHalfEven2(value) : value;
    parts.push(
      `${pyStr(key)}: ${INT_KEYS.has(key) && Number.isSafeInteger(shown) ? String(shown) : pyFloat(shown)}`,
    );
  }
  return `{${parts.join(", ")}}`;
}

/**
 * Python's `repr(float)`: the shortest digits that read back as the same double (what JS's toString picks too), in
 * fixed notation for exponents -4..15 and scientific (`1e-05`, `1.5e+16`) otherwise; integral values keep `.0`.
 */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const [mantissa, exponent] = Math.abs(x).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exp = Number(exponent);
  if (exp < -4 || exp >= 16) {
    const rest = digits.length > 1 ? `.${digits.slice(1)}` : "";
    return `${sign}${digits[0]}${rest}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  return `${sign}${whole}.${digits.slice(exp + 1) || "0"}`;
}

/**
 * Python's `round(x, 2)`: correctly rounded on the exact binary value, ties to even. Among doubles only the values
 * n + k/8 (k odd) are exact ties at the third decimal; every other value rounds as toFixed does.
 */
export function roundHalfEven2(x: number): number {
  if (!Number.isFinite(x)) return x;
  const scaled = x * 100; // exact for the tie values, which have at most 3 binary fraction digits
  if (Number.isInteger(x * 8) && !Number.isInteger(x * 4)) {
    const low = Math.floor(scaled);
    return (low % 2 === 0 ? low : low + 1) / 100;
  }
  return Number(x.toFixed(2));
}

/** Python's `repr(str)` for plain keys: single quotes unless the text holds one and no double quote. */
function pyStr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of text) {
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else out += ch;
  }
  return `${quote}${out}${quote}`;
}
