/**
 * Re-shapes the page's text each time web-font slices finish loading.
 *
 * The bundled Noto Sans SC comes as unicode-range slices that the browser fetches as text needs
 * them (fonts.css). Chromium (156, Debian's) keeps the shape of a word made while its slice was still loading,
 * for as long as the font description it was shaped with lives: on a PC whose only Latin face is a
 * metric alias of Arial (Liberation Sans) and which has no Chinese font, the English wall's
 * language switch "中文" (lang zh-CN, weight 600) and, on the Chinese pages, a few words such as
 * the nav's 大屏 or the console's 车队 stayed empty boxes after their slices had loaded, on new
 * elements too, and no relayout brought them back. A font description the page has not used yet
 * shapes afresh: a font-feature-settings entry that changes no glyph (an unknown feature tag,
 * switched off) gets a new tag on every `loadingdone`, so every word is shaped again with the
 * slices now at hand. A tag is never reused (an old description would bring its stale shapes back).
 *
 * The tag travels as the custom property --ub-font-reshape, which wall.css applies to every element:
 * inheriting font-feature-settings alone is not enough, since a `font` shorthand resets it (the map's
 * container sets one, so the map's place names kept their boxes).
 */
export interface FontLoadEvents {
  addEventListener(type: 'loadingdone', listener: () => void): void;
  removeEventListener(type: 'loadingdone', listener: () => void): void;
}

export interface FeatureSettingsTarget {
  style: { setProperty(name: string, value: string): void };
}

/** The custom property wall.css sets font-feature-settings from, on every element. */
export const RESHAPE_PROPERTY = '--ub-font-reshape';

/** 36^3 distinct tags: far more than the slices a page could ever load. */
const TAG_SPACE = 36 ** 3;

/** The n-th tag: 'u' and three base-36 digits, a tag no font defines. */
export function reshapeTag(n: number): string {
  return `u${(n % TAG_SPACE).toString(36).padStart(3, '0')}`;
}

/** Starts re-shaping `root`'s text after each round of font loads; returns the stop. */
export function reshapeTextOnFontLoad(root: FeatureSettingsTarget, fonts: FontLoadEvents): () => void {
  let round = 0;
  const onLoaded = () => {
    round += 1;
    root.style.setProperty(RESHAPE_PROPERTY, `"${reshapeTag(round)}" 0`);
  };
  fonts.addEventListener('loadingdone', onLoaded);
  return () => fonts.removeEventListener('loadingdone', onLoaded);
}
