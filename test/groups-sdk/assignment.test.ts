import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { partitionKey, planLeases, targets } from '../../sdk/src/consumer/assignment.js'
import type { PartitionRef } from '../../sdk/src/index.js'

const pool = (count: number): PartitionRef[] =>
  Array.from({ length: count }, (_, partition) => ({ topic: 't', partition }))
const ids = (count: number) => Array.from({ length: count }, (_, i) => `m${String(i).padStart(2, '0')}`)

/**
 * The service's part of the protocol, reduced to what decides outcomes: a lease is taken only if no
 * live lease covers it, and released only by its owner.
 */
function round(owners: Map<string, string>, members: string[], partitions: PartitionRef[], order: string[]) {
  for (const self of order) {
    const plan = planLeases({ self, members, partitions, owners })
    for (const p of plan.release) {
      expect(owners.get(partitionKey(p))).toBe(self)
      owners.delete(partitionKey(p))
    }
    for (const p of plan.take) if (!owners.has(partitionKey(p))) owners.set(partitionKey(p), self)
  }
}

const countsOf = (owners: Map<string, string>, members: string[]) =>
  members.map((m) => [...owners.values()].filter((owner) => owner === m).length)

describe('lease assignment (pure)', () => {
  it('targets add up to the partitions, differ by at most one, and top out at ceil(P / M)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 200 }), (m, p) => {
        const all = [...targets(ids(m), p).values()]
        expect(all.reduce((a, b) => a + b, 0)).toBe(p)
        expect(Math.max(...all)).toBe(Math.ceil(p / m))
        expect(Math.max(...all) - Math.min(...all)).toBeLessThanOrEqual(1)
      }),
    )
  })

  it('eight partitions: three members settle at 3/3/2 and a fourth makes it 2/2/2/2', () => {
    const partitions = pool(8)
    const owners = new Map<string, string>()
    const three = ids(3)
    for (let i = 0; i < 5; i++) round(owners, three, partitions, three)
    expect(countsOf(owners, three).sort()).toEqual([2, 3, 3])
    const four = ids(4)
    for (let i = 0; i < 10; i++) round(owners, four, partitions, four)
    expect(countsOf(owners, four)).toEqual([2, 2, 2, 2])
  })

  it('never takes a live lease, hands over at most one per round, and only the most loaded member does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: -1, max: 9 }), { maxLength: 40 }),
        (memberCount, partitionCount, ownerIndexes) => {
          const members = ids(memberCount)
          const partitions = pool(partitionCount)
          const owners = new Map<string, string>()
          partitions.forEach((p, i) => {
            const index = ownerIndexes[i] ?? -1
            // Indexes past the members stand for leases of members that are not live (still held).
            if (index >= 0)
              owners.set(partitionKey(p), index < memberCount ? (members[index] as string) : 'gone')
          })
          const releasers: string[] = []
          for (const self of members) {
            const plan = planLeases({ self, members, partitions, owners })
            for (const p of plan.take) expect(owners.has(partitionKey(p))).toBe(false)
            expect(plan.release.length).toBeLessThanOrEqual(1)
            for (const p of plan.release) expect(owners.get(partitionKey(p))).toBe(self)
            if (plan.release.length > 0) releasers.push(self)
            if (plan.release.length > 0) expect(plan.take).toEqual([])
          }
          expect(releasers.length).toBeLessThanOrEqual(1)
        },
      ),
    )
  })

  it('members that see the same group take disjoint partitions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.boolean()),
        (m, p, held) => {
          const members = ids(m)
          const partitions = pool(p)
          const owners = new Map<string, string>()
          partitions.forEach((partition, i) => {
            if (held[i]) owners.set(partitionKey(partition), members[i % m] as string)
          })
          const taken = members.flatMap((self) =>
            planLeases({ self, members, partitions, owners }).take.map(partitionKey),
          )
          expect(new Set(taken).size).toBe(taken.length)
        },
      ),
    )
  })

  it('from any start, in any order of members, the group converges to every partition owned at its targets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 40 }),
        fc.array(fc.integer({ min: -1, max: 7 }), { maxLength: 40 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
        (memberCount, partitionCount, ownerIndexes, shuffles) => {
          const members = ids(memberCount)
          const partitions = pool(partitionCount)
          const owners = new Map<string, string>()
          partitions.forEach((p, i) => {
            const index = ownerIndexes[i] ?? -1
            if (index >= 0 && index < memberCount) owners.set(partitionKey(p), members[index] as string)
          })
          // One hand-over per round: at most P rounds of moves, plus a few to settle.
          for (let r = 0; r < partitionCount + 3; r++) {
            const seed = shuffles[r % shuffles.length] as number
            const order = [...members].sort(
              (a, b) => ((a.charCodeAt(2) * seed) % 7) - ((b.charCodeAt(2) * seed) % 7),
            )
            round(owners, members, partitions, order)
          }
          expect(owners.size).toBe(partitionCount)
          const goal = targets(members, partitionCount)
          expect(countsOf(owners, members)).toEqual(members.map((m) => goal.get(m)))
          // Settled: nobody wants to move anything any more.
          for (const self of members)
            expect(planLeases({ self, members, partitions, owners })).toEqual({ take: [], release: [] })
        },
      ),
    )
  })

  it('a member whose session ran out no longer counts: its expired leases go to the others', () => {
    const partitions = pool(8)
    const owners = new Map<string, string>()
    const three = ids(3)
    for (let i = 0; i < 5; i++) round(owners, three, partitions, three)
    for (const [key, owner] of owners) if (owner === 'm02') owners.delete(key) // its leases expired
    const two = ['m00', 'm01']
    round(owners, two, partitions, two)
    expect(countsOf(owners, two)).toEqual([4, 4])
  })
})
