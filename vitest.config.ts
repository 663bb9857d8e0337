import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// wrangler.toml serves dist/web as static assets and the pool refuses a missing directory; the worker
// tests do not need the built app, so a fresh clone gets an empty one.
mkdirSync(fileURLToPath(new URL("./dist/web", import.meta.url)), { recursive: true });

// Tests run inside workerd with real D1, R2 and Durable Objects, configured from wrangler.toml.
export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(fileURLToPath(new URL("./migrations", import.meta.url))),
          JWT_SECRET: "test-secret-that-is-long-enough-0123456789",
          APP_ORIGIN: "http://127.0.0.1:8787",
          // Mails are kept in D1 and read back through GET /api/dev/outbox (never set in production).
          MAIL_OUTBOX: "dev",
          // Fake OAuth apps; the tests answer GitHub's and Google's endpoints by faking global fetch.
          GITHUB_CLIENT_ID: "test-github-client",
          GITHUB_CLIENT_SECRET: "test-github-secret",
          GOOGLE_CLIENT_ID: "test-google-client.apps.googleusercontent.com",
          GOOGLE_CLIENT_SECRET: "test-google-secret",
          // A test-only VAPID pair; the push tests fake the push service's endpoint by faking global fetch.
          VAPID_PUBLIC_KEY:
            "BLG7pZIarB8gcfKr-SpIRwYDg8Ua_boxiKgy8UcNhO9Y6oxVPduQ0-PVylBp8mHW9UPzvI6-0mrZCvfA5eBS9hE",
          VAPID_PRIVATE_KEY: "Y6_EfC4GqgrTct1heIaAAw27xT_CkKqBBCTpvAoTA24",
          VAPID_SUBJECT: "mailto:push-test@orgo.dev",
          // Generous so ordinary tests never trip them; the rate-limit tests override per key.
          RATE_LIMIT_SIGNUP_IP: "100000/3600",
          RATE_LIMIT_LOGIN_IP: "100000/900",
          RATE_LIMIT_WRITES_USER: "100000/60",
          RATE_LIMIT_UPLOADS_USER: "100000/600",
        },
      },
    })),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/browser/**"],
    setupFiles: ["./test/apply-migrations.ts"],
    testTimeout: 30_000,
    // `expect.poll` waits for work done after an answer; one second is too short on a loaded machine.
    expect: { poll: { timeout: 10_000 } },
  },
});
