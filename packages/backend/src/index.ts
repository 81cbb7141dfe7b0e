export { type BackendChoice, type BackendName, BACKEND_NAMES, BackendUnavailableError, setupBackend } from "./setup-backend.js";
