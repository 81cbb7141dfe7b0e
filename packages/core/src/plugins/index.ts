export * from "./define-plugin.js";
export * from "./stages.js";
