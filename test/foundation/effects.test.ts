import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { setAvatar } from "../../src/features/account/service";
import { observedEffects } from "../effects";
import { signUp } from "../helpers";
import { db, png } from "../social/support";

const avatarKeyOf = async (userId: string) =>
  (
    await env.DB.prepare("SELECT avatar_key FROM users WHERE id = ?")
      .bind(userId)
      .first<{ avatar_key: string }>()
  )?.avatar_key ?? null;

describe("effects", () => {
  it("run after the domain function returns, and a test can await them", async () => {
    const user = await signUp();
    const { effects, settled } = observedEffects();
    const file = () => new File([png()], "a.png", { type: "image/png" });

    await setAvatar(db(), env.IMAGES, { userId: user.id, file: file() }, effects);
    const first = await avatarKeyOf(user.id);
    expect(first).not.toBeNull();
    await setAvatar(db(), env.IMAGES, { userId: user.id, file: file() }, effects);
    await settled();

    // The replaced avatar's object went from R2 after the commit; the new one is there.
    expect(await env.IMAGES.head(first ?? "")).toBeNull();
    expect(await env.IMAGES.head((await avatarKeyOf(user.id)) ?? "")).not.toBeNull();
  });
});
