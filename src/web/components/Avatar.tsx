import type { UserCard } from "../api/types";
import { apiUrl } from "../lib/api-origin";

/** A picture, or the nickname's first letter on a colour derived from the id. */
export const Avatar = ({
  user,
  size = 32,
}: {
  user: Pick<UserCard, "id" | "nickname" | "avatarUrl">;
  size?: number;
}) => {
  if (user.avatarUrl) {
    return (
      <img class="avatar" src={apiUrl(user.avatarUrl)} alt="" width={size} height={size} loading="lazy" />
    );
  }
  let hash = 0;
  for (const char of user.id) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return (
    <span
      class={`avatar avatar-letter hue-${hash % 12}`}
      aria-hidden="true"
      data-size={size > 48 ? "large" : size < 28 ? "small" : "medium"}
    >
      {[...user.nickname][0] ?? "?"}
    </span>
  );
};
