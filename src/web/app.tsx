import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { LocationProvider, lazy, Route, Router, useLocation } from "preact-iso";
import { connectInboxToSession } from "./api/inbox";
import { currentUser, sessionReady } from "./api/session";
import { Header } from "./components/Header";
import { Loading } from "./components/States";
import { SuspensionBanner } from "./components/SuspensionBanner";
import { TabBar } from "./components/TabBar";
import { Toasts } from "./components/Toasts";
import { locale, t } from "./i18n";
import { inSection, loginUrl, navigate } from "./lib/nav";
import { useStore } from "./lib/store";
import { Feed } from "./pages/Feed";

/** Pages for signed-in people: wait for the session restore, then send strangers to /login. */
const RequireAuth = ({ children }: { children: ComponentChildren }) => {
  const me = useStore(currentUser);
  const ready = useStore(sessionReady);
  const { url } = useLocation();
  useEffect(() => {
    if (ready && !me) navigate(loginUrl(url), true);
  }, [ready, me, url]);
  if (!me) return <Loading label={t("common.checkingLogin")} />;
  return <>{children}</>;
};

const authed =
  <P extends object>(Page: (props: P) => preact.JSX.Element | null) =>
  (props: P) => (
    <RequireAuth>
      <Page {...props} />
    </RequireAuth>
  );

// The feed is the first page most visits see, so it is in the first load; every other page is its
// own chunk, fetched when its route is first visited. The route's component must itself be the
// lazy one (preact-iso's router waits for it), so private pages are wrapped inside the chunk's promise.
const Login = lazy(() => import("./pages/Auth").then((page) => page.Login));
const Signup = lazy(() => import("./pages/Auth").then((page) => page.Signup));
const NotFound = lazy(() => import("./pages/NotFound").then((page) => page.NotFound));
const PostDetail = lazy(() => import("./pages/PostDetail").then((page) => page.PostDetail));
const SearchPage = lazy(() => import("./pages/Search").then((page) => page.SearchPage));
const Studies = lazy(() => import("./pages/Studies").then((page) => page.Studies));
const StudyDetailPage = lazy(() => import("./pages/StudyDetail").then((page) => page.StudyDetailPage));
const UserPage = lazy(() => import("./pages/User").then((page) => page.UserPage));
const HandlePage = lazy(() => import("./pages/User").then((page) => page.HandlePage));
const NewPost = lazy(() =>
  import("./pages/PostEditor").then(({ PostEditor }) => authed(() => <PostEditor />)),
);
const EditPost = lazy(() =>
  import("./pages/PostEditor").then(({ PostEditor }) =>
    authed(({ id }: { id: string }) => <PostEditor id={id} />),
  ),
);
const NewStudy = lazy(() => import("./pages/StudyForm").then(({ StudyForm }) => authed(() => <StudyForm />)));
const EditStudy = lazy(() =>
  import("./pages/StudyForm").then(({ StudyForm }) =>
    authed(({ id }: { id: string }) => <StudyForm id={id} />),
  ),
);
const SettingsPage = lazy(() => import("./pages/Settings").then((page) => authed(page.Settings)));
const MessagesPage = lazy(() =>
  import("./pages/Messages").then(({ Messages }) =>
    authed(({ roomId }: { roomId?: string }) => <Messages roomId={roomId} />),
  ),
);
const NotificationsPage = lazy(() =>
  import("./pages/Notifications").then((page) => authed(page.Notifications)),
);
const CalendarPage = lazy(() => import("./pages/Calendar").then((page) => authed(page.Calendar)));
const ModerationPage = lazy(() => import("./pages/Moderation").then((page) => authed(page.Moderation)));
// Issue 12: recovery pages, the dev outbox, and the banner (a chunk fetched only for an unverified account).
const VerifyEmail = lazy(() => import("./pages/Recovery").then((page) => page.VerifyEmail));
const ForgotPassword = lazy(() => import("./pages/Recovery").then((page) => page.ForgotPassword));
const ResetPassword = lazy(() => import("./pages/Recovery").then((page) => page.ResetPassword));
const DevMail = lazy(() => import("./pages/DevMail").then((page) => page.DevMail));
// Outside the router, so imported by hand rather than through `lazy` (which needs the router's suspense).
// Not on /messages: that layout is exactly the viewport's height, and a banner above it would push
// the composer out of sight (the page cannot scroll there).
const Unverified = () => {
  const { path } = useLocation();
  const unverified = useStore(currentUser)?.emailVerified === false && !inSection(path, "/messages");
  const [Banner, setBanner] = useState<(() => preact.JSX.Element) | null>(null);
  useEffect(() => {
    if (unverified && !Banner)
      void import("./components/VerifyBanner")
        .then((part) => setBanner(() => part.VerifyBanner))
        .catch(() => undefined);
  }, [unverified, Banner]);
  return unverified && Banner ? <Banner /> : null;
};

