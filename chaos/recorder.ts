import type { FaultKind, FinalRead, History, Op } from './history.js'

/** The history of a run as it is recorded: every client appends its ops as they complete. */
export class Recorder {
  readonly ops: Op[] = []
  readonly finalReads: FinalRead[] = []

  add(op: Op): void {
    this.ops.push(op)
  }

  fault(kind: FaultKind, phase: 'start' | 'stop', target: string, detail?: string): void {
    this.add({ type: 'fault', kind, phase, target, at: Date.now(), ...(detail ? { detail } : {}) })
  }

  history(extra: readonly Op[] = []): History {
    return { ops: [...this.ops, ...extra], finalReads: this.finalReads }
  }

  /** Records acknowledged so far, for progress lines. */
  ackedRecords(): number {
    let acked = 0
    for (const op of this.ops) if (op.type === 'send' && op.outcome === 'ok') acked += op.records.length
    return acked
  }
}
