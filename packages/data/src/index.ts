export * from "./collators/index.js";
export * from "./host-tensor.js";
