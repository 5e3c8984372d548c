import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectEngine } from './platform';
import { appStore, startSettingsPersistence } from './store';
import { startReplayDriver } from './replay/driver';
import { startSync } from './store/sync';
import { rememberedUser } from './panels/SessionControl';
import { installTestHooks } from './testHooks';
import { onLanguageChange, startLanguageSync } from './i18n/i18n';
import { localizeType } from './i18n/typeWords';
import { SensorTypeRegistry } from '../electron/shared/sensor-types/registry';

installTestHooks(appStore);
startSettingsPersistence(appStore);
// The shipped types' words follow the language (renderer/i18n/typeWords.ts): the registry is rebuilt on a change.
onLanguageChange(() => {
  const { types } = appStore.getState();
  appStore.setState({ registry: SensorTypeRegistry.from(types.map((t) => localizeType(t))) });
});
startLanguageSync(appStore);
const client = connectEngine();
startSync(client, appStore, { rememberedUser });
startReplayDriver(client, appStore);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(<App client={client} platform={client.platform} />);
