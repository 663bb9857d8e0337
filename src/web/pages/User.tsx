import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { BIO_MAX, NICKNAME_MAX } from "../../shared/limits";
import { setMe } from "../api/auth";
import { api, call } from "../api/client";
import { currentUser } from "../api/session";
import type { FollowCard, Me, Page, PostSummary } from "../api/types";
import { Avatar } from "../components/Avatar";
import { ModeratorTools } from "../components/ModeratorTools";
import { PostList } from "../components/PostCard";
import { ProfileAttendance } from "../components/ProfileAttendance";
import { ReportButton } from "../components/ReportButton";
import { Empty, ErrorBox, FieldError, ListFoot, LoadError, Loading } from "../components/States";
import { Tabs } from "../components/Tabs";
import { UserList } from "../components/UserList";
import { t } from "../i18n";
import { isPostSummary, isUserCard } from "../lib/item-kinds";
import { loginUrl, navigate } from "../lib/nav";
import { useStore } from "../lib/store";
import { useTitle } from "../lib/title";
import { useAction, useCursorList, useLoad } from "../lib/use-load";
import { NotFound as NotFoundPage } from "./NotFound";

type Tab = "posts" | "followers" | "following";
type Item = PostSummary | FollowCard;

const loadTab = async (id: string, tab: Tab, cursor: string | undefined): Promise<Page<Item>> => {
  const query = cursor ? { cursor } : {};
  const param = { id };
  if (tab === "followers") return call(api.users[":id"].followers.$get({ param, query }));
  if (tab === "following") return call(api.users[":id"].following.$get({ param, query }));
  return call(api.users[":id"].posts.$get({ param, query }));
};

/**
 * Nickname, bio and picture, all saved together by 저장: a picked picture is only previewed (a
 * local blob URL) until then, so 닫기 leaves the account exactly as it was.
 */
const ProfileEditor = ({ me, onDone }: { me: Me; onDone: () => void }) => {
  const [nickname, setNickname] = useState(me.nickname);
  const [bio, setBio] = useState(me.bio);
  const [photo, setPhoto] = useState<{ file: File; preview: string } | null>(null);
  const action = useAction();
  // Each preview URL is released once another picture replaces it or the editor closes.
  useEffect(() => {
    if (!photo) return;
    return () => URL.revokeObjectURL(photo.preview);
  }, [photo]);
  return (
    <form
      class="stack"
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(async () => {
          if (photo) setMe(await call(api.users.me.avatar.$put({ form: { file: photo.file } })));
          setMe(await call(api.users.me.$patch({ json: { nickname, bio } })));
          onDone();
        });
      }}
    >
      <label>
        {t("user.nickname")}
        <input
          value={nickname}
          maxLength={NICKNAME_MAX}
          required
          onInput={(e) => setNickname(e.currentTarget.value)}
        />
      </label>
      <label>
        {t("user.bio")}
        <textarea value={bio} maxLength={BIO_MAX} rows={3} onInput={(e) => setBio(e.currentTarget.value)} />
      </label>
      <fieldset>
        <legend>{t("user.photo")}</legend>
        <div class="photo-picker">
          {photo ? (
            <img
              class="avatar avatar-72"
              src={photo.preview}
              alt={t("user.photoPreview")}
              width={72}
              height={72}
            />
          ) : (
            <Avatar user={me} size={72} />
          )}
          <input
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif"
            aria-label={t("user.pickPhoto")}
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              if (file) setPhoto({ file, preview: URL.createObjectURL(file) });
            }}
          />
        </div>
      </fieldset>
      <FieldError message={action.error} />
      <div class="row-end">
        <button type="button" class="btn" onClick={onDone}>
          {t("common.close")}
        </button>
        <button type="submit" class="btn btn-primary" disabled={action.busy}>
          {t("common.save")}
        </button>
      </div>
    </form>
  );
};

/** `/@handle`: the same page as `/users/:id`, found by handle; any other one-segment path is NotFound. */
export const HandlePage = ({ handle }: { handle: string }) => {
  const at = handle.startsWith("@") ? handle.slice(1) : null;
  const found = useLoad(
    async () => (at ? await call(api.users["by-handle"][":handle"].$get({ param: { handle: at } })) : null),
    at ?? "",
  );
  if (!at) return <NotFoundPage />;
  if (found.loading && !found.data) return <Loading />;
  if (found.error) return <LoadError loaded={found} missing="notFound.user" />;
  return found.data ? <UserPage id={found.data.id} /> : null;
};

