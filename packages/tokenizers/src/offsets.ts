/**
 * Offsets count Unicode code points (Python's `str` indices, HF's `answer_start`); JavaScript strings index UTF-16
 * units, which differ after any character outside the Basic Multilingual Plane (emoji, for one). Converts a span
 * of `text` for `text.slice(start, end)`.
 */
export function charSpanToUtf16(text: string, [start, end]: [number, number]): [number, number] {
  const codePoints = Array.from(text);
  const startUnit = codePoints.slice(0, start).join("").length;
  return [startUnit, startUnit + codePoints.slice(start, end).join("").length];
}
