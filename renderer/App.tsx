import type { EngineClient } from '../electron/engine/api';
import { MapView } from './map/MapView';
import { LayerPanel } from './panels/LayerPanel';
import { SensorPanel } from './panels/SensorPanel';
import { StatusBar } from './panels/StatusBar';
import { FeedBanner, TopBar, TransportBanner } from './panels/TopBar';

export function App({ client, platform }: { client: EngineClient; platform: string }) {
  return (
    <div className="app">
      <TopBar platform={platform} />
      <TransportBanner />
      <FeedBanner />
      <main className="main">
        <LayerPanel />
        <MapView />
        <SensorPanel client={client} />
      </main>
      <StatusBar />
    </div>
  );
}
