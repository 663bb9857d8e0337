/**
 * The typed client imports `AppType`, so this DOM program also type-checks the worker's sources
 * (their route outputs are the client's types). Both the DOM lib and @cloudflare/workers-types
 * (listed in tsconfig "types" so D1Database, R2Bucket, DurableObject, … resolve) declare the web
 * platform globals; the DOM lib's declarations win and skipLibCheck hides the duplicate-declaration
 * noise inside the two .d.ts files. Members only Workers have are added back here.
 *
 * tsconfig.json also lists the ES libs one by one WITHOUT the `*.sharedmemory` parts: with no
 * SharedArrayBuffer, `ArrayBufferLike` is just `ArrayBuffer`, so the worker's bare `Uint8Array`s
 * satisfy the DOM lib's strict `BufferSource`/`BlobPart` as they satisfy the Workers types. The SPA
 * cannot use SharedArrayBuffer anyway (it needs cross-origin isolation, which we do not enable).
 */
interface SubtleCrypto {
  /** Workers-only constant-time comparison (src/auth/password.ts). */
  timingSafeEqual(a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView): boolean;
}