export const UserPage = ({ id }: { id: string }) => {
  const me = useStore(currentUser);
  const { query } = useLocation();
  const tab: Tab = query.tab === "followers" || query.tab === "following" ? query.tab : "posts";
  const profile = useLoad(
    async () => await call(api.users[":id"].$get({ param: { id } })),
    `${id}:${me?.id ?? ""}:${me?.nickname ?? ""}:${me?.avatarUrl ?? ""}`,
  );
  useTitle(profile.data?.nickname ?? t("user.fallbackTitle"));
  const list = useCursorList((cursor) => loadTab(id, tab, cursor), `${id}:${tab}`);
  const action = useAction();
  const [editing, setEditing] = useState(false);

  if (profile.loading && !profile.data) return <Loading />;
  if (profile.error) return <LoadError loaded={profile} missing="notFound.user" />;
  const data = profile.data;
  if (!data) return null;
  const own = me?.id === id;

  const requireLogin = () => {
    if (me) return false;
    navigate(loginUrl());
    return true;
  };
  const toggleFollow = () => {
    if (requireLogin()) return;
    void action.run(async () => {
      const next = data.isFollowing
        ? await call(api.users[":id"].follow.$delete({ param: { id } }))
        : await call(api.users[":id"].follow.$put({ param: { id } }));
      profile.setData(next);
    });
  };
  const toggleBlock = () => {
    if (requireLogin()) return;
    if (!data.isBlocked && !confirm(t("user.confirmBlock", { name: data.nickname }))) return;
    void action.run(async () => {
      if (data.isBlocked) await call(api.users[":id"].block.$delete({ param: { id } }));
      else await call(api.users[":id"].block.$put({ param: { id } }));
      profile.reload();
    });
  };
  const openChat = () => {
    if (requireLogin()) return;
    void action.run(async () => {
      const room = await call(api.chat.rooms.$post({ json: { userId: id } }));
      navigate(`/messages/${room.id}`);
    });
  };

  const base = `/users/${id}`;
  return (
    <div class="narrow">
      <section class="card profile" aria-labelledby="profile-name">
        <Avatar user={data} size={72} />
        <div class="profile-main">
          <h1 id="profile-name">{data.nickname}</h1>
          {data.bio ? <p class="profile-bio">{data.bio}</p> : <p class="muted">{t("user.noBio")}</p>}
          <p class="muted small">
            {[
              t("user.followerCount", { count: data.followerCount }),
              t("user.followingCount", { count: data.followingCount }),
              t("user.postCount", { count: data.postCount }),
              ...(data.isFollowedBy && !own ? [t("user.followsYou")] : []),
            ].join(" · ")}
          </p>
          <div class="profile-actions">
            {own ? (
              <button type="button" class="btn" onClick={() => setEditing(!editing)} aria-expanded={editing}>
                {t("user.editProfile")}
              </button>
            ) : (
              <>
                {!data.isBlocked && (
                  <button
                    type="button"
                    class={`btn ${data.isFollowing ? "" : "btn-primary"}`}
                    onClick={toggleFollow}
                    disabled={action.busy}
                    aria-pressed={data.isFollowing}
                  >
                    {data.isFollowing ? t("user.following") : t("user.follow")}
                  </button>
                )}
                {data.isFollowing && !data.isBlocked && (
                  <button type="button" class="btn" onClick={openChat} disabled={action.busy}>
                    {t("user.message")}
                  </button>
                )}
                <button
                  type="button"
                  class="btn btn-danger-outline"
                  onClick={toggleBlock}
                  disabled={action.busy}
                >
                  {data.isBlocked ? t("user.unblock") : t("user.block")}
                </button>
                <ReportButton target={{ type: "user", id }} authorId={id} />
              </>
            )}
          </div>
          <FieldError message={action.error} />
        </div>
      </section>
      {own && editing && me && (
        <section class="card" aria-label={t("user.editProfile")}>
          <ProfileEditor me={me} onDone={() => setEditing(false)} />
        </section>
      )}
      <ModeratorTools userId={id} />
      <ProfileAttendance userId={id} />
      <Tabs
        label={t("user.tabsLabel")}
        active={tab}
        items={[
          { id: "posts", label: t("user.tabs.posts"), href: base, count: data.postCount },
          {
            id: "followers",
            label: t("user.tabs.followers"),
            href: `${base}?tab=followers`,
            count: data.followerCount,
          },
          {
            id: "following",
            label: t("user.tabs.following"),
            href: `${base}?tab=following`,
            count: data.followingCount,
          },
        ]}
      />
      {list.error && <ErrorBox message={list.error} />}
      {!list.loading && !list.error && list.items.length === 0 && (
        <Empty>{tab === "posts" ? t("user.noPosts") : t("user.nobody")}</Empty>
      )}
      {tab === "posts" ? (
        <PostList posts={list.items.filter(isPostSummary)} />
      ) : (
        <UserList users={list.items.filter(isUserCard)} />
      )}
      <ListFoot list={list} />
    </div>
  );
};
