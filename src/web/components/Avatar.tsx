import type { UserCard } from "../api/types";
import { apiUrl } from "../lib/api-origin";

/** The sizes styles.css draws (`.avatar-N`): a picture and a letter of one size are the same box. */
export type AvatarSize = 24 | 28 | 32 | 36 | 40 | 72;

/** A picture, or the nickname's first letter on a colour derived from the id. */
export const Avatar = ({
  user,
  size = 32,
}: {
  user: Pick<UserCard, "id" | "nickname" | "avatarUrl">;
  size?: AvatarSize;
}) => {
  if (user.avatarUrl) {
    return (
      <img
        class={`avatar avatar-${size}`}
        src={apiUrl(user.avatarUrl)}
        alt=""
        width={size}
        height={size}
        loading="lazy"
        decoding="async"
      />
    );
  }
  let hash = 0;
  for (const char of user.id) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return (
    <span class={`avatar avatar-${size} avatar-letter hue-${hash % 12}`} aria-hidden="true">
      {[...user.nickname][0] ?? "?"}
    </span>
  );
};
