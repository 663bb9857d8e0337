import type { UserCard } from "../api/types";
import { Avatar } from "./Avatar";

/** People in a list; `note` adds a line under a person (a study's attendance rate, say). */
export const UserList = ({
  users,
  note,
}: {
  users: UserCard[];
  note?: (user: UserCard) => string | null;
}) => (
  <ul class="plain-list user-list">
    {users.map((user) => (
      <li key={user.id} class="card user-row">
        <Avatar user={user} size={40} />
        <div>
          <a href={`/users/${user.id}`} class="strong">
            {user.nickname}
          </a>
          {user.bio && <p class="muted small">{user.bio}</p>}
          {note?.(user) && (
            <p class="small" data-testid="member-note">
              {note(user)}
            </p>
          )}
        </div>
      </li>
    ))}
  </ul>
);
