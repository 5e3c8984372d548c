import { useAppStore } from '../store';

export function TopBar({ platform }: { platform: string }) {
  const demo = useAppStore((s) => s.status?.demo ?? false);
  const feedName = useAppStore((s) => s.status?.feedName ?? '');
  return (
    <header className="top-bar">
      <span className="app-name">CityDesk</span>
      <span className="city">Aarhus live sensors</span>
      {demo && (
        <span className="demo-badge" data-testid="demo-badge" title="This feed replays recorded 2014 data: not live.">
          DEMO
        </span>
      )}
      <span className="spacer" />
      <span className="muted">{feedName}</span>
      <span className="platform muted">{platform}</span>
    </header>
  );
}

export function TransportBanner() {
  const transport = useAppStore((s) => s.transport);
  const error = useAppStore((s) => s.transportError);
  if (transport !== 'closed') return null;
  return (
    <div className="banner" role="alert" data-testid="transport-banner">
      Connection to the CityDesk engine is closed — reconnecting… Data on screen is frozen.
      {error && <span className="banner-detail"> ({error})</span>}
    </div>
  );
}
