import type { UserCard } from "../api/types";
import { Avatar } from "./Avatar";

export const UserList = ({ users }: { users: UserCard[] }) => (
  <ul class="plain-list user-list">
    {users.map((user) => (
      <li key={user.id} class="card user-row">
        <Avatar user={user} size={40} />
        <div>
          <a href={`/users/${user.id}`} class="strong">
            {user.nickname}
          </a>
          {user.bio && <p class="muted small">{user.bio}</p>}
        </div>
      </li>
    ))}
  </ul>
);
