import { defineConfig } from "drizzle-kit";

// Generates SQL migrations only; they are applied by `wrangler d1 migrations apply`
// (locally and remotely) and by the test pool, never by `drizzle-kit push`.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema.ts",
  out: "./migrations",
});
