import type { UserCard } from "../api/types";
import { useLatestCard } from "../lib/latest-card";
import { profileHref } from "../lib/profile-href";
import { Avatar, type AvatarSize } from "./Avatar";

/** Picture and nickname linking to the profile; one's own always as the account is now. */
export const UserLink = ({
  user,
  size,
}: {
  user: Pick<UserCard, "id" | "nickname" | "avatarUrl"> & { handle?: string };
  size: AvatarSize;
}) => {
  const latest = useLatestCard(user);
  return (
    <a class="user-link" href={profileHref(latest)}>
      <Avatar user={latest} size={size} />
      <span>{latest.nickname}</span>
    </a>
  );
};
