import { Modal } from './modal';

/**
 * Asks before a view with unsaved work is left. In-app, not window.confirm: the native <dialog> of Modal
 * keeps the focus inside and the page behind inert. Enter confirms leaving (the Leave button has the
 * focus, and Enter anywhere else in the dialog does the same); Escape, the × button and "Stay" stay.
 */
export function LeaveDialog(props: { readonly title: string; readonly message: string; readonly leaveLabel: string; readonly onLeave: () => void; readonly onStay: () => void }) {
  return (
    <Modal title={props.title} onClose={props.onStay} testId="leave-dialog">
      <div
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || e.target instanceof HTMLButtonElement) return;
          e.preventDefault();
          props.onLeave();
        }}
      >
        <p id="leave-dialog-message">{props.message}</p>
        <div className="form-actions">
          <button type="button" onClick={props.onStay} data-testid="leave-stay">
            Stay
          </button>
          <button type="button" className="primary" onClick={props.onLeave} data-autofocus aria-describedby="leave-dialog-message" data-testid="leave-confirm">
            {props.leaveLabel}
          </button>
        </div>
      </div>
    </Modal>
  );
}