// Issue 15: the chunk of the page being opened is fetched at once (main.tsx), not when the page first
// renders: a signed-in visit renders pages only after the session restore (refresh, then /users/me).
const chunks: [RegExp, { preload: () => Promise<unknown> }][] = [
  [/^\/messages(\/|$)/, MessagesPage],
  [/^\/notifications$/, NotificationsPage],
  [/^\/posts\/new$/, NewPost],
  [/^\/posts\/[^/]+$/, PostDetail],
  [/^\/studies$/, Studies],
  [/^\/studies\/new$/, NewStudy],
  [/^\/studies\/[^/]+$/, StudyDetailPage],
  [/^\/users\/[^/]+$/, UserPage],
  [/^\/@[^/]+$/, HandlePage],
  [/^\/settings$/, SettingsPage],
  [/^\/calendar$/, CalendarPage],
  [/^\/(verify-email|forgot-password|reset-password)$/, VerifyEmail],
  [/^\/dev\/mail$/, DevMail],
];
export const preloadPageChunk = (path: string) =>
  chunks
    .find(([pattern]) => pattern.test(path))?.[1]
    .preload()
    .catch(() => undefined);

/** Moves focus to the page's heading after navigation, so keyboard and screen-reader users land there. */
const FocusOnRouteChange = () => {
  const { path } = useLocation();
  useEffect(() => {
    const main = document.getElementById("main");
    if (main && document.activeElement === document.body) main.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [path]);
  return null;
};

/** Pages load their data once the session is known, so they never show (and race) a signed-out view first. */
const Pages = () => {
  const ready = useStore(sessionReady);
  if (!ready) return <Loading />;
  return (
    <Router>
      <Route path="/" component={Feed} />
      <Route path="/login" component={Login} />
      <Route path="/signup" component={Signup} />
      <Route path="/posts/new" component={NewPost} />
      <Route path="/posts/:id/edit" component={EditPost} />
      <Route path="/posts/:id" component={PostDetail} />
      <Route path="/users/:id" component={UserPage} />
      <Route path="/settings" component={SettingsPage} />
      <Route path="/studies" component={Studies} />
      <Route path="/studies/new" component={NewStudy} />
      <Route path="/studies/:id/edit" component={EditStudy} />
      <Route path="/studies/:id" component={StudyDetailPage} />
      <Route path="/search" component={SearchPage} />
      <Route path="/messages" component={MessagesPage} />
      <Route path="/messages/:roomId" component={MessagesPage} />
      <Route path="/notifications" component={NotificationsPage} />
      <Route path="/calendar" component={CalendarPage} />
      <Route path="/moderation" component={ModerationPage} />
      <Route path="/verify-email" component={VerifyEmail} />
      <Route path="/forgot-password" component={ForgotPassword} />
      <Route path="/reset-password" component={ResetPassword} />
      <Route path="/dev/mail" component={DevMail} />
      {/* `/@handle` (issue 14): one segment, so after every fixed route; others answer NotFound. */}
      <Route path="/:handle" component={HandlePage} />
      <Route default component={NotFound} />
    </Router>
  );
};

export const App = () => {
  // A language switch re-renders the header here and remounts the page (the router memoises it):
  // texts held in page state, such as a shown error, are then rebuilt in the new language.
  const language = useStore(locale);
  // The session restore starts in main.tsx, before the first render.
  useEffect(() => connectInboxToSession(), []);
  return (
    <LocationProvider>
      <a class="skip-link" href="#main">
        {t("app.skipLink")}
      </a>
      <Header />
      <FocusOnRouteChange />
      <main id="main" tabIndex={-1}>
        <SuspensionBanner />
        <Unverified />
        <Pages key={language} />
      </main>
      <TabBar />
      <Toasts />
    </LocationProvider>
  );
};
