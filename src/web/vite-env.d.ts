/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The API's origin when the app is not served by the worker itself (see README, Deploying). */
  readonly VITE_API_ORIGIN?: string;
}
