// The console's keyboard: a dispatcher works the queue without the mouse. Shown in the page's legend.
export type ConsoleCommand = 'next' | 'previous' | 'acknowledge' | 'assign-first' | 'resolve' | 'open' | 'dismiss';

const COMMANDS: Record<string, ConsoleCommand> = {
  j: 'next',
  arrowdown: 'next',
  k: 'previous',
  arrowup: 'previous',
  a: 'acknowledge',
  s: 'assign-first',
  r: 'resolve',
  enter: 'open',
  escape: 'dismiss',
};

/** The keys in the legend's order, with the command each gives. */
export const KEY_LEGEND: readonly { keys: string[]; command: ConsoleCommand }[] = [
  { keys: ['J', '↓'], command: 'next' },
  { keys: ['K', '↑'], command: 'previous' },
  { keys: ['Enter'], command: 'open' },
  { keys: ['A'], command: 'acknowledge' },
  { keys: ['S'], command: 'assign-first' },
  { keys: ['R'], command: 'resolve' },
  { keys: ['Esc'], command: 'dismiss' },
];

interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Where the key was typed: a text field keeps its letters. */
  target: EventTarget | null;
}

function typingIn(target: EventTarget | null): boolean {
  const element = target as { tagName?: string; isContentEditable?: boolean } | null;
  const tag = element?.tagName?.toLowerCase();
  return tag === 'input' || tag === 'textarea' || tag === 'select' || element?.isContentEditable === true;
}

function onControl(target: EventTarget | null): boolean {
  const tag = (target as { tagName?: string } | null)?.tagName?.toLowerCase();
  return tag === 'button' || tag === 'a';
}

/** The command a key press gives, or null (a modifier held, a letter typed into a field, another key). */
export function consoleCommand(press: KeyPress): ConsoleCommand | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  const command = COMMANDS[press.key.toLowerCase()] ?? null;
  // Escape still leaves a field (closes the note); everything else is the field's.
  if (typingIn(press.target) && command !== 'dismiss') return null;
  // Enter on a button is the button's own click.
  if (command === 'open' && onControl(press.target)) return null;
  return command;
}
