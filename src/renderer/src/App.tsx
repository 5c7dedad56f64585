// The window: left navigation plus one screen at a time; owns the account, picked stream, settings and broadcast state.

import { useEffect, useRef, useState, type JSX } from 'react';
import type { AccountStatus, SrtCompanionApi } from '../../shared/ipcContract';
import type { StreamView } from '../../shared/streams';
import { Notice } from './components/Notice';
import { OnAirBar } from './components/OnAirBar';
import { SideNav, type ScreenId } from './components/SideNav';
import { useAlertSound } from './hooks/useAlertSound';
import { isBroadcastRunning, useBroadcast } from './hooks/useBroadcast';
import { useBroadcastSettings } from './hooks/useBroadcastSettings';
import { useDoctor } from './hooks/useDoctor';
import { useReturnToLiveScreen } from './hooks/useReturnToLiveScreen';
import { AccountScreen } from './screens/AccountScreen';
import { BroadcastScreen } from './screens/BroadcastScreen';
import { DiagnosticsScreen } from './screens/DiagnosticsScreen';
import { PullScreen } from './screens/PullScreen';
import { RehearsalScreen } from './screens/RehearsalScreen';
import { StreamsScreen } from './screens/StreamsScreen';

export interface AppProps {
  /** The bridge to main: `window.srtCompanion` in Electron, a fake in tests, an HTTP bridge in the browser e2e. */
  api: SrtCompanionApi;
  /** Screen shown first (default: Account, or the running broadcast's screen after a reload). */
  initialScreen?: ScreenId;
}

export function App({ api, initialScreen }: AppProps): JSX.Element {
  const [screen, setScreen] = useState<ScreenId>(initialScreen ?? 'account');
  const [account, setAccount] = useState<AccountStatus | null>(null);
  const [accountError, setAccountError] = useState<string | null>(null);
  const [stream, setStream] = useState<StreamView | null>(null);
  const broadcast = useBroadcast(api);
  const settings = useBroadcastSettings(api);
  const doctor = useDoctor(api);
  useAlertSound(api, settings.settings.alerts);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    let mounted = true;
    void api.accountStatus().then((r) => {
      if (!mounted) return;
      if (r.ok) setAccount(r.value);
      else setAccountError(r.message);
    });
    return () => {
      mounted = false;
    };
  }, [api]);

  useEffect(() => {
    // Keyboard users land on the new screen's content instead of staying in the menu.
    if (firstRender.current) firstRender.current = false;
    else mainRef.current?.focus();
  }, [screen]);

  const onAccountChange = (status: AccountStatus): void => {
    setAccount(status);
    setAccountError(null);
    if (!status.signedIn) setStream(null);
  };

  const signedIn = account?.signedIn === true;
  const running = isBroadcastRunning(broadcast.status);
  const liveScreen: ScreenId | null = !running ? null : broadcast.status?.config?.target.kind === 'local' ? 'rehearsal' : 'broadcast';
  useReturnToLiveScreen({ api, status: broadcast.status, liveScreen, show: setScreen, stream, onStream: setStream, enabled: initialScreen === undefined });
  const probe = doctor.report?.ffmpeg.ok === true ? doctor.report.ffmpeg.value : null;
  const devices = doctor.report?.devices ?? null;

  return (
    <div className="app">
      <SideNav current={screen} onSelect={setScreen} signedIn={account?.signedIn ?? null} liveScreen={liveScreen} onAir={broadcast.status?.state === 'live'} />
      <main ref={mainRef} tabIndex={-1} className="content">
        <OnAirBar broadcast={broadcast} />
        {accountError !== null ? <Notice kind="error">{accountError}</Notice> : null}
        {settings.error !== null ? <Notice kind="error">Settings: {settings.error}</Notice> : null}
        {settings.notice !== null ? <Notice kind="warning">{settings.notice}</Notice> : null}
        {screen === 'account' ? <AccountScreen api={api} account={account} onAccountChange={onAccountChange} /> : null}
        {screen === 'streams' ? <StreamsScreen api={api} signedIn={signedIn} selected={stream} onSelect={setStream} /> : null}
        {screen === 'broadcast' ? (
          <BroadcastScreen
            api={api}
            broadcast={broadcast}
            settings={settings.settings}
            updateSettings={settings.update}
            probe={probe}
            devices={devices}
            signedIn={signedIn}
            stream={stream}
            onStreamChange={setStream}
          />
        ) : null}
        {screen === 'rehearsal' ? (
          <RehearsalScreen broadcast={broadcast} settings={settings.settings} updateSettings={settings.update} probe={probe} devices={devices} files={api} />
        ) : null}
        {screen === 'pull' ? <PullScreen api={api} signedIn={signedIn} stream={stream} onStreamChange={setStream} /> : null}
        {screen === 'diagnostics' ? <DiagnosticsScreen api={api} doctor={doctor} account={account} onAccountChange={onAccountChange} /> : null}
      </main>
    </div>
  );
}
