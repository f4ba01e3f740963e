import type { InjectionKey } from 'vue';
import type { RenderStats } from './live-debug-hook';
import type { LiveSocket } from './live-socket.type';
import type { LiveFrames } from './use-live-frames';

export const LIVE_FRAMES: InjectionKey<LiveFrames> = Symbol('live-frames');
// The shell's one socket to the gateway, for pages that ask it for more than frames (the console's alerts).
export const LIVE_SOCKET: InjectionKey<LiveSocket> = Symbol('live-socket');
export const RENDER_STATS: InjectionKey<RenderStats> = Symbol('render-stats');
