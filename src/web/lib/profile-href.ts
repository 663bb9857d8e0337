/** A profile's address: `/@handle` (API.md), or `/users/:id` for a card without one (old messages). */
export const profileHref = (user: { id: string; handle?: string }) =>
  user.handle ? `/@${user.handle}` : `/users/${user.id}`;
