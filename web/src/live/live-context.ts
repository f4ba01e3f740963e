import type { InjectionKey } from 'vue';
import type { RenderStats } from './live-debug-hook';
import type { LiveFrames } from './use-live-frames';

export const LIVE_FRAMES: InjectionKey<LiveFrames> = Symbol('live-frames');
export const RENDER_STATS: InjectionKey<RenderStats> = Symbol('render-stats');
