import { api, call } from "../api/client";

/**
 * The data requests of the pages a visit most often starts on (feed, a post, the studies list),
 * and their early start: for a signed-out visitor, main.tsx sends the current page's requests
 * before the first render, instead of the page sending them from its effects after its chunk
 * arrived and it first painted. The data is then on its way while the app loads and renders
 * (Lighthouse showed the feed's, a post's and the studies' content waiting on that chain).
 * A page takes an early answer once, only for exactly the request it would send; reloads ask again.
 */

interface Slot<T> {
  put(key: string, promise: Promise<T>): void;
  take(key: string): Promise<T> | undefined;
}

/**
 * An early answer is for the first render of the page: one left untaken (the visitor moved on
 * before the page's chunk arrived) must not stand in for a later visit's fresh request.
 */
const FRESH_FOR_MS = 10_000;

const slot = <T>(): Slot<T> => {
  let held: { key: string; promise: Promise<T>; at: number } | undefined;
  return {
    put(key, promise) {
      // A failure is the page's to show when it takes the promise, not an unhandled rejection.
      promise.catch(() => undefined);
      held = { key, promise, at: performance.now() };
    },
    take(key) {
      const fresh = held && held.key === key && performance.now() - held.at < FRESH_FOR_MS;
      const taken = fresh ? held?.promise : undefined;
      held = undefined;
      return taken;
    },
  };
};

export const postsPage = (feed: "latest" | "following", cursor?: string) =>
  call(api.posts.$get({ query: cursor ? { feed, cursor } : { feed } }));
export const popularPosts = async () => (await call(api.posts.popular.$get())).items;
export const postById = (id: string) => call(api.posts[":id"].$get({ param: { id } }));

export const STUDY_FILTERS = ["status", "mode", "tag", "q"] as const;
export const STUDIES_PAGE_SIZE = 12;

/** The studies list's request for the filters and page in its URL (`?status&mode&tag&q&page`). */
export const studiesQuery = (search: Partial<Record<string, string>>) => {
  const query: Record<string, string> = {};
  for (const name of STUDY_FILTERS) {
    const value = search[name];
    if (value) query[name] = value;
  }
  const page = Math.max(1, Number.parseInt(search.page ?? "1", 10) || 1);
  return {
    filters: { ...query },
    page,
    query: { ...query, page: String(page), pageSize: String(STUDIES_PAGE_SIZE) },
  };
};
export const studiesPage = (query: Record<string, string>) => call(api.studies.$get({ query }));

const early = {
  posts: slot<Awaited<ReturnType<typeof postsPage>>>(),
  popular: slot<Awaited<ReturnType<typeof popularPosts>>>(),
  post: slot<Awaited<ReturnType<typeof postById>>>(),
  studies: slot<Awaited<ReturnType<typeof studiesPage>>>(),
};

export const takeEarlyPosts = () => early.posts.take("latest");
export const takeEarlyPopular = () => early.popular.take("popular");
export const takeEarlyPost = (id: string) => early.post.take(id);
export const takeEarlyStudies = (query: Record<string, string>) => early.studies.take(JSON.stringify(query));

/** Called once by main.tsx, for a visitor known to be signed out (their answers carry no "mine"). */
export const startFirstRequests = (path: string, search: URLSearchParams) => {
  if (path === "/" && search.get("feed") !== "following") {
    early.posts.put("latest", postsPage("latest"));
    early.popular.put("popular", popularPosts());
    return;
  }
  const post = /^\/posts\/([^/]+)$/.exec(path)?.[1];
  if (post && post !== "new") {
    const id = decodeURIComponent(post);
    early.post.put(id, postById(id));
    return;
  }
  if (path === "/studies") {
    const { query } = studiesQuery(Object.fromEntries(search));
    early.studies.put(JSON.stringify(query), studiesPage(query));
  }
};
