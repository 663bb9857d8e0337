import * as z from "zod";
import { email, handle, language, newPassword, nickname } from "../features/account/schema";

export const signupBody = z
  .object({
    email,
    password: newPassword,
    nickname: nickname.optional(),
    handle: handle.optional(),
    language: language.optional(),
  })
  .strict()
  .refine((body) => body.password.toLowerCase() !== body.email.toLowerCase(), {
    path: ["password"],
    message: "비밀번호는 이메일과 달라야 합니다.",
  });

export const loginBody = z
  .object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(256) })
  .strict();

/** A token from a mailed link: base64url, 43 characters as we make them. */
const token = z.string().min(1).max(200);

export const tokenBody = z.object({ token }).strict();

export const forgotBody = z.object({ email: z.string().trim().min(1).max(254) }).strict();

export const resetBody = z.object({ token, newPassword }).strict();
