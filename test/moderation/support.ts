import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { call, errorCode, json, signUp, type TestUser } from "../helpers";

/** The role as the CLI (`npm run admin -- grant`) or an admin would set it, straight in D1. */
export const setRole = (user: TestUser, role: "member" | "moderator" | "admin") =>
  env.DB.prepare("UPDATE users SET role = ? WHERE id = ?").bind(role, user.id).run();

export const signUpAs = async (role: "member" | "moderator" | "admin", nickname: string = role) => {
  const user = await signUp(nickname);
  if (role !== "member") await setRole(user, role);
  return user;
};

/** A fresh cast: an anonymous caller has no user; the rest are signed up with their role. */
export const cast = async () => {
  const [member, moderator, admin] = await Promise.all([
    signUpAs("member", "회원"),
    signUpAs("moderator", "운영자"),
    signUpAs("admin", "관리자"),
  ]);
  return { member, moderator, admin };
};

export interface ReportJson {
  id: string;
  target: {
    type: string;
    id: string;
    preview: string;
    author: { id: string } | null;
    roomId?: string;
    postId?: string;
    context?: { id: string; body: string; deleted: boolean }[];
  };
  reason: string;
  note: string | null;
  reporter: { id: string } | null;
  reportCount: number;
  status: "open" | "resolved";
  resolution: { action: string; moderator: { id: string } | null; note: string | null; at: string } | null;
  createdAt: string;
}

export const report = async (
  reporter: TestUser,
  target: { type: string; id: string; roomId?: string },
  reason = "spam",
  note?: string,
) => {
  const response = await call("POST", "/api/reports", {
    token: reporter.token,
    body: note === undefined ? { target, reason } : { target, reason, note },
  });
  expect([200, 201]).toContain(response.status);
  return json<ReportJson>(response);
};

export const post = async (author: TestUser, title = "제목", body = "본문") => {
  const response = await call("POST", "/api/posts", { token: author.token, body: { title, body } });
  expect(response.status).toBe(201);
  return json<{ id: string; title: string }>(response);
};

export const resolve = (moderator: TestUser, reportId: string, body: Record<string, unknown>) =>
  call("POST", `/api/moderation/reports/${reportId}/resolve`, { token: moderator.token, body });

export const expectError = async (response: Response, status: number, code: string) => {
  expect(response.status).toBe(status);
  expect(await errorCode(response)).toBe(code);
};

export const me = async (user: TestUser) =>
  json<{
    role: string;
    suspendedUntil: string | null;
    suspensionReason: string | null;
    settings: { dmFrom: string; notify: Record<string, boolean> };
  }>(await call("GET", "/api/users/me", { token: user.token }));
