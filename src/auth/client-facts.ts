import type { Context } from "hono";
import { clientIp } from "../lib/client-ip";
import type { AppEnv } from "../lib/context";

/** What a sign-in or a mailed link needs to know about the request, read once by the route. */
export interface ClientFacts {
  ip: string;
  /** The User-Agent header, cut to a length worth keeping. */
  userAgent: string;
  /** Where links in mails point: `APP_ORIGIN`, else this worker's own origin (the SPA is served here). */
  linkOrigin: string;
}

const USER_AGENT_MAX = 400;

export const clientFacts = <E extends AppEnv>(c: Context<E>): ClientFacts => ({
  ip: clientIp(c),
  userAgent: (c.req.header("User-Agent") ?? "").slice(0, USER_AGENT_MAX),
  linkOrigin: c.var.config.appOrigin ?? new URL(c.req.url).origin,
});

const ipv6Groups = (address: string): string[] | null => {
  const [head = "", tail, ...more] = address.split("::");
  if (more.length > 0) return null;
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right];
  return groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group)) ? groups : null;
};

/**
 * The part of an address the sessions list shows: its /24 (IPv4) or /48 (IPv6) network, enough to
 * tell "home" from "elsewhere" without keeping where exactly someone is. Anything else shows nothing.
 */
export const ipPrefix = (ip: string): string => {
  const v4 = ip.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (v4) {
    const octets = v4.slice(1, 4).map(Number);
    return octets.every((octet) => octet <= 255) ? `${octets.join(".")}.0/24` : "";
  }
  const groups = ip.includes(":") ? ipv6Groups(ip) : null;
  if (!groups) return "";
  return `${groups
    .slice(0, 3)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/48`;
};
