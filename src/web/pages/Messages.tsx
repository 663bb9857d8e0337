import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { MESSAGE_BODY_MAX } from "../../shared/limits";
import { api, call } from "../api/client";
import { RoomSession, type RoomSession as RoomSessionType } from "../api/room-session";
import { loadRooms, loadRoomsShared, rooms } from "../api/rooms";
import { currentUser } from "../api/session";
import type { Message, Room } from "../api/types";
import { Avatar } from "../components/Avatar";
import { Icon } from "../components/Icon";
import { Markdown } from "../components/markdown/Markdown";
import { useMentionSuggestions } from "../components/markdown/mentions";
import { ReportButton } from "../components/ReportButton";
import { Empty, ErrorBox, FieldError, Loading } from "../components/States";
import { t } from "../i18n";
import { countLabel, dayKey, formatDay, formatRelative, formatTime } from "../lib/format";
import { navigate } from "../lib/nav";
import { useStore } from "../lib/store";
import { useTitle } from "../lib/title";
import { useAction, useLoad } from "../lib/use-load";
import { useVisualViewport } from "../lib/visual-viewport";

const roomName = (room: Room) =>
  room.kind === "direct" ? (room.peer?.nickname ?? t("messages.leftUser")) : room.title;

const NewChat = ({ onClose }: { onClose: () => void }) => {
  const candidates = useLoad(async () => (await call(api.chat.candidates.$get())).items, "candidates");
  const action = useAction();
  const open = (userId: string) =>
    action.run(async () => {
      const room = await call(api.chat.rooms.$post({ json: { userId } }));
      await loadRooms();
      onClose();
      navigate(`/messages/${room.id}`);
    });
  return (
    <div class="card new-chat" role="dialog" aria-label={t("messages.newChatDialog")}>
      <div class="page-head">
        <h2>{t("messages.newChat")}</h2>
        <button type="button" class="btn btn-small" onClick={onClose}>
          {t("common.close")}
        </button>
      </div>
      {candidates.loading && <Loading />}
      {candidates.error && <ErrorBox message={candidates.error} onRetry={candidates.reload} />}
      {candidates.data?.length === 0 && <Empty>{t("messages.noCandidates")}</Empty>}
      <ul class="plain-list">
        {candidates.data?.map((user) => (
          <li key={user.id}>
            <button type="button" class="room-item" onClick={() => void open(user.id)} disabled={action.busy}>
              <Avatar user={user} size={32} />
              <span>{user.nickname}</span>
            </button>
          </li>
        ))}
      </ul>
      <FieldError message={action.error} />
    </div>
  );
};

