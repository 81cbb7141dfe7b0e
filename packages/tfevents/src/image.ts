import { type ColorType, PNG } from "pngjs";
import type { ImageProto } from "./messages.js";

/**
 * Pixels in height × width × channels order (HWC). A Uint8Array / Uint8ClampedArray holds bytes 0..255; any other
 * array holds floats in [0, 1], scaled by 255, clipped and truncated as torch's `add_image` does.
 */
export interface ImageInit {
  data: ArrayLike<number>;
  height: number;
  width: number;
  /** 1 grey, 2 grey + alpha, 3 RGB (default), 4 RGBA. */
  channels?: 1 | 2 | 3 | 4;
}

const PNG_COLOR_TYPE: Record<number, ColorType> = { 1: 0, 2: 4, 3: 2, 4: 6 };

/** The image as bytes, HWC. */
export function imageBytes(image: ImageInit): Uint8Array {
  const channels = image.channels ?? 3;
  if (!(channels in PNG_COLOR_TYPE))
    throw new RangeError(`image: channels must be 1, 2, 3 or 4, got ${channels}`);
  const { height, width, data } = image;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new RangeError(`image: height and width must be positive integers, got ${height}×${width}`);
  }
  const expected = height * width * channels;
  if (data.length !== expected) {
    throw new RangeError(
      `image: ${height}×${width}×${channels} needs ${expected} values, got ${data.length}`,
    );
  }
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) return Uint8Array.from(data);
  const out = new Uint8Array(expected);
  for (let i = 0; i < expected; i++) {
    const v = data[i] * 255;
    out[i] = Number.isNaN(v) ? 0 : Math.trunc(Math.min(255, Math.max(0, v)));
  }
  return out;
}

/** PNG bytes of the image, in the colour type of its channels (as PIL writes an L / LA / RGB / RGBA image). */
export function encodePng(image: ImageInit): Uint8Array {
  const channels = image.channels ?? 3;
  const bytes = imageBytes(image);
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const colorType = PNG_COLOR_TYPE[channels];
  return new Uint8Array(PNG.sync.write(png, { colorType, inputColorType: colorType }));
}

/** The Summary.Image torch's `add_image` writes: the PNG with its size and channel count. */
export function makeImage(image: ImageInit): ImageProto {
  return {
    height: image.height,
    width: image.width,
    colorspace: image.channels ?? 3,
    encoded_image_string: encodePng(image),
  };
}
