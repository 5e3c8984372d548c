import { useState } from 'react';
import type { EngineClient } from '../electron/engine/api';
import { AlarmKeyboard } from './alarms/AlarmKeyboard';
import { FloodBanner } from './alarms/FloodBanner';
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
import { useAppStore } from './store';

export function App({ client, platform }: { client: EngineClient; platform: string }) {
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
          <Drawer client={client} />
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
