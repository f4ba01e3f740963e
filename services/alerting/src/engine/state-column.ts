type NumberArray = Float64Array | Int32Array | Uint8Array | Uint16Array;

/** A typed array that grows to the entity index it is asked to hold; reads beyond it give the fill value. */
export class StateColumn<A extends NumberArray = NumberArray> {
  private data: A;

  constructor(
    private readonly make: (length: number) => A,
    private readonly fill: number,
  ) {
    this.data = make(64);
    if (fill !== 0) this.data.fill(fill);
  }

  get(i: number): number {
    return i < this.data.length ? this.data[i]! : this.fill;
  }

  set(i: number, value: number): void {
    if (i >= this.data.length) this.grow(i);
    this.data[i] = value;
  }

  private grow(i: number): void {
    let length = this.data.length * 2;
    while (length <= i) length *= 2;
    const next = this.make(length);
    if (this.fill !== 0) next.fill(this.fill);
    next.set(this.data as never);
    this.data = next;
  }
}

export const float64Column = (fill = Number.NaN): StateColumn<Float64Array> => new StateColumn((n) => new Float64Array(n), fill);
export const int32Column = (fill = -1): StateColumn<Int32Array> => new StateColumn((n) => new Int32Array(n), fill);
export const uint8Column = (fill = 0): StateColumn<Uint8Array> => new StateColumn((n) => new Uint8Array(n), fill);
