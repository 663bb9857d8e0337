import { jwtVerify, SignJWT } from "jose";
import { newId } from "../lib/ids";

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

/** A ticket opens one WebSocket: it names its session and carries an id the user's inbox admits once. */
export const signTicket = (
  secret: Uint8Array<ArrayBuffer>,
  { userId, sessionId }: { userId: string; sessionId: string },
) =>
  new SignJWT({ sid: sessionId })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience("ws")
    .setJti(newId())
    .setIssuedAt()
    .setExpirationTime(`${TICKET_SECONDS}s`)
    .sign(secret);

export interface Ticket {
  userId: string;
  sessionId: string;
  ticketId: string;
  /** `iat` and `exp`, in seconds. */
  issuedAt: number;
  expiresAt: number;
}

/** The ticket's claims when its signature, audience and lifetime check out and it names a session. */
export const verifyTicket = async (
  secret: Uint8Array<ArrayBuffer>,
  ticket: string,
): Promise<Ticket | null> => {
  try {
    const { payload } = await jwtVerify(ticket, secret, {
      issuer: ISSUER,
      audience: "ws",
      algorithms: ["HS256"],
    });
    const { sub, sid, jti, iat, exp } = payload;
    if (typeof sub !== "string" || typeof sid !== "string" || typeof jti !== "string") return null;
    if (typeof iat !== "number" || typeof exp !== "number") return null;
    return { userId: sub, sessionId: sid, ticketId: jti, issuedAt: iat, expiresAt: exp };
  } catch {
    return null;
  }
};
