import type { ComponentChildren } from 'preact'

interface Props {
  id: string
  label: ComponentChildren
  /** As typed: the form checks and converts it when it is sent. */
  value: string
  onInput: (value: string) => void
  min?: number
  max?: number
  /** False for a field that may stay empty (an offset left as it is). */
  required?: boolean
  placeholder?: string
  /** Said under the input, and read with it by screen readers. */
  help?: ComponentChildren
}

/** A labelled short number input of a form row. */
export function NumberField({
  id,
  label,
  value,
  onInput,
  min,
  max,
  required = true,
  placeholder,
  help,
}: Props) {
  const helpId = help === undefined ? undefined : `${id}-help`
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        required={required}
        class="short"
        placeholder={placeholder}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
        aria-describedby={helpId}
      />
      {help !== undefined && (
        <p id={helpId} class="help">
          {help}
        </p>
      )}
    </div>
  )
}
