import { useId } from 'preact/hooks'
import { RETENTION_UNITS } from '../../lib/format.js'

export interface RetentionValue {
  forever: boolean
  amount: string
  unitMs: number
}

/** A retention as a person enters it: an amount and a unit, or forever. */
export function retentionFrom(retentionMs: number): RetentionValue {
  if (retentionMs === -1) return { forever: true, amount: '7', unitMs: 86_400_000 }
  const unit = [...RETENTION_UNITS].reverse().find((u) => retentionMs % u.ms === 0) ?? RETENTION_UNITS[0]
  return { forever: false, amount: String(retentionMs / unit.ms), unitMs: unit.ms }
}

/** The retention in ms (-1 for forever), or `undefined` while the amount is not a positive number. */
export function retentionMs(value: RetentionValue): number | undefined {
  if (value.forever) return -1
  const amount = Number(value.amount)
  return amount > 0 ? Math.round(amount * value.unitMs) : undefined
}

export function RetentionInput({
  value,
  onChange,
}: {
  value: RetentionValue
  onChange: (v: RetentionValue) => void
}) {
  const id = useId()
  return (
    <fieldset class="field bare">
      <legend>Retention</legend>
      <div class="inline-controls">
        <label class="visually-hidden" for={`${id}-amount`}>
          Retention amount
        </label>
        <input
          id={`${id}-amount`}
          type="number"
          min="0"
          step="any"
          class="short"
          value={value.amount}
          disabled={value.forever}
          onInput={(e) => onChange({ ...value, amount: e.currentTarget.value })}
        />
        <label class="visually-hidden" for={`${id}-unit`}>
          Retention unit
        </label>
        <select
          id={`${id}-unit`}
          value={String(value.unitMs)}
          disabled={value.forever}
          onChange={(e) => onChange({ ...value, unitMs: Number(e.currentTarget.value) })}
        >
          {RETENTION_UNITS.map((u) => (
            <option key={u.label} value={String(u.ms)}>
              {u.label}
            </option>
          ))}
        </select>
        <label class="check">
          <input
            type="checkbox"
            checked={value.forever}
            onChange={(e) => onChange({ ...value, forever: e.currentTarget.checked })}
          />
          forever
        </label>
      </div>
    </fieldset>
  )
}
