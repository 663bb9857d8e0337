import { users } from "../../db/schema";
import { imageUrl } from "../images/storage";

/** The public face of a user, embedded everywhere. Never carries an email. */
export interface UserCard {
  id: string;
  nickname: string;
  avatarUrl: string | null;
  bio: string;
}

/** The columns a UserCard needs, for `db.select(userCardColumns)` and joins. */
export const userCardColumns = {
  id: users.id,
  nickname: users.nickname,
  avatarKey: users.avatarKey,
  bio: users.bio,
};

export interface UserCardRow {
  id: string;
  nickname: string;
  avatarKey: string | null;
  bio: string;
}

export const toUserCard = (row: UserCardRow): UserCard => ({
  id: row.id,
  nickname: row.nickname,
  avatarUrl: row.avatarKey ? imageUrl(row.avatarKey) : null,
  bio: row.bio,
});
