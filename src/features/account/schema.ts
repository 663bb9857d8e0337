import * as z from "zod";
import { HANDLE_PATTERN, normalizeHandle } from "../../shared/handle";
import { BIO_MAX, NICKNAME_MAX } from "../../shared/limits";
import { notificationKinds } from "../../shared/notification-kinds";
import { dmFromValues } from "../../shared/settings";
import { wellFormedText } from "../../shared/text";

export const nickname = z
  .string()
  .check(wellFormedText)
  .trim()
  .min(1, "닉네임을 입력하세요.")
  .max(NICKNAME_MAX, "닉네임은 30자 이하입니다.");
export const bio = z.string().check(wellFormedText).max(BIO_MAX, "소개는 300자 이하입니다.");
export const email = z.string().trim().max(254).pipe(z.email("이메일 형식이 아닙니다."));
export const newPassword = z
  .string()
  .min(8, "비밀번호는 8자 이상입니다.")
  .max(256, "비밀번호는 256자 이하입니다.");

const notifyChanges = z.partialRecord(z.enum(notificationKinds), z.boolean());

export const settingsChanges = z
  .object({ dmFrom: z.enum(dmFromValues).optional(), notify: notifyChanges.optional() })
  .strict();

/** Typed with or without `@`, in any case; checked and stored lower-case. */
export const handle = z
  .string()
  .max(64)
  .transform(normalizeHandle)
  .pipe(z.string().regex(HANDLE_PATTERN, "핸들은 영문 소문자, 숫자, _로 3~20자입니다."));

export const language = z.enum(["ko", "en"]);

export const updateMeBody = z
  .object({
    nickname: nickname.optional(),
    bio: bio.optional(),
    handle: handle.optional(),
    language: language.optional(),
    settings: settingsChanges.optional(),
  })
  .strict();

export const changePasswordBody = z
  .object({ currentPassword: z.string().max(256).optional(), newPassword })
  .strict();

export const deleteAccountBody = z.union([
  z.object({ password: z.string().min(1).max(256) }).strict(),
  z.object({ confirm: z.literal("DELETE") }).strict(),
]);

export const avatarForm = z.object({ file: z.instanceof(File, { message: "file is required" }) });

/** Issue 12: `password` is the re-authentication; a social-only account sends none (see reauth.ts). */
export const changeEmailBody = z
  .object({ newEmail: email, password: z.string().min(1).max(256).optional() })
  .strict();

export const endSessionsBody = z.object({ password: z.string().min(1).max(256).optional() }).strict();
