// The confidential workstation (máy tính mật): the window once the person is known, in the
// build that keeps the sổ mật. It chooses between creating the store, unlocking it and its
// own shell, keeps the network warning on top of every screen, reports activity for the
// idle lock and goes back to the unlock screen whenever the store locks (itself, by the
// clerk, or found locked by a command). Nothing about the store goes to the WebView's
// storage: the last screen is remembered in memory only, and the window's title is the
// back end's.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { AppInfo } from "../bindings/AppInfo";
import type { NetworkState } from "../bindings/NetworkState";
import type { Person } from "../bindings/Person";
import type { Profile } from "../bindings/Profile";
import type { SecretSettings } from "../bindings/SecretSettings";
import type { SecretStatus } from "../bindings/SecretStatus";
import type { Settings } from "../bindings/Settings";
import type { Unit } from "../bindings/Unit";
import type { Unlock } from "../bindings/Unlock";
import { errorMessage } from "../errors";
import { t } from "../i18n";
import { networkStatus, onNetworkState, onSecretLocked, secretLock, secretStatus, secretTouch } from "../secretApi";
import { SessionContext, type Session } from "../session";
import "../styles/secret.css";
import { CreateScreen } from "./CreateScreen";
import { NetworkBanner } from "./NetworkBanner";
import { isLocked, SecretContext, type Secret } from "./SecretContext";
import { SecretShell, type SecretScreen } from "./SecretShell";
import { UnlockScreen } from "./UnlockScreen";

/** The network is asked again this often, besides the back end's events. */
export const NETWORK_POLL_MS = 60_000;
/** Activity is reported to the idle lock at most this often. */
export const TOUCH_INTERVAL_MS = 30_000;
const ACTIVITY_EVENTS = ["keydown", "mousedown", "wheel", "touchstart"] as const;

type Props = {
  info: AppInfo;
  profile: Profile;
  units: Unit[];
  people: Person[];
  settings: Settings;
  /** secretStatus() as App found it (enabled). */
  status: SecretStatus;
};

export function ConfidentialApp(props: Props) {
  const { info, profile, units, people, settings } = props;
  const [status, setStatus] = useState(props.status);
  const [network, setNetwork] = useState<NetworkState>(props.status.network);
  const [open, setOpen] = useState(props.status.open);
  const [storeSettings, setStoreSettings] = useState<SecretSettings>(props.status.settings);
  const [note, setNote] = useState<string | null>(null);
  const [screen, setScreen] = useState<SecretScreen>("incoming");
  // The settings of the store as it was open: a locked store's status has only defaults.
  const settingsRef = useRef(storeSettings);
  settingsRef.current = storeSettings;

  // The window says which app this is, never what is open in it.
  useEffect(() => {
    document.title = t("secret.windowTitle");
  }, []);

  // The network check: pushed by the back end, and asked every minute in case an event is missed.
  useEffect(() => {
    let live = true;
    let unlisten: (() => void) | undefined;
    void onNetworkState((state) => {
      if (live) setNetwork(state);
    }).then((u) => {
      if (live) unlisten = u;
      else u();
    });
    const timer = window.setInterval(() => {
      networkStatus().then(
        (state) => live && setNetwork(state),
        () => {},
      );
    }, NETWORK_POLL_MS);
    return () => {
      live = false;
      unlisten?.();
      window.clearInterval(timer);
    };
  }, []);

  // The store locked itself when idle ("idle") or was locked ("manual").
  useEffect(() => {
    let live = true;
    let unlisten: (() => void) | undefined;
    void onSecretLocked((why) => {
      if (!live) return;
      setOpen(false);
      setNote(why === "idle" ? t("secret.locked.idle", { n: settingsRef.current.idle_lock_minutes }) : null);
    }).then((u) => {
      if (live) unlisten = u;
      else u();
    });
    return () => {
      live = false;
      unlisten?.();
    };
  }, []);

  const onLocked = useCallback((error?: unknown) => {
    setOpen(false);
    setNote(error === undefined ? null : errorMessage(error));
  }, []);

  const checkLocked = useCallback(
    (error: unknown) => {
      if (!isLocked(error)) return false;
      onLocked(error);
      return true;
    },
    [onLocked],
  );

  // The clerk's activity restarts the idle clock, reported at most every 30 s.
  useEffect(() => {
    if (!open) return;
    let last = -Infinity;
    function onActivity() {
      const now = Date.now();
      if (now - last < TOUCH_INTERVAL_MS) return;
      last = now;
      secretTouch().catch((error: unknown) => {
        checkLocked(error);
      });
    }
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { capture: true, passive: true });
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [open, checkLocked]);

  /** A status from the back end: open shows the shell, otherwise the lock screens. */
  const apply = useCallback((s: SecretStatus) => {
    setStatus(s);
    setNetwork(s.network);
    if (s.open) {
      setStoreSettings(s.settings);
      setNote(null);
    }
    setOpen(s.open);
  }, []);

  const created = useCallback(
    (how: Unlock) => {
      secretStatus().then(apply, () => {
        // The store was created open; only the answer about it is missing.
        setStatus((s) => ({ ...s, unlock: how, open: true }));
        setOpen(true);
      });
    },
    [apply],
  );

  const lock = useCallback(() => {
    setOpen(false);
    setNote(null);
    secretLock().catch(() => {
      // Locked anyway once idle; the screen no longer shows anything of the store.
    });
  }, []);

  const secret: Secret = useMemo(
    () => ({ settings: storeSettings, setSettings: setStoreSettings, today: info.today, units, onLocked, checkLocked }),
    [storeSettings, info.today, units, onLocked, checkLocked],
  );

  // The shared components (timeline, unit picker) read the ordinary session: the directory
  // and the person come from the ordinary database; navigation is the confidential shell's.
  const session: Session = useMemo(
    () => ({
      info,
      profile,
      units,
      people,
      settings,
      dataVersion: 0,
      screen: "dashboard",
      go: () => {},
      openTask: () => {},
      reload: () => {},
    }),
    [info, profile, units, people, settings],
  );

  let body;
  if (status.unlock === null) {
    body = <CreateScreen status={status} onCreated={created} />;
  } else if (!open) {
    body = <UnlockScreen status={status} note={note} onUnlocked={apply} />;
  } else {
    body = (
      <SecretContext.Provider value={secret}>
        <SecretShell
          info={info}
          profile={profile}
          network={network}
          idleMinutes={storeSettings.idle_lock_minutes}
          folder={status.folder}
          screen={screen}
          onScreen={setScreen}
          onLock={lock}
        />
      </SecretContext.Provider>
    );
  }

  return (
    <SessionContext.Provider value={session}>
      <div className="secret-app" data-testid="confidential-app">
        <NetworkBanner network={network} />
        {body}
      </div>
    </SessionContext.Provider>
  );
}
