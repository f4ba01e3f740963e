import type { Map as MaplibreMap } from 'maplibre-gl';
import type { InjectionKey, ShallowRef } from 'vue';

/** The map once its style has loaded; layer components add themselves then. */
export const CITY_MAP: InjectionKey<ShallowRef<MaplibreMap | null>> = Symbol('city-map');
/** 1 on a 1920 px wide screen, up to 2.5 on a 4K wall running at device pixel ratio 1. */
export const UI_SCALE: InjectionKey<ShallowRef<number>> = Symbol('ui-scale');

export const uiScaleFor = (widthPx: number): number => Math.min(2.5, Math.max(1, widthPx / 1920));
/** The trucks' trail length, ms (0: none); absent on the wall, which keeps one minute. Replay sets it. */
export const TRAIL_LENGTH_MS: InjectionKey<Readonly<ShallowRef<number>>> = Symbol('trail-length-ms');
