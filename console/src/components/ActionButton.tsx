import type { ComponentChildren } from 'preact'
import { useId } from 'preact/hooks'
import type { Permission } from '../api/permissions.js'

interface Props {
  /** What the key may do; while unknown the button waits, disabled. */
  permission: Permission | undefined
  onClick?: () => void
  type?: 'button' | 'submit'
  variant?: 'primary' | 'danger' | 'plain'
  busy?: boolean
  disabled?: boolean
  children: ComponentChildren
}

/** A button for an action the key may not be allowed: disabled with the API's reason shown beside it. */
export function ActionButton({
  permission,
  onClick,
  type = 'button',
  variant = 'plain',
  busy,
  disabled,
  children,
}: Props) {
  const reasonId = useId()
  const forbidden = permission?.allowed === false ? permission.reason : undefined
  return (
    <span class="action">
      <button
        type={type}
        class={`button ${variant}`}
        onClick={onClick}
        disabled={!permission?.allowed || busy || disabled}
        aria-describedby={forbidden ? reasonId : undefined}
        aria-busy={busy ? 'true' : undefined}
      >
        {children}
      </button>
      {forbidden && (
        <span id={reasonId} class="reason">
          {forbidden}
        </span>
      )}
    </span>
  )
}
