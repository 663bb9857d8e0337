import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";

/** One per chat room: its sockets and its ordered message log (this object's SQLite storage). */
export class ChatRoom extends DurableObject<Env> {}
