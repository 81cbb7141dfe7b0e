export {
  BACKEND_NAMES,
  type BackendChoice,
  type BackendName,
  BackendUnavailableError,
  setupBackend,
} from "./setup-backend.js";
