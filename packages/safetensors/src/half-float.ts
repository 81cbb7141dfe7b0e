// One shared scratch word reinterprets float32 bits without allocating per element.
const scratchFloat = new Float32Array(1);
const scratchBits = new Uint32Array(scratchFloat.buffer);

/** IEEE 754 binary16 bits → the number they encode (exact: every half fits in a float32). */
export function float16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** bfloat16 bits → the number they encode (bfloat16 is the top half of a float32). */
export function bfloat16BitsToNumber(bits: number): number {
  scratchBits[0] = bits << 16;
  return scratchFloat[0];
}

/**
 * A number (first rounded to float32, as it is stored in a Float32Array) → binary16 bits, rounding to nearest even as
 * torch's `.half()` does; too large becomes ±Infinity, too small ±0, NaN stays a (quiet) NaN.
 */
export function numberToFloat16Bits(value: number): number {
  scratchFloat[0] = value;
  const bits = scratchBits[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200 | (mantissa >>> 13));
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Below 2^-25 even rounding cannot reach the smallest subnormal (2^-24).
    if (halfExponent < -10) return sign;
    const withImplicitBit = mantissa | 0x800000;
    const dropped = 14 - halfExponent;
    return sign | roundShift(withImplicitBit, dropped);
  }
  // A carry out of the mantissa bumps the exponent, which is the correct rounding (up to Infinity).
  return sign | ((halfExponent << 10) + roundShift(mantissa, 13));
}

/** A number (as float32) → bfloat16 bits, rounding to nearest even like torch's `.bfloat16()`. */
export function numberToBfloat16Bits(value: number): number {
  scratchFloat[0] = value;
  const bits = scratchBits[0];
  if ((bits & 0x7fffffff) > 0x7f800000) return ((bits >>> 16) | 0x40) & 0xffff;
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}

/** `value >> shift`, rounded to nearest with ties to even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const remainder = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return remainder > half || (remainder === half && (kept & 1) === 1) ? kept + 1 : kept;
}
