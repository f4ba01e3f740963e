/** Small integers for entity ids, so per-entity rule state lives in typed arrays (11,000 bikes stay compact). */
export class EntityIndex {
  private readonly byId = new Map<string, number>();
  readonly ids: string[] = [];

  indexOf(id: string): number {
    let index = this.byId.get(id);
    if (index === undefined) {
      index = this.ids.length;
      this.ids.push(id);
      this.byId.set(id, index);
    }
    return index;
  }

  find(id: string): number | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.ids.length;
  }
}
