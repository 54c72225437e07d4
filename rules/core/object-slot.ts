/**
 * A value computed once per object and kept on the object itself, under a private symbol (not enumerable: spreads,
 * `JSON.stringify` and key walks never see it).
 *
 * Why not a module-level `WeakMap`: V8's young-generation collector keeps the entries of a WeakMap that has moved to
 * the old generation alive, so every parsed document, pod spec and instruction a rule had looked at was promoted to
 * the old generation and left for the expensive full collections. Over the benchmark corpus that was about 90 MB of
 * parse trees promoted for nothing; kept on the object, they die young with the file they belong to.
 */
export class ObjectSlot<K extends object, V> {
  private readonly key: symbol;

  constructor(description: string) {
    this.key = Symbol(description);
  }

  get(object: K): V | undefined {
    return (object as Record<symbol, V | undefined>)[this.key];
  }

  set(object: K, value: V): void {
    if (Object.prototype.hasOwnProperty.call(object, this.key)) (object as Record<symbol, V>)[this.key] = value;
    else Object.defineProperty(object, this.key, { value, writable: true, enumerable: false, configurable: true });
  }
}
