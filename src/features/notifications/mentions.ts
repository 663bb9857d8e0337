import { type SQL, sql } from "drizzle-orm";
import { createDb, type Db } from "../../db/client";
import { users } from "../../db/schema";
import type { Env } from "../../env";
import { publishNotifications } from "./publish";
import { recordNotificationFanOut } from "./record";

/** Where a mention was made: a post's body, a comment on it, or a study room's message. */
export type MentionPlace = { postId: string; commentId?: string } | { roomId: string; seq: number };

/** The de-duplication key of a mention: the item it was made in (so two comments both notify). */
const targetOf = (place: MentionPlace) =>
  "roomId" in place ? roomMentionTarget(place.roomId, place.seq) : (place.commentId ?? place.postId);

/** A room mention's `target_id`: the room and the message's seq (API.md: `{type:"room", id, seq}`). */
export const roomMentionTarget = (roomId: string, seq: number) => `${roomId}:${seq}`;
export const parseRoomMentionTarget = (targetId: string) => Number(targetId.split(":")[1] ?? 0) || 0;

/**
 * The batchable statement that records a `mention` for each handle that names a user, with the
 * rules of every notification (never the actor, nothing across a block, nothing repeated for the
 * same item within 24 h); none when `handles` is empty. `recipients` narrows who may be named (a
 * study room's members). `onlyIf` is the batch's own condition (the post or comment was written).
 */
export const recordMentions = (
  db: Db,
  {
    handles,
    actorId,
    place,
    onlyIf,
    among,
  }: { handles: string[]; actorId: string; place: MentionPlace; onlyIf?: SQL; among?: string[] },
  now = Date.now(),
) =>
  recordNotificationFanOut(
    db,
    {
      recipients: sql`SELECT ${users.id} AS user_id FROM ${users} WHERE ${users.handle} IN (${sql.join(
        (handles.length > 0 ? handles : [""]).map((handle) => sql`${handle}`),
        sql`, `,
      )})${
        among
          ? sql` AND ${users.id} IN (${sql.join(
              among.map((id) => sql`${id}`),
              sql`, `,
            )})`
          : sql``
      }`,
      actorId,
      kind: "mention",
      targetId: targetOf(place),
      ...("roomId" in place ? { roomId: place.roomId } : { postId: place.postId }),
      ...("commentId" in place && place.commentId ? { commentId: place.commentId } : {}),
      // The recipient's `notify.mention` switch is honoured by `recordNotificationFanOut` itself.
      onlyIf: sql`${handles.length > 0 ? sql`1` : sql`0`} AND ${onlyIf ?? sql`1`}`,
    },
    now,
  );

/**
 * A study room's message mentioned some of its members: record their notifications and push them.
 * The ChatRoom calls this after the message is stored and broadcast (its `waitUntil`), so a message
 * never waits for D1; it has already narrowed `handles` to members other than the sender, and a
 * message without mentions never gets here.
 */
export const recordRoomMentions = async (
  env: Env,
  event: { roomId: string; seq: number; actorId: string; handles: string[]; memberIds: string[] },
): Promise<void> => {
  if (event.handles.length === 0 || event.memberIds.length === 0) return;
  const created = await recordMentions(createDb(env.DB), {
    handles: event.handles,
    actorId: event.actorId,
    place: { roomId: event.roomId, seq: event.seq },
    among: event.memberIds,
  });
  await publishNotifications(env, created);
};
