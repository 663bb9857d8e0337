import * as z from "zod";
import type { Env } from "../env";

export interface RateRule {
  limit: number;
  windowSeconds: number;
}

/** "count/seconds", e.g. "100/3600" for 100 an hour. */
const rateRule = (fallback: RateRule) =>
  z
    .string()
    .regex(/^\d+\/\d+$/, 'expected "count/seconds"')
    .optional()
    .transform((value): RateRule => {
      if (!value) return fallback;
      const [limit, windowSeconds] = value.split("/").map(Number) as [number, number];
      return { limit, windowSeconds };
    });

const configSchema = z.object({
  JWT_SECRET: z
    .string({ error: "JWT_SECRET is not set (wrangler secret put JWT_SECRET, or .dev.vars locally)" })
    .min(32, "JWT_SECRET must be at least 32 characters"),
  APP_ORIGIN: z.url().optional(),
  GITHUB_CLIENT_ID: z.string().min(1).optional(),
  GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  // Web Push (RFC 8292): the application server's P-256 key pair, base64url (public: the 65-byte
  // uncompressed point; private: the 32-byte scalar `d`), and a contact URL for push services.
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{87}$/, "VAPID_PUBLIC_KEY must be the base64url P-256 public key (87 characters)")
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, "VAPID_PRIVATE_KEY must be the base64url P-256 private key (43 characters)")
    .optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, "VAPID_SUBJECT must be a mailto: or https: URL")
    .optional(),
  MAIL_FROM: z.email("MAIL_FROM must be an email address").optional(),
  MAIL_FROM_NAME: z.string().min(1).max(60).optional(),
  MAIL_OUTBOX: z.literal("dev", { error: 'MAIL_OUTBOX is either unset or "dev"' }).optional(),
  RATE_LIMIT_SIGNUP_IP: rateRule({ limit: 100, windowSeconds: 3600 }),
  RATE_LIMIT_LOGIN_EMAIL: rateRule({ limit: 10, windowSeconds: 900 }),
  RATE_LIMIT_LOGIN_IP: rateRule({ limit: 100, windowSeconds: 900 }),
  RATE_LIMIT_WRITES_USER: rateRule({ limit: 60, windowSeconds: 60 }),
  RATE_LIMIT_UPLOADS_USER: rateRule({ limit: 30, windowSeconds: 600 }),
});

export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
}

/** Web Push is on only when all three VAPID variables are set. */
export interface VapidConfig {
  publicKey: string;
  privateKey: string;
  subject: string;
}

export interface AppConfig {
  // ArrayBuffer-backed: WebCrypto (and the DOM typings the app compiles this under) want exactly that.
  jwtSecret: Uint8Array<ArrayBuffer>;
  appOrigin: string | null;
  github: OAuthClientConfig | null;
  google: OAuthClientConfig | null;
  vapid: VapidConfig | null;
  mail: { outbox: boolean; from: string | null; fromName: string | null };
  rateLimits: {
    signupPerIp: RateRule;
    failedLoginsPerEmail: RateRule;
    failedLoginsPerIp: RateRule;
    writesPerUser: RateRule;
    uploadsPerUser: RateRule;
  };
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

const oauthClient = (id?: string, secret?: string): OAuthClientConfig | null =>
  id && secret ? { clientId: id, clientSecret: secret } : null;

const cache = new WeakMap<Env, AppConfig>();

/**
 * Reads and checks the worker's variables once per isolate. A missing or malformed secret is a
 * ConfigError naming the variable, answered as a 500 with that message instead of failing later
 * in the middle of a request.
 */
export const readConfig = (env: Env): AppConfig => {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`OrGo is misconfigured: ${problems.join("; ")}`);
  }
  const vars = parsed.data;
  const config: AppConfig = {
    jwtSecret: new Uint8Array(new TextEncoder().encode(vars.JWT_SECRET)),
    appOrigin: vars.APP_ORIGIN ? new URL(vars.APP_ORIGIN).origin : null,
    github: oauthClient(vars.GITHUB_CLIENT_ID, vars.GITHUB_CLIENT_SECRET),
    google: oauthClient(vars.GOOGLE_CLIENT_ID, vars.GOOGLE_CLIENT_SECRET),
    vapid:
      vars.VAPID_PUBLIC_KEY && vars.VAPID_PRIVATE_KEY
        ? {
            publicKey: vars.VAPID_PUBLIC_KEY,
            privateKey: vars.VAPID_PRIVATE_KEY,
            subject: vars.VAPID_SUBJECT ?? "mailto:push@orgo.dev",
          }
        : null,
    mail: {
      outbox: vars.MAIL_OUTBOX === "dev",
      from: vars.MAIL_FROM ?? null,
      fromName: vars.MAIL_FROM_NAME ?? null,
    },
    rateLimits: {
      signupPerIp: vars.RATE_LIMIT_SIGNUP_IP,
      failedLoginsPerEmail: vars.RATE_LIMIT_LOGIN_EMAIL,
      failedLoginsPerIp: vars.RATE_LIMIT_LOGIN_IP,
      writesPerUser: vars.RATE_LIMIT_WRITES_USER,
      uploadsPerUser: vars.RATE_LIMIT_UPLOADS_USER,
    },
  };
  cache.set(env, config);
  return config;
};
