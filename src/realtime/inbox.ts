import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";

/** One per user: that user's open tabs, to which notifications and unread counts are pushed. */
export class Inbox extends DurableObject<Env> {}
