import type { ComponentChildren } from "preact";
import type { UserCard } from "../api/types";
import { profileHref } from "../lib/profile-href";
import { Avatar } from "./Avatar";

/** People in a list; `note` adds a line under a person (a study's attendance rate, say). */
export const UserList = ({
  users,
  note,
  mark = (text) => text,
}: {
  users: UserCard[];
  note?: (user: UserCard) => string | null;
  /** Shows the name, handle and bio; the search page marks the matched terms (search finds handles too). */
  mark?: (text: string) => ComponentChildren;
}) => (
  <ul class="plain-list user-list">
    {users.map((user) => (
      <li key={user.id} class="card user-row">
        <Avatar user={user} size={40} />
        <div>
          <a href={profileHref(user)} class="strong">
            {mark(user.nickname)}
          </a>{" "}
          <span class="muted small">{mark(`@${user.handle}`)}</span>
          {user.bio && <p class="muted small">{mark(user.bio)}</p>}
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
