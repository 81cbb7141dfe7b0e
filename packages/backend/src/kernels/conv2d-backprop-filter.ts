import * as tf from "@tensorflow/tfjs";
import { requireInputs } from "./kernel-inputs.js";
import { asWasmBackend, type WasmBackend, withShape } from "./wasm-backend.js";
import { matMulOnWasm, type StockWasmKernels } from "./wasm-mat-mul.js";

interface Conv2DBackpropFilterAttrs {
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  filterShape: [number, number, number, number];
}

/**
 * The patches of x that each output position saw, one row per position: [batch·outH·outW, filterH·filterW·inC]
 * (im2col), zeros where the filter hung over the padding. x is NHWC.
 */
function im2col(wasm: WasmBackend, x: tf.TensorInfo, conv: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = conv;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, padInfo } = conv;
  const rowLength = filterHeight * filterWidth * inChannels;
  const patches = wasm.makeOutput([batchSize * outHeight * outWidth, rowLength], "float32");
  const out = wasm.typedArrayFromHeap(patches);
  const input = wasm.typedArrayFromHeap(x);
  let row = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, row++) {
        let at = row * rowLength;
        for (let fh = 0; fh < filterHeight; fh++) {
          const ih = oh * strideHeight - padInfo.top + fh * dilationHeight;
          for (let fw = 0; fw < filterWidth; fw++, at += inChannels) {
            const iw = ow * strideWidth - padInfo.left + fw * dilationWidth;
            if (ih < 0 || ih >= inHeight || iw < 0 || iw >= inWidth) {
              out.fill(0, at, at + inChannels);
            } else {
              const from = ((b * inHeight + ih) * inWidth + iw) * inChannels;
              out.set(input.subarray(from, from + inChannels), at);
            }
          }
        }
      }
    }
  }
  return patches;
}

/**
 * Conv2DBackpropFilter (the gradient of conv2d for its filter), which tfjs-backend-wasm lacks: dW = patchesᵀ·dy,
 * the patch matrix built in JS and the product on XNNPACK through matMulOnWasm. NCHW tensors are transposed to
 * NHWC first.
 */
export function makeConv2DBackpropFilterWasm(stock: StockWasmKernels): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const wasm = asWasmBackend(backend);
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
      attrs as unknown as Conv2DBackpropFilterAttrs;
    const channelsFirst = dataFormat === "NCHW";
    const temporaries: tf.TensorInfo[] = [];
    const toNhwc = (t: tf.TensorInfo) => {
      if (!channelsFirst) return t;
      const nhwc = stock.transpose({
        inputs: { x: t },
        backend,
        attrs: { perm: [0, 2, 3, 1] },
      }) as tf.TensorInfo;
      temporaries.push(nhwc);
      return nhwc;
    };
    try {
      const given = requireInputs(inputs, "Conv2DBackpropFilter", ["x", "dy"]);
      const x = toNhwc(given.x);
      const dy = toNhwc(given.dy);
      const conv = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        filterShape,
        strides,
        1,
        pad,
        dimRoundingMode,
        false,
        "channelsLast",
      );
      const patches = im2col(wasm, x, conv);
      temporaries.push(patches);
      const positions = conv.batchSize * conv.outHeight * conv.outWidth;
      const dyRows = withShape(dy, [positions, conv.outChannels]);
      const dw = matMulOnWasm(wasm, stock, patches, dyRows, true, false);
      return { ...dw, shape: [...filterShape] };
    } finally {
      for (const info of temporaries) wasm.disposeData(info.dataId);
    }
  };
}
