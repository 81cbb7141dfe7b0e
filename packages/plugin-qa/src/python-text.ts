/**
 * The characters Python's `str.isspace()` accepts (what `str.split()` and `str.lstrip()` use), written as regex
 * escapes: JavaScript's `\s` differs (it lacks \x1c-\x1f and \x85, and has \ufeff).
 */
const PY_WHITESPACE_CLASS =
  "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const PY_WHITESPACE_RUN = new RegExp(`[${PY_WHITESPACE_CLASS}]+`, "u");
const PY_LEADING_WHITESPACE = new RegExp(`^[${PY_WHITESPACE_CLASS}]+`, "u");

/** Python's `s.split()`: runs of whitespace separate, none at either end. */
export function pythonSplit(s: string): string[] {
  return s.split(PY_WHITESPACE_RUN).filter((t) => t !== "");
}

/** Python's `s.lstrip()`. */
export function pythonLstrip(s: string): string {
  return s.replace(PY_LEADING_WHITESPACE, "");
}
