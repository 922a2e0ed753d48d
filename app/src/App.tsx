// The lifecycle screen: header, the stage graph, the selected stage's pane, the help overlay.
import { StoreProvider } from './store/Store.tsx';
import { Header } from './components/Header.tsx';
import { HelpOverlay } from './components/HelpOverlay.tsx';
import { LifecycleGraph } from './graph/LifecycleGraph.tsx';
import { StagePane } from './panes/StagePane.tsx';
import { useShortcuts } from './hooks/use-shortcuts.ts';
import { LiveProvider } from './agent/LiveProvider.tsx';

function Screen() {
  useShortcuts();
  return (
    <div className="app">
      <Header />
      <LifecycleGraph />
      <StagePane />
      <HelpOverlay />
    </div>
  );
}

export function App() {
  return (
    <StoreProvider>
      <LiveProvider>
        <Screen />
      </LiveProvider>
    </StoreProvider>
  );
}
