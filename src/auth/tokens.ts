import { jwtVerify, SignJWT } from "jose";

export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const TICKET_SECONDS = 60;
const ISSUER = "orgo";

type Audience = "api" | "ws";

const sign = (
  secret: Uint8Array<ArrayBuffer>,
  userId: string,
  audience: Audience,
  seconds: number,
  sessionId?: string,
) =>
  new SignJWT(sessionId ? { sid: sessionId } : {})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${seconds}s`)
    .sign(secret);

export interface TokenSubject {
  userId: string;
  sessionId: string | null;
}

/** The token's subject, or null for any invalid, expired or wrong-audience token. */
const verify = async (
  secret: Uint8Array<ArrayBuffer>,
  token: string,
  audience: Audience,
): Promise<TokenSubject | null> => {
  try {
    const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, audience, algorithms: ["HS256"] });
    if (typeof payload.sub !== "string") return null;
    return { userId: payload.sub, sessionId: typeof payload.sid === "string" ? payload.sid : null };
  } catch {
    return null;
  }
};

export const signAccessToken = (
  secret: Uint8Array<ArrayBuffer>,
  { userId, sessionId }: { userId: string; sessionId: string },
) => sign(secret, userId, "api", ACCESS_TOKEN_SECONDS, sessionId);
export const verifyAccessToken = (secret: Uint8Array<ArrayBuffer>, token: string) =>
  verify(secret, token, "api");

export const signTicket = (secret: Uint8Array<ArrayBuffer>, userId: string) =>
  sign(secret, userId, "ws", TICKET_SECONDS);
export const verifyTicket = (secret: Uint8Array<ArrayBuffer>, ticket: string) => verify(secret, ticket, "ws");
