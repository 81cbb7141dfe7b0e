export { default, default as earlyStopping, PLUGIN_NAME } from "./early-stopping.js";
