import { currentUser } from "../api/session";
import type { UserCard } from "../api/types";
import { useStore } from "./store";

/**
 * A user card as the page should show it: lists fetched before a profile edit still carry the old
 * nickname and picture, so the signed-in person's own card is taken from the current account.
 */
export const useLatestCard = <Card extends Pick<UserCard, "id" | "nickname" | "avatarUrl">>(
  card: Card,
): Card => {
  const me = useStore(currentUser);
  return me && me.id === card.id
    ? {
        ...card,
        nickname: me.nickname,
        avatarUrl: me.avatarUrl,
        ...("handle" in card ? { handle: me.handle } : {}),
      }
    : card;
};
