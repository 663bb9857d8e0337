/**
 * The bare reference for OrGo's benchmarks: each route does the least the platform needs for the
 * figure it stands for, with no auth, no validation beyond numbers and no application logic.
 *
 * - `GET /rows?limit=20`: one indexed D1 read answered as JSON (a feed or detail page's floor).
 * - `POST /seed?n=…`: makes sure `items` holds at least `n` rows (one statement).
 * - `GET /room/:id/ws`: a hibernating room that relays each text frame to every other socket.
 * - `GET /stored-room/:id/ws`: the same room, storing each frame in its SQLite before relaying it
 *   (one row in a table without indexes): the floor of "durable before delivery", for comparison.
 * - `GET /inbox/:id/ws` + `POST /inbox/:id/push`: a hibernating inbox that pushes a body to its sockets.
 */
import { DurableObject } from "cloudflare:workers";
import { Hono } from "hono";

interface Env {
  DB: D1Database;
  ROOM: DurableObjectNamespace<BareRoom>;
  STORED_ROOM: DurableObjectNamespace<BareStoredRoom>;
  INBOX: DurableObjectNamespace<BareInbox>;
}

const autoPong = () => new WebSocketRequestResponsePair("ping", "pong");

const accept = (ctx: DurableObjectState): Response => {
  const { 0: client, 1: server } = new WebSocketPair();
  ctx.acceptWebSocket(server);
  return new Response(null, { status: 101, webSocket: client });
};

const sendQuietly = (ws: WebSocket, text: string) => {
  try {
    ws.send(text);
  } catch {
    // A socket that closed meanwhile must not stop the fan-out.
  }
};

export class BareRoom extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(autoPong());
  }

  override async fetch(): Promise<Response> {
    return accept(this.ctx);
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    if (typeof data !== "string") return;
    for (const other of this.ctx.getWebSockets()) if (other !== ws) sendQuietly(other, data);
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    ws.close(code === 1000 || (code >= 3000 && code <= 4999) ? code : 1000);
  }

  /** How many sockets the room holds, so the memory suite can check they all arrived. */
  async count(): Promise<number> {
    return this.ctx.getWebSockets().length;
  }
}

/**
 * `BareRoom` that writes each frame to its storage first: the output gate holds the relay until
 * that commit is durable, as it holds OrGo's room's broadcast. What OrGo's chat costs above this
 * is its own code; what this costs above `BareRoom` is the one commit a stored message needs.
 */
export class BareStoredRoom extends BareRoom {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS frames (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    if (typeof data !== "string") return;
    this.ctx.storage.sql.exec("INSERT INTO frames (body) VALUES (?)", data);
    await super.webSocketMessage(ws, data);
  }
}

export class BareInbox extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(autoPong());
  }

  override async fetch(): Promise<Response> {
    return accept(this.ctx);
  }

  async push(text: string): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) sendQuietly(ws, text);
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    ws.close(code === 1000 || (code >= 3000 && code <= 4999) ? code : 1000);
  }
}

const upgradeOnly = (request: Request) => request.headers.get("Upgrade")?.toLowerCase() === "websocket";

const app = new Hono<{ Bindings: Env }>()
  .get("/rows", async (c) => {
    const limit = Math.min(100, Math.max(1, Number(c.req.query("limit") ?? 20) || 20));
    const { results } = await c.env.DB.prepare(
      "SELECT id, created_at, title, body FROM items ORDER BY created_at DESC LIMIT ?",
    )
      .bind(limit)
      .all();
    return c.json({ items: results });
  })
  .post("/seed", async (c) => {
    const n = Math.min(1_000_000, Math.max(0, Number(c.req.query("n") ?? 1000) || 0));
    await c.env.DB.prepare(
      `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ?1)
       INSERT OR IGNORE INTO items (id, created_at, title, body)
       SELECT printf('item-%07d', i), 1700000000000 + i * 60000, printf('Item title number %d', i),
              printf('A body of about the length of a post excerpt, row %d. ', i) || substr(hex(randomblob(60)), 1, 120)
       FROM seq WHERE ?1 > 0`,
    )
      .bind(n)
      .run();
    const row = await c.env.DB.prepare("SELECT count(*) AS n FROM items").first<{ n: number }>();
    return c.json({ rows: row?.n ?? 0 });
  })
  .get("/room/:id/ws", (c) => {
    if (!upgradeOnly(c.req.raw)) return c.text("WebSocket only", 426);
    return c.env.ROOM.get(c.env.ROOM.idFromName(c.req.param("id"))).fetch(c.req.raw);
  })
  .get("/stored-room/:id/ws", (c) => {
    if (!upgradeOnly(c.req.raw)) return c.text("WebSocket only", 426);
    return c.env.STORED_ROOM.get(c.env.STORED_ROOM.idFromName(c.req.param("id"))).fetch(c.req.raw);
  })
  .get("/room/:id/count", async (c) =>
    c.json({ sockets: await c.env.ROOM.get(c.env.ROOM.idFromName(c.req.param("id"))).count() }),
  )
  .get("/inbox/:id/ws", (c) => {
    if (!upgradeOnly(c.req.raw)) return c.text("WebSocket only", 426);
    return c.env.INBOX.get(c.env.INBOX.idFromName(c.req.param("id"))).fetch(c.req.raw);
  })
  .post("/inbox/:id/push", async (c) => {
    await c.env.INBOX.get(c.env.INBOX.idFromName(c.req.param("id"))).push(await c.req.text());
    return c.body(null, 204);
  });

export default app;
