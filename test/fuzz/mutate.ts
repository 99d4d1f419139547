/** Inputs for the fuzz targets: corpus entries mutated at random, and raw random bytes. */
import fc from 'fast-check';

type Mutation = { kind: 'flip'; at: number; bit: number } | { kind: 'set'; at: number; value: number } | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number } | { kind: 'cut'; at: number } | { kind: 'splice'; at: number; other: number; from: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.oneof(fc.constantFrom(0, 1, 0x3f, 0x40, 0x7f, 0x80, 0xc0, 0xff), fc.integer({ min: 0, max: 255 })) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), other: fc.nat(), from: fc.nat() }),
);

function apply(input: number[], change: Mutation, seeds: readonly Uint8Array[]): number[] {
  const at = input.length === 0 ? 0 : change.at % (input.length + 1);
  switch (change.kind) {
    case 'flip': if (at < input.length) input[at]! ^= 1 << change.bit; return input;
    case 'set': if (at < input.length) input[at] = change.value; return input;
    case 'insert': input.splice(at, 0, ...change.bytes); return input;
    case 'delete': input.splice(at, change.length); return input;
    case 'cut': return input.slice(0, at);
    case 'splice': {
      const other = seeds[change.other % seeds.length]!;
      return [...input.slice(0, at), ...other.slice(change.from % (other.length + 1))];
    }
  }
}

/** A corpus entry with 1..8 mutations, an entry as it is, or random bytes. */
export function fuzzInput(seeds: readonly Uint8Array[], maxRandomLength = 600): fc.Arbitrary<Uint8Array> {
  const mutated = fc.tuple(fc.nat(seeds.length - 1), fc.array(mutation, { minLength: 1, maxLength: 8 }))
    .map(([index, changes]) => Uint8Array.from(changes.reduce((bytes, change) => apply(bytes, change, seeds), [...seeds[index]!])));
  return fc.oneof(
    { weight: 8, arbitrary: mutated },
    { weight: 1, arbitrary: fc.nat(seeds.length - 1).map((index) => seeds[index]!) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: maxRandomLength }) },
  );
}
