/**
 * The task ids this process has handled, newest kept: a task redelivered after a rebalance (or sent
 * twice) is recognised and ignored. Bounded, oldest forgotten first; dispatch tasks come a few an
 * hour, so the bound is days of them.
 */
export class SeenTaskIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  /** True the first time an id is offered, false after. */
  firstTime(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
    return true;
  }
}
