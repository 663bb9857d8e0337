/**
 * The one way to do work after a D1 write committed: `c.var.effects` (set by the `effects`
 * middleware), passed to domain functions as their last parameter. A domain function calls e.g.
 * `effects.notify(created)` once its batch returned; the effect runs after the answer, in
 * `waitUntil`, and its failure is logged, never thrown.
 *
 * Adding an effect kind:
 * 1. a file here, `src/effects/<kind>.ts`, exporting an interface (`MailEffects { sendMail(...) }`)
 *    and a factory `(context: EffectContext) => MailEffects` whose methods call `runLater`;
 * 2. add the interface to `Effects` and the factory to `createEffects` below.
 * Methods take named fields (`{ roomId, userId }`) and return nothing: the caller never waits
 * (except the realtime ones, below).
 * The realtime effects (`closeSessions`, `roomMembersChanged`, `blockChanged`, src/effects/realtime.ts)
 * are the one kind that runs at once and is awaited (see there why). `sendMail` hands a mail to
 * `src/mail/` (sent, or kept in the dev outbox).
 *
 * Tests observe effects by building them with their own `waitUntil` (see test/effects.ts) and
 * awaiting the collected work, then checking D1, R2 or the Durable Objects themselves.
 */
import { type AvatarEffects, avatarEffects } from "./avatars";
import { type MailEffects, mailEffects } from "./mail";
import { type NotifyEffects, notifyEffects } from "./notify";
import { type ObjectEffects, objectEffects } from "./objects";
import { type PushEffects, pushEffects } from "./push";
import { type RealtimeEffects, realtimeEffects } from "./realtime";
import { type RoomEffects, roomEffects } from "./rooms";
import type { EffectContext } from "./run";

export type { EffectContext } from "./run";

export type Effects = NotifyEffects &
  RoomEffects &
  RealtimeEffects &
  ObjectEffects &
  AvatarEffects &
  PushEffects &
  MailEffects;

export const createEffects = (context: EffectContext): Effects => ({
  ...notifyEffects(context),
  ...roomEffects(context),
  ...realtimeEffects(context),
  ...objectEffects(context),
  ...avatarEffects(context),
  ...pushEffects(context),
  ...mailEffects(context),
});
