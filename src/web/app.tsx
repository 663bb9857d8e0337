import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { LocationProvider, Route, Router, useLocation } from "preact-iso";
import { restoreSession } from "./api/auth";
import { connectInboxToSession } from "./api/inbox";
import { currentUser, sessionReady } from "./api/session";
import { Header } from "./components/Header";
import { Loading } from "./components/States";
import { Toasts } from "./components/Toasts";
import { locale, t } from "./i18n";
import { loginUrl, navigate } from "./lib/nav";
import { useStore } from "./lib/store";
import { Login, Signup } from "./pages/Auth";
import { Feed } from "./pages/Feed";
import { Messages } from "./pages/Messages";
import { NotFound } from "./pages/NotFound";
import { Notifications } from "./pages/Notifications";
import { PostDetail } from "./pages/PostDetail";
import { PostEditor } from "./pages/PostEditor";
import { SearchPage } from "./pages/Search";
import { Settings } from "./pages/Settings";
import { Studies } from "./pages/Studies";
import { StudyDetailPage } from "./pages/StudyDetail";
import { StudyForm } from "./pages/StudyForm";
import { UserPage } from "./pages/User";

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

const NewPost = authed(() => <PostEditor />);
const EditPost = authed(({ id }: { id: string }) => <PostEditor id={id} />);
const NewStudy = authed(() => <StudyForm />);
const EditStudy = authed(({ id }: { id: string }) => <StudyForm id={id} />);
const SettingsPage = authed(Settings);
const MessagesPage = authed(({ roomId }: { roomId?: string }) => <Messages roomId={roomId} />);
const NotificationsPage = authed(Notifications);

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
      <Route default component={NotFound} />
    </Router>
  );
};

export const App = () => {
  // A language switch re-renders the header here and remounts the page (the router memoises it):
  // texts held in page state, such as a shown error, are then rebuilt in the new language.
  const language = useStore(locale);
  useEffect(() => {
    const stop = connectInboxToSession();
    void restoreSession();
    return stop;
  }, []);
  return (
    <LocationProvider>
      <a class="skip-link" href="#main">
        {t("app.skipLink")}
      </a>
      <Header />
      <FocusOnRouteChange />
      <main id="main" tabIndex={-1}>
        <Pages key={language} />
      </main>
      <Toasts />
    </LocationProvider>
  );
};
