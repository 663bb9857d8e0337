// The seeded demo account (scripts/seed.mjs creates it; every seeded user has this password).
export const DEMO_EMAIL = "demo@orgo.dev";
export const DEMO_PASSWORD = "orgo-demo-1234";
