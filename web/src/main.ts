import 'maplibre-gl/dist/maplibre-gl.css';
import './styles/wall.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { useSessionStore } from './auth/session.store';
import { createAppRouter } from './shell/app-router';
import BootScreen from './shell/BootScreen.vue';
import { useLocaleStore } from './stores/locale.store';
import { reshapeTextOnFontLoad } from './styles/reshape-on-font-load';

// Chinese words shaped while their font slice was loading are shaped again once it has (see the module).
reshapeTextOnFontLoad(document.documentElement, document.fonts);

// The language first (address, stored choice, browser), then the session (a kiosk link is traded
// before anything else): no page renders before it knows who is signed in.
const pinia = createPinia();
useLocaleStore(pinia).init();
const session = useSessionStore(pinia);
const boot = createApp(BootScreen).use(pinia);
boot.mount('#app');
void session.start().then(() => {
  boot.unmount();
  createApp(App).use(pinia).use(createAppRouter(session)).mount('#app');
});
