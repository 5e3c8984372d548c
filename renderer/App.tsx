import { useEffect, useState } from 'react';
import type { EngineClient } from '../electron/engine/api';
import { AlarmKeyboard } from './alarms/AlarmKeyboard';
import { FloodBanner } from './alarms/FloodBanner';
import { startDrawerPersistence } from './layout/drawerPersistence';
import type { ScreenClass } from './layout/screenClass';
import { useScreenClass } from './layout/useScreenClass';
import { MapView } from './map/MapView';
import { Drawer } from './panels/Drawer';
import { LayerPanel } from './panels/LayerPanel';
import { PackBanner } from './panels/PackBanner';
import { SensorPanel } from './panels/SensorPanel';
import { StatusBar } from './panels/StatusBar';
import { CacheBanner, FeedBanner, TopBar, TransportBanner } from './panels/TopBar';
import { ReplayFrame } from './replay/ReplayFrame';
import { TimelineStrip } from './replay/TimelineStrip';
import { RuleEditor } from './rules/RuleEditor';
import { SourcesPanel } from './sources/SourcesPanel';
import { appStore, useAppStore } from './store';
import { WallLayout } from './wall/WallLayout';

/** The desk, laid out for the screen class (renderer/layout/): the operator's desk, or the read-only wall. */
export function App({ client, platform }: { client: EngineClient; platform: string }) {
  const screen = useScreenClass();
  useEffect(() => startDrawerPersistence(appStore), []);
  return screen === 'wall' ? <WallLayout /> : <Desk client={client} platform={platform} screen={screen} />;
}

function Desk({ client, platform, screen }: { client: EngineClient; platform: string; screen: Exclude<ScreenClass, 'wall'> }) {
  const editing = useAppStore((s) => s.editor !== null);
  const [sourcesOpen, setSourcesOpen] = useState(false);
  return (
    <div className="app">
      <TopBar platform={platform} client={client} onSources={() => setSourcesOpen(true)} />
      <TransportBanner />
      <PackBanner />
      <FeedBanner />
      <CacheBanner />
      <FloodBanner />
      <div className="workspace">
        <div className="center">
          <main className="main">
            <LayerPanel />
            <MapView />
          </main>
          <Drawer client={client} screen={screen} />
        </div>
        {editing ? <RuleEditor client={client} /> : <SensorPanel client={client} />}
      </div>
      <TimelineStrip client={client} />
      <StatusBar />
      <ReplayFrame client={client} />
      {sourcesOpen && <SourcesPanel client={client} onClose={() => setSourcesOpen(false)} />}
      <AlarmKeyboard client={client} />
    </div>
  );
}
