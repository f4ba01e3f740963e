import { shallowRef, type ShallowRef } from 'vue';

// Bookmarks of instants with a note, kept in this browser's localStorage (per browser, not shared
// between engineers: the api has no store for them yet). Each keeps the whole address, so opening
// one restores the window, speed, layers and view too.
export interface ReplayBookmark {
  id: string;
  atMs: number;
  note: string;
  /** The replay page's address at the instant (path and query). */
  url: string;
  createdAtMs: number;
}

export const BOOKMARKS_KEY = 'ub.replay.bookmarks.v1';
const MAX_BOOKMARKS = 200;

export interface ReplayBookmarks {
  list: ShallowRef<ReplayBookmark[]>;
  add(bookmark: Omit<ReplayBookmark, 'id' | 'createdAtMs'>, nowMs?: number): ReplayBookmark;
  setNote(id: string, note: string): void;
  remove(id: string): void;
}

function read(storage: Pick<Storage, 'getItem'>): ReplayBookmark[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(BOOKMARKS_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (b): b is ReplayBookmark => typeof b === 'object' && b !== null && typeof b.id === 'string' && typeof b.atMs === 'number' && typeof b.note === 'string' && typeof b.url === 'string',
    );
  } catch {
    // A damaged entry (hand-edited, another version): start afresh rather than break the page.
    return [];
  }
}

export function useReplayBookmarks(storage: Pick<Storage, 'getItem' | 'setItem'> = window.localStorage): ReplayBookmarks {
  const list = shallowRef<ReplayBookmark[]>(read(storage));
  const save = (next: ReplayBookmark[]) => {
    list.value = next;
    storage.setItem(BOOKMARKS_KEY, JSON.stringify(next));
  };
  return {
    list,
    add(bookmark, nowMs = Date.now()) {
      const made: ReplayBookmark = { ...bookmark, id: `${nowMs.toString(36)}-${Math.random().toString(36).slice(2, 7)}`, createdAtMs: nowMs };
      save([...list.value, made].sort((a, b) => a.atMs - b.atMs).slice(-MAX_BOOKMARKS));
      return made;
    },
    setNote(id, note) {
      save(list.value.map((b) => (b.id === id ? { ...b, note } : b)));
    },
    remove(id) {
      save(list.value.filter((b) => b.id !== id));
    },
  };
}