const RoomList = ({ activeId }: { activeId?: string }) => {
  const list = useStore(rooms);
  const [error, setError] = useState<string | null>(null);
  const [choosing, setChoosing] = useState(false);
  useEffect(() => {
    loadRoomsShared().catch((failure: Error) => setError(failure.message));
  }, []);
  return (
    <nav class={`room-list${activeId ? " has-active" : ""}`} aria-label={t("messages.roomList")}>
      <div class="page-head">
        <h1>{t("messages.title")}</h1>
        <button type="button" class="btn btn-small btn-primary" onClick={() => setChoosing(true)}>
          {t("messages.newChat")}
        </button>
      </div>
      {choosing && <NewChat onClose={() => setChoosing(false)} />}
      {error && <ErrorBox message={error} />}
      {!list && !error && <Loading />}
      {list?.length === 0 && <Empty>{t("messages.noRooms")}</Empty>}
      <ul class="plain-list">
        {list?.map((room) => (
          <li key={room.id}>
            <a
              href={`/messages/${room.id}`}
              class="room-item"
              aria-current={room.id === activeId ? "page" : undefined}
              data-testid="room-item"
            >
              {room.peer ? (
                <Avatar user={room.peer} size={40} />
              ) : (
                <span class="avatar avatar-group" aria-hidden="true">
                  <Icon name="users" />
                </span>
              )}
              <span class="room-item-main">
                <span class="room-item-top">
                  <strong>{roomName(room)}</strong>
                  {room.lastMessage && (
                    <time class="muted small" dateTime={room.lastMessage.createdAt}>
                      {formatRelative(room.lastMessage.createdAt)}
                    </time>
                  )}
                </span>
                <span class="muted small room-preview">
                  {room.lastMessage
                    ? room.lastMessage.deleted
                      ? t("messages.deletedPreview")
                      : room.lastMessage.body
                    : t("messages.noMessagesPreview")}
                </span>
              </span>
              {room.unreadCount > 0 && (
                <span class="count-badge">
                  <span aria-hidden="true">{countLabel(room.unreadCount)}</span>
                  <span class="sr-only">{t("header.unreadMessages", { count: room.unreadCount })}</span>
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
};

/** Messages from one sender within this long of each other form one group. */
const GROUP_GAP_MS = 5 * 60_000;

const sameGroup = (earlier: Message | undefined, later: Message | undefined) =>
  !!earlier &&
  !!later &&
  earlier.sender.id === later.sender.id &&
  dayKey(earlier.createdAt) === dayKey(later.createdAt) &&
  Date.parse(later.createdAt) - Date.parse(earlier.createdAt) < GROUP_GAP_MS;

/**
 * One message. Consecutive ones from the same sender are grouped: the avatar and name only on
 * the first (and never a name in a 1:1 room, where it is always the peer), the time on the last.
 */
const Bubble = ({
  message,
  mine,
  read,
  first,
  last,
  showName,
}: {
  message: Message;
  mine: boolean;
  read: boolean;
  first: boolean;
  last: boolean;
  showName: boolean;
}) => (
  <li class={`bubble-row${mine ? " mine" : ""}${first ? "" : " continued"}`} data-seq={message.seq}>
    {!mine && (first ? <Avatar user={message.sender} size={28} /> : <span class="avatar-spacer" />)}
    <div class="bubble-wrap">
      {!mine && first && showName && <span class="small muted">{message.sender.nickname}</span>}
      <div class={`bubble${message.deleted ? " deleted" : ""}`} data-testid="message">
        {message.deleted ? t("messages.deleted") : <Markdown source={message.body} breaks />}
      </div>
      {(last || read || message.editedAt) && (
        <span class="small muted bubble-meta">
          {read && <span class="read-mark">{t("messages.read")} </span>}
          <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
          {message.editedAt && ` · ${t("common.edited")}`}
        </span>
      )}
      {!mine && !message.deleted && (
        <ReportButton
          target={{ type: "message", id: message.id, roomId: message.roomId }}
          authorId={message.sender.id}
        />
      )}
    </div>
  </li>
);

const Conversation = ({ roomId, room }: { roomId: string; room: Room | undefined }) => {
  const me = useStore(currentUser);
  const [session, setSession] = useState<RoomSessionType | null>(null);
  // One session (one socket) per open room: created here, disposed when the room changes or closes.
  useEffect(() => {
    if (!me) return;
    const created = new RoomSession(roomId, me.id);
    setSession(created);
    return () => created.dispose();
  }, [roomId, me?.id]);
  if (!session || session.roomId !== roomId) return <Loading />;
  return <ConversationView key={roomId} session={session} room={room} />;
};

const ConversationView = ({ session, room }: { session: RoomSessionType; room: Room | undefined }) => {
  const me = useStore(currentUser);
  const state = useStore(session.state);
  const [draft, setDraft] = useState("");
  const mentions = useMentionSuggestions(draft, setDraft);
  const scroller = useRef<HTMLDivElement>(null);
  const composer = useRef<HTMLTextAreaElement>(null);
  const stickToBottom = useRef(true);
  const heightBeforeOlder = useRef<number | null>(null);
  const action = useAction();

  // Keep the view pinned to the newest message unless the reader scrolled up; keep the place when older ones load.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (heightBeforeOlder.current !== null) {
      element.scrollTop += element.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
    } else if (stickToBottom.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [state.messages, state.pending, state.typingUserIds]);

  // The composer has focus when a room opens, so one can type at once.
  useEffect(() => composer.current?.focus({ preventScroll: true }), []);

  // When the scroller shrinks (the keyboard opened, the composer grew), the newest message stays in view.
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      if (stickToBottom.current) element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 60;
    if (element.scrollTop < 40 && state.hasOlder && !state.loadingOlder) loadOlder();
  };
  const loadOlder = () => {
    heightBeforeOlder.current = scroller.current?.scrollHeight ?? null;
    void session.loadOlder();
  };

  const send = () => {
    const body = draft.trim();
    if (!body) return;
    stickToBottom.current = true;
    session.send(body);
    setDraft("");
  };

  const leave = () => {
    if (!confirm(t("messages.confirmLeave"))) return;
    void action.run(async () => {
      await call(api.chat.rooms[":id"].$delete({ param: { id: session.roomId } }));
      await loadRooms();
      navigate("/messages", true);
    });
  };

  const names = new Map<string, string>();
  for (const message of state.messages) names.set(message.sender.id, message.sender.nickname);
  if (room?.peer) names.set(room.peer.id, room.peer.nickname);
  const typing = state.typingUserIds.map((id) => names.get(id) ?? t("messages.someone"));
  const lastMine = [...state.messages].reverse().find((message) => message.sender.id === me?.id);

  let previousDay = "";
  return (
    <section
      class="conversation"
      aria-label={
        room ? t("messages.conversationWith", { name: roomName(room) }) : t("messages.conversation")
      }
    >
      <header class="conversation-head">
        <a href="/messages" class="back-link" aria-label={t("messages.backToList")}>
          ‹
        </a>
        <h2>{room ? roomName(room) : t("messages.conversation")}</h2>
        {state.connection !== "open" && !state.loading && (
          <span class="badge badge-warn" role="status">
            {state.connection === "offline" ? t("messages.offline") : t("messages.connecting")}
          </span>
        )}
        {room?.kind === "direct" && (
          <button type="button" class="btn btn-small" onClick={leave} disabled={action.busy}>
            {t("messages.leave")}
          </button>
        )}
        {room?.kind === "study" && room.studyId && (
          <a class="btn btn-small" href={`/studies/${room.studyId}`}>
            {t("messages.study")}
          </a>
        )}
      </header>
      <div class="messages-scroll" ref={scroller} onScroll={onScroll}>
        {state.hasOlder && (
          <button
            type="button"
            class="btn btn-small older-button"
            onClick={loadOlder}
            disabled={state.loadingOlder}
          >
            {state.loadingOlder ? t("common.loading") : t("messages.older")}
          </button>
        )}
        {state.loading && <Loading />}
        {state.error && <ErrorBox message={state.error} />}
        {!state.loading && state.messages.length === 0 && state.pending.length === 0 && (
          <Empty>{t("messages.first")}</Empty>
        )}
        <ol class="plain-list message-list" role="log" aria-live="polite" aria-label={t("messages.log")}>
          {state.messages.map((message, index) => {
            const day = dayKey(message.createdAt);
            const separator = day !== previousDay;
            previousDay = day;
            const mine = message.sender.id === me?.id;
            const first = !sameGroup(state.messages[index - 1], message);
            const last = !sameGroup(message, state.messages[index + 1]);
            return [
              separator && (
                <li key={`day-${day}`} class="day-separator">
                  <span>{formatDay(message.createdAt)}</span>
                </li>
              ),
              <Bubble
                key={message.seq}
                message={message}
                mine={mine}
                read={mine && message === lastMine && state.peerReadSeq >= message.seq}
                first={first}
                last={last}
                showName={room?.kind !== "direct"}
              />,
            ];
          })}
          {state.pending.map((pending) => (
            <li key={pending.clientId} class="bubble-row mine pending" data-status={pending.status}>
              <div class="bubble-wrap">
                <p class="bubble" data-testid="message">
                  {pending.body}
                </p>
                <span class="small muted bubble-meta">
                  {pending.status === "sending" ? (
                    t("messages.sending")
                  ) : (
                    <>
                      <span class="danger">{pending.error ?? t("messages.sendFailed")}</span>{" "}
                      <button
                        type="button"
                        class="link-button"
                        onClick={() => session.retry(pending.clientId)}
                      >
                        {t("messages.resend")}
                      </button>{" "}
                      <button
                        type="button"
                        class="link-button"
                        onClick={() => session.discard(pending.clientId)}
                      >
                        {t("common.cancel")}
                      </button>
                    </>
                  )}
                </span>
              </div>
            </li>
          ))}
        </ol>
        {typing.length > 0 && (
          <p class="typing muted small" aria-live="polite">
            {t("messages.typing", { names: typing.join(", "), count: typing.length })}
          </p>
        )}
      </div>
      <form
        class="composer"
        onSubmit={(event) => {
          event.preventDefault();
          send();
        }}
      >
        <label class="sr-only" for="composer-input">
          {t("messages.composer")}
        </label>
        <textarea
          ref={composer}
          id="composer-input"
          rows={1}
          value={draft}
          maxLength={MESSAGE_BODY_MAX}
          placeholder={t("messages.composer")}
          title={t("messages.composerHint")}
          onInput={(event) => {
            setDraft(event.currentTarget.value);
            mentions.track(event.currentTarget);
            session.typing();
          }}
          onKeyDown={(event) => {
            if (mentions.onKeyDown(event)) return;
            // Enter while a Korean syllable is still being composed only finishes the syllable.
            if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
            event.preventDefault();
            send();
          }}
        />
        <button type="submit" class="btn btn-primary" disabled={!draft.trim()}>
          {t("messages.send")}
        </button>
      </form>
      {mentions.list}
      <FieldError message={action.error} />
    </section>
  );
};

export const Messages = ({ roomId }: { roomId?: string }) => {
  const list = useStore(rooms);
  const room = list?.find((candidate) => candidate.id === roomId);
  const layout = useRef<HTMLDivElement>(null);
  useVisualViewport(layout);
  // An open room is full screen on a phone: the page behind it must not scroll (styles.css).
  useEffect(() => {
    if (!roomId) return;
    document.documentElement.classList.add("chat-open");
    return () => document.documentElement.classList.remove("chat-open");
  }, [roomId]);
  useTitle(room ? roomName(room) : t("messages.title"));
  return (
    <div class={`messages-layout${roomId ? " room-open" : ""}`} ref={layout}>
      <RoomList activeId={roomId} />
      {roomId ? (
        <Conversation roomId={roomId} room={room} />
      ) : (
        <div class="conversation conversation-empty">
          <Empty>{t("messages.pickRoom")}</Empty>
        </div>
      )}
    </div>
  );
};
